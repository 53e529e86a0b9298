"""The tables: which model validates each record folder, and the key each is joined on."""

from __future__ import annotations

from dataclasses import dataclass

from schema.agreements import Agreement
from schema.arms_deals import ArmsDeal
from schema.common import Strict
from schema.countries import CountryCrosswalk
from schema.sources import Source
from schema.visits import Visit


@dataclass(frozen=True)
class Table:
    name: str  # folder under records/, resource name in dist/
    singular: str  # prefix of child tables: agreement_parties
    model: type[Strict]
    key: str  # field that equals the file stem
    description: str


TABLES: tuple[Table, ...] = (
    Table("countries", "country", CountryCrosswalk, "code",
          "States: ISO 3166-1 countries and former states, with Correlates of War, Gleditsch–Ward and SIPRI crosswalks."),
    Table("sources", "source", Source, "id", "Published texts the records cite."),
    Table("visits", "visit", Visit, "id", "Official visits, delegations and dialogue rounds between states."),
    Table("agreements", "agreement", Agreement, "id", "Treaties, agreements, memoranda, loans and grants between states."),
    Table("arms_deals", "arms_deal", ArmsDeal, "id", "Transfers of major conventional weapons between states."),
)
BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
