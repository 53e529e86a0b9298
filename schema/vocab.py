"""Controlled vocabularies. Each is a StrEnum: the member's value is what a record writes.

Order matters where it is meaningful (statuses run from earliest to latest stage); the Table Schema
lists values in this order and the analyst loader turns them into ordered categoricals.
"""

from enum import StrEnum


class SourceKind(StrEnum):
    news_report = "news_report"
    analysis = "analysis"
    opinion = "opinion"
    blog = "blog"
    official_statement = "official_statement"
    press_release = "press_release"
    treaty_text = "treaty_text"
    book = "book"
    reference = "reference"
    dataset = "dataset"
    other = "other"


class SourceReliability(StrEnum):
    """How far a source can be trusted for facts; CONTRIBUTING.md says which publishers go where."""

    official = "official"  # governments, ministries, embassies, parliaments, intergovernmental bodies
    wire_agency = "wire_agency"  # Reuters, AP, AFP, PTI, Kyodo, Jiji …
    newspaper = "newspaper"  # established newspapers and broadcasters with an editorial desk
    trade_press = "trade_press"  # specialist defence and trade press (Janes, Defense News …)
    research = "research"  # research institutes, universities, reference datasets
    state_media = "state_media"  # state-run news outlets (Xinhua, TASS, APP …): facts of record only
    secondary = "secondary"  # other outlets: smaller sites, TV portals, magazines, republished wire copy
    weak = "weak"  # exam-preparation sites, aggregators, blogs, forums: finding aids, not sources


class TitleKind(StrEnum):
    """Where a source's title comes from, when the stored page showed no headline."""

    as_published = "as_published"
    from_address = "from_address"  # the words of the page's address
    descriptive = "descriptive"  # our own short description


class AgreementKind(StrEnum):
    treaty = "treaty"
    agreement = "agreement"
    mou = "mou"
    joint_statement = "joint_statement"
    declaration = "declaration"
    exchange_of_notes = "exchange_of_notes"
    protocol = "protocol"
    framework = "framework"
    contract = "contract"
    loan = "loan"
    grant = "grant"
    other = "other"


class Domain(StrEnum):
    defence = "defence"
    security = "security"
    counterterrorism = "counterterrorism"
    nuclear = "nuclear"
    space = "space"
    economic = "economic"
    trade = "trade"
    investment = "investment"
    infrastructure = "infrastructure"
    energy = "energy"
    development_aid = "development_aid"
    humanitarian = "humanitarian"
    labour_migration = "labour_migration"
    technology = "technology"
    resources = "resources"
    maritime = "maritime"
    diplomatic = "diplomatic"
    finance = "finance"
    education_culture = "education_culture"
    health = "health"


class AgreementStage(StrEnum):
    """The furthest stage an agreement reached, earliest first: `stage >= "signed"` means it was signed."""

    under_negotiation = "under_negotiation"
    agreed_in_principle = "agreed_in_principle"
    signed = "signed"
    in_force = "in_force"


class AgreementOutcome(StrEnum):
    """How an agreement stopped short or came to an end; no order. Empty: none known (it stands)."""

    stalled = "stalled"
    suspended = "suspended"
    cancelled = "cancelled"
    expired = "expired"
    terminated = "terminated"
    superseded = "superseded"


class Completeness(StrEnum):
    """How completely a pair and table were collected (records/scope.yaml)."""

    systematic = "systematic"
    partial = "partial"
    milestones_only = "milestones_only"


class PartyRole(StrEnum):
    party = "party"
    donor = "donor"
    recipient = "recipient"
    lender = "lender"
    borrower = "borrower"
    supplier = "supplier"
    purchaser = "purchaser"
    guarantor = "guarantor"


class VisitorRole(StrEnum):
    head_of_state = "head_of_state"
    head_of_government = "head_of_government"
    foreign_minister = "foreign_minister"
    defence_minister = "defence_minister"
    military_chief = "military_chief"
    minister = "minister"
    deputy_minister = "deputy_minister"
    national_security_adviser = "national_security_adviser"
    envoy = "envoy"
    official = "official"
    legislator = "legislator"
    delegation = "delegation"


class VisitKind(StrEnum):
    state = "state"
    official = "official"
    working = "working"
    dialogue = "dialogue"
    conference = "conference"
    summit = "summit"
    delegation = "delegation"
    other = "other"


class VisitStatus(StrEnum):
    """Whether a visit took place; no order (a cancelled visit is not 'further' than a planned one)."""

    planned = "planned"
    postponed = "postponed"
    cancelled = "cancelled"
    completed = "completed"


class ArmsCategory(StrEnum):
    """SIPRI's categories of major conventional weapons."""

    aircraft = "aircraft"
    air_defence = "air_defence"
    anti_submarine_weapons = "anti_submarine_weapons"  # SIPRI's ASW weapons: rocket launchers, depth charges
    armoured_vehicles = "armoured_vehicles"
    artillery = "artillery"
    engines = "engines"
    missiles = "missiles"
    naval_weapons = "naval_weapons"
    satellites = "satellites"
    sensors = "sensors"
    ships = "ships"
    other = "other"


class DealStage(StrEnum):
    """The furthest stage an arms deal reached, earliest to latest; how it ended is `DealOutcome`."""

    reported = "reported"
    negotiating = "negotiating"
    agreed = "agreed"
    ordered = "ordered"
    delivering = "delivering"
    delivered = "delivered"


class DealOutcome(StrEnum):
    """How a deal stopped short of delivery in full; unordered. A deal with none leaves it empty."""

    stalled = "stalled"
    cancelled = "cancelled"


class DealCondition(StrEnum):
    """Whether the items were new, as SIPRI's register states it."""

    new = "new"
    second_hand = "second_hand"
    second_hand_modernised = "second_hand_modernised"  # modernised before delivery


class DealChannel(StrEnum):
    government_to_government = "government_to_government"
    fms = "fms"
    commercial = "commercial"
    licensed_production = "licensed_production"  # produced or assembled in the recipient under licence
    aid = "aid"  # given or paid for by the supplier's aid (SIPRI's comment says 'aid')
    lease = "lease"  # leased, not bought
    unknown = "unknown"


# Enums whose order is a progression, so analysts can compare stages (stage >= "signed"). None may hold an
# outcome such as cancelled: an ordered comparison must mean what it says (a test checks the descriptor).
ORDERED_VOCABULARIES: frozenset[type[StrEnum]] = frozenset({AgreementStage, DealStage})


def at_least(value: StrEnum, stage: StrEnum) -> bool:
    """`value` is `stage` or later in its ordered vocabulary (StrEnums compare as text, not by order)."""
    members = list(type(stage))
    return members.index(value) >= members.index(stage)
