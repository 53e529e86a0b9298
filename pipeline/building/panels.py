"""The declared scope as a table, and the dyad-year panels derived from it and the events.

A panel's count is a number only where the pair (or direction) and table are `systematic` for the whole
calendar year; elsewhere it is missing, never a false zero. An event counts in the year of the earliest
day its defining date allows (`event_date_earliest`; for a date with an open start such as `/2015`, the
year of its latest day), and only if it is of a kind the scope collects (visitor roles, agreement kinds,
weapon categories).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from pipeline.building.tables import Row, TableOut, _field
from schema.edtf import bounds
from schema.rules import event_date
from schema.scope import AgreementCoverage, Coverage, Gap, Scope, gap_years, on_claimed_occasion, period
from schema.vocab import (
    AgreementStage,
    Completeness,
    VisitorRole,
    VisitStatus,
    at_least,
)

LEADERS = frozenset({VisitorRole.head_of_state, VisitorRole.head_of_government})

# The panels' visit count per group of roles: a number wherever the pair's claim collects the group and no gap
# concerning the group touches the year, whatever other roles' gaps do (so leaders' years survive a minister's gap).
ROLE_COLUMNS: dict[str, tuple[frozenset[VisitorRole], str]] = {
    "leader_visits": (LEADERS, "heads of state or government"),
    "foreign_minister_visits": (frozenset({VisitorRole.foreign_minister}), "foreign ministers"),
    "defence_minister_visits": (frozenset({VisitorRole.defence_minister}), "defence ministers"),
    "military_chief_visits": (frozenset({VisitorRole.military_chief}), "military chiefs"),
}


def _year_of(value: str | None) -> int | None:
    if value is None:
        return None
    earliest, latest = bounds(value)
    day = earliest or latest
    return day.year if day else None


@dataclass(frozen=True)
class _Period:
    """The whole calendar years a coverage claims as systematic, less every year one of its gaps touches."""

    first: int | None
    last: int | None
    holes: frozenset[int] = frozenset()

    @classmethod
    def of(cls, coverage: Coverage | None, last_complete_year: int,
           roles: Iterable[VisitorRole] | None = None) -> _Period:
        """`roles`: count only the gaps that concern one of these visitor roles (all gaps if None)."""
        if coverage is None or coverage.completeness != Completeness.systematic:
            return cls(None, None)
        start, end = period(coverage, last_complete_year)
        if start is None or end is None:
            return cls(None, None)
        first = start.year if (start.month, start.day) == (1, 1) else start.year + 1
        last = min(end.year if (end.month, end.day) == (12, 31) else end.year - 1, last_complete_year)
        return cls(first, last, gap_years(coverage, roles))

    def __contains__(self, year: int) -> bool:
        return (self.first is not None and self.last is not None and self.first <= year <= self.last
                and year not in self.holes)


def claimed_years(coverage: Coverage | None, last_complete_year: int,
                  roles: Iterable[VisitorRole] | None = None) -> list[int]:
    """The years a claim holds complete: where the panels' counts are numbers, not missing; with `roles`, the
    years complete for those visitor roles (where `leader_visits` is a number though `visits` may not be)."""
    years = _Period.of(coverage, last_complete_year, roles)
    if years.first is None or years.last is None:
        return []
    return [y for y in range(years.first, years.last + 1) if y in years]


def _first_year(coverages: Iterable[Coverage | None]) -> int | None:
    years = [bounds(c.start).earliest.year for c in coverages if c is not None and bounds(c.start).earliest]
    return min(years, default=None)


def _arms_coverage(scope: Scope, supplier: str, recipient: str) -> Coverage | None:
    """The coverage of deals supplier → recipient: one naming the supplier, else one for every supplier."""
    named = [a for a in scope.arms_deals if a.recipient == recipient and a.supplier == supplier]
    anyone = [a for a in scope.arms_deals if a.recipient == recipient and a.supplier is None]
    return (named or anyone or [None])[0]


class _Counts:
    """Events per (from, to, year) — or per (pair, year) for agreements — of the kinds each coverage collects."""

    def __init__(self, scope: Scope, models: dict[str, list[BaseModel]]) -> None:
        self.visits: Counter[tuple[str, str, int]] = Counter()
        self.by_roles: dict[str, Counter[tuple[str, str, int]]] = {column: Counter() for column in ROLE_COLUMNS}
        pairs = {tuple(p.countries): p for p in scope.pairs}
        for v in models.get("visits", []):
            pair = pairs.get(tuple(sorted((v.from_country, v.to_country))))
            year = _year_of(event_date(v)[1]) if event_date(v) else None
            if pair is None or year is None or v.status != VisitStatus.completed:
                continue
            if v.visitor.role in pair.visits.roles:
                self.visits[v.from_country, v.to_country, year] += 1
                for column, (roles, _) in ROLE_COLUMNS.items():
                    if v.visitor.role in roles:
                        self.by_roles[column][v.from_country, v.to_country, year] += 1
        self.agreements: Counter[tuple[str, str, int]] = Counter()
        role_of = {v.id: v.visitor.role for v in models.get("visits", [])}
        for m in models.get("agreements", []):
            if not at_least(m.stage, AgreementStage.signed):
                continue
            year = _year_of(m.signed or m.in_force)
            countries = sorted({p.country for p in m.parties})
            for i, a in enumerate(countries):
                for b in countries[i + 1:]:
                    pair = pairs.get((a, b))
                    if pair is None or year is None or m.kind not in pair.agreements.kinds:
                        continue
                    if _claimed(pair.agreements, m, (a, b), role_of):
                        self.agreements[a, b, year] += 1
        self.orders: Counter[tuple[str, str, int]] = Counter()
        self.deliveries: Counter[tuple[str, str, int]] = Counter()
        for d in models.get("arms_deals", []):
            coverage = _arms_coverage(scope, d.supplier, d.recipient)
            if coverage is None or d.category not in coverage.categories:  # type: ignore[attr-defined]
                continue
            year = _year_of(d.ordered)
            if year is not None:
                self.orders[d.supplier, d.recipient, year] += 1
            for delivery in d.deliveries or []:
                year = _year_of(delivery.date)
                if year is not None:
                    self.deliveries[d.supplier, d.recipient, year] += 1


def _claimed(coverage: AgreementCoverage, agreement: Any, pair: tuple[str, str], role_of: dict[str, Any]) -> bool:
    """Whether an agreement of a collected kind falls under the claim: signed during a visit by one of
    `signed_during_roles`, and signed for both countries of the pair by one of `signatory_roles`, where given."""
    if not on_claimed_occasion(coverage, role_of.get(agreement.signed_during)):
        return False
    offices = coverage.signatory_roles
    if offices is not None:
        signatories = {p.country: p.signatory for p in agreement.parties}
        return all(signatories.get(country) in offices for country in pair)
    return True


def _only_if(inside: bool, count: int) -> int | None:
    return count if inside else None


def _pair_years(scope: Scope) -> Iterable[tuple[Any, int]]:
    for pair in scope.pairs:
        a, b = pair.countries
        first = _first_year([pair.visits, pair.agreements, _arms_coverage(scope, a, b), _arms_coverage(scope, b, a)])
        for year in range(first or scope.last_complete_year + 1, scope.last_complete_year + 1):
            yield pair, year


def _int(name: str, description: str) -> dict[str, Any]:
    out = _field(name, None, type_="integer", description=description)
    out["constraints"] = {"minimum": 0}
    return out


def _flag(name: str, description: str) -> dict[str, Any]:
    return _field(name, None, type_="boolean", required=True, description=description)


def _country(name: str, description: str) -> dict[str, Any]:
    out = _field(name, None, type_="string", required=True, description=description)
    out["constraints"]["pattern"] = "^[A-Z]{3}$"
    return out


_MISSING = " Missing (not zero) where the year is outside systematic coverage."
_YEAR = _field("year", None, type_="integer", required=True, description="Calendar year.")


def _role_fields() -> list[dict[str, Any]]:
    return [_int(column, f"Of those, visits by {who}. Missing (not zero) where the scope does not collect them or "
                 "their travel is not systematic for the year; a number where only other roles' gaps leave `visits` "
                 "missing.") for column, (_, who) in ROLE_COLUMNS.items()]


def _role_periods(pair: Any, last_complete_year: int) -> dict[str, _Period]:
    """Per role column, the years its roles are complete: none where the claim does not collect them."""
    out = {}
    for column, (roles, _) in ROLE_COLUMNS.items():
        collected = roles & set(pair.visits.roles)
        out[column] = _Period.of(pair.visits if collected else None, last_complete_year, collected)
    return out


def dyad_years(scope: Scope, models: dict[str, list[BaseModel]], counts: _Counts | None = None) -> TableOut:
    counts = counts or _Counts(scope, models)
    fields = [
        _country("country_a", "First country of the pair (alphabetical)."),
        _country("country_b", "Second country of the pair (alphabetical)."),
        _YEAR,
        _int("visits", "Completed visits between the two, both directions, by the roles the scope collects." + _MISSING),
        *_role_fields(),
        _int("agreements_signed", "Agreements between the two signed that year, of the kinds the scope claims (and, where the scope"
             " says so, signed during its visits or by its signatories); a text of three or more states counts for each"
             " pair among them." + _MISSING),
        _int("arms_orders_a_to_b", "Arms deals ordered that year with country_a supplying country_b." + _MISSING),
        _int("arms_orders_b_to_a", "Arms deals ordered that year with country_b supplying country_a." + _MISSING),
        _int("arms_deliveries_a_to_b", "Deliveries made that year, country_a to country_b (one per deal and "
             "delivery entry)." + _MISSING),
        _int("arms_deliveries_b_to_a", "Deliveries made that year, country_b to country_a." + _MISSING),
        _flag("visits_systematic", "True where visits of every role the scope collects are systematic for the whole "
              "year (a role's own column, `leader_visits` say, may be a number where this is false)."),
        _flag("agreements_systematic", "True where agreements are collected systematically for the whole year."),
        _flag("arms_a_to_b_systematic", "True where arms deals country_a → country_b are collected systematically."),
        _flag("arms_b_to_a_systematic", "True where arms deals country_b → country_a are collected systematically."),
    ]
    table = TableOut("dyad_years", "One row per pair in scope and calendar year: event counts, missing outside "
                     "systematic coverage.", fields, ["country_a", "country_b", "year"],
                     [_fk("country_a"), _fk("country_b")])
    for pair, year in _pair_years(scope):
        a, b = pair.countries
        visits = _Period.of(pair.visits, scope.last_complete_year)
        by_roles = _role_periods(pair, scope.last_complete_year)
        agreements = _Period.of(pair.agreements, scope.last_complete_year)
        ab = _Period.of(_arms_coverage(scope, a, b), scope.last_complete_year)
        ba = _Period.of(_arms_coverage(scope, b, a), scope.last_complete_year)
        row: Row = {
            "country_a": a, "country_b": b, "year": year,
            "visits": _only_if(year in visits, counts.visits[a, b, year] + counts.visits[b, a, year]),
            **{column: _only_if(year in years, counts.by_roles[column][a, b, year] + counts.by_roles[column][b, a, year])
               for column, years in by_roles.items()},
            "agreements_signed": _only_if(year in agreements, counts.agreements[a, b, year]),
            "arms_orders_a_to_b": _only_if(year in ab, counts.orders[a, b, year]),
            "arms_orders_b_to_a": _only_if(year in ba, counts.orders[b, a, year]),
            "arms_deliveries_a_to_b": _only_if(year in ab, counts.deliveries[a, b, year]),
            "arms_deliveries_b_to_a": _only_if(year in ba, counts.deliveries[b, a, year]),
            "visits_systematic": year in visits, "agreements_systematic": year in agreements,
            "arms_a_to_b_systematic": year in ab, "arms_b_to_a_systematic": year in ba,
        }
        table.rows.append(row)
    return table


def directed_dyad_years(scope: Scope, models: dict[str, list[BaseModel]], counts: _Counts | None = None) -> TableOut:
    counts = counts or _Counts(scope, models)
    fields = [
        _country("from_country", "Visiting country; for arms, the supplier."),
        _country("to_country", "Country visited; for arms, the recipient."),
        _YEAR,
        _int("visits", "Completed visits from → to, by the roles the scope collects." + _MISSING),
        *_role_fields(),
        _int("arms_orders", "Arms deals ordered that year, from supplying to." + _MISSING),
        _int("arms_deliveries", "Deliveries made that year, from supplying to (one per deal and delivery entry)." + _MISSING),
        _flag("visits_systematic", "True where visits of every role the scope collects are systematic for the whole "
              "year (a role's own column, `leader_visits` say, may be a number where this is false)."),
        _flag("arms_systematic", "True where arms deals from → to are collected systematically for the whole year."),
    ]
    table = TableOut("directed_dyad_years", "The dyad-year panel by direction: one row per ordered pair in scope "
                     "and calendar year.", fields, ["from_country", "to_country", "year"],
                     [_fk("from_country"), _fk("to_country")])
    rows = []
    for pair, year in _pair_years(scope):
        visits = _Period.of(pair.visits, scope.last_complete_year)
        by_roles = _role_periods(pair, scope.last_complete_year)
        for s, r in (pair.countries, pair.countries[::-1]):
            arms = _Period.of(_arms_coverage(scope, s, r), scope.last_complete_year)
            rows.append({
                "from_country": s, "to_country": r, "year": year,
                "visits": _only_if(year in visits, counts.visits[s, r, year]),
                **{column: _only_if(year in years, counts.by_roles[column][s, r, year])
                   for column, years in by_roles.items()},
                "arms_orders": _only_if(year in arms, counts.orders[s, r, year]),
                "arms_deliveries": _only_if(year in arms, counts.deliveries[s, r, year]),
                "visits_systematic": year in visits, "arms_systematic": year in arms,
            })
    table.rows = sorted(rows, key=lambda row: (row["from_country"], row["to_country"], row["year"]))
    return table


def _fk(column: str) -> dict[str, Any]:
    return {"fields": [column], "reference": {"resource": "countries", "fields": ["code"]}}


def tables(scope: Scope, models: dict[str, list[BaseModel]]) -> list[TableOut]:
    """scope and its gaps, dyad_years and directed_dyad_years, the two panels from one count of the events."""
    counts = _Counts(scope, models)
    return [scope_table(scope), scope_gaps(scope), dyad_years(scope, models, counts),
            directed_dyad_years(scope, models, counts)]


def _coverages(scope: Scope) -> list[tuple[str, dict[str, Any], Coverage, list[Any]]]:
    """(scope row id, where, coverage, what it collects), in row-id order: one per pair and table, and per arms
    recipient (or supplier → recipient)."""
    entries: list[tuple[str, dict[str, Any], Coverage, list[Any]]] = []
    for pair in scope.pairs:
        a, b = pair.countries
        entries.append((f"visits-{a}-{b}", {"table": "visits", "country_a": a, "country_b": b}, pair.visits,
                        pair.visits.roles))
        entries.append((f"agreements-{a}-{b}", {"table": "agreements", "country_a": a, "country_b": b},
                        pair.agreements, pair.agreements.kinds))
    for arms in scope.arms_deals:
        entries.append((f"arms_deals-{arms.supplier or 'any'}-{arms.recipient}",
                        {"table": "arms_deals", "supplier": arms.supplier, "recipient": arms.recipient},
                        arms, arms.categories))
    return sorted(entries, key=lambda e: e[0])


def scope_gaps(scope: Scope) -> TableOut:
    """The gaps of the systematic claims, one row each: the years they touch are out of the panels."""
    gap_fields = Gap.model_fields
    fields = [
        _field("scope_id", None, type_="string", required=True, description="The claim (scope row) with the gap."),
        _field("position", None, type_="integer", required=True, description="Order of the gap in the claim."),
        _field("start", None, type_="string", required=True, description=gap_fields["start"].description or ""),
        _field("start_earliest", None, type_="date", description="Earliest day 'start' allows (derived)."),
        _field("end", None, type_="string", required=True, description=gap_fields["end"].description or ""),
        _field("end_latest", None, type_="date", description="Latest day 'end' allows (derived)."),
        _field("why", None, type_="string", required=True, description=gap_fields["why"].description or ""),
        {"name": "roles", "type": "list", "delimiter": ";", "itemType": "string",
         "description": gap_fields["roles"].description or ""},
    ]
    fk = {"fields": ["scope_id"], "reference": {"resource": "scope", "fields": ["id"]}}
    table = TableOut("scope_gaps", "The stretches each systematic claim leaves open (records/scope.yaml `gaps`): "
                     "every calendar year a gap touches is out of the claim, and the panels' counts for it are "
                     "missing.", fields, ["scope_id", "position"], [fk])
    for key, _, coverage, _ in _coverages(scope):
        for position, gap in enumerate(coverage.gaps or []):
            table.rows.append({
                "scope_id": key, "position": position, "start": gap.start,
                "start_earliest": bounds(gap.start).earliest, "end": gap.end, "end_latest": bounds(gap.end).latest,
                "why": gap.why, "roles": [r.value for r in gap.roles] if gap.roles else None,
            })
    return table


def scope_table(scope: Scope) -> TableOut:
    """records/scope.yaml, one row per pair and table (and per recipient, or supplier → recipient, for arms)."""
    completeness = _field("completeness", None, type_="string", required=True,
                          description=Coverage.model_fields["completeness"].description or "")
    completeness["constraints"]["enum"] = [c.value for c in Completeness]
    listed = {"type": "list", "delimiter": ";", "itemType": "string"}
    fields = [
        _field("id", None, type_="string", required=True, description="Row key: table, then the countries."),
        _field("table", None, type_="string", required=True, description="The table covered."),
        _field("country_a", None, type_="string", description="Visits and agreements: first country of the pair."),
        _field("country_b", None, type_="string", description="Visits and agreements: second country of the pair."),
        _field("supplier", None, type_="string", description="Arms deals: the supplier; empty: every supplier."),
        _field("recipient", None, type_="string", description="Arms deals: the recipient."),
        completeness,
        _field("start", None, type_="string", required=True, description="First day of the period (EDTF)."),
        _field("start_earliest", None, type_="date", description="Earliest day 'start' allows (derived)."),
        _field("end", None, type_="string", description="Last day of the period (EDTF); empty: to the end of the "
               "last complete year."),
        _field("end_latest", None, type_="date", description="Last day covered (derived: 'end', or 31 December of "
               "the last complete year)."),
        {"name": "included", **listed, "description": "Visitor roles, agreement kinds or weapon categories collected."},
        {"name": "signed_during_roles", **listed,
         "description": AgreementCoverage.model_fields["signed_during_roles"].description or ""},
        {"name": "signatory_roles", **listed,
         "description": AgreementCoverage.model_fields["signatory_roles"].description or ""},
        _field("includes", None, type_="string", required=True, description="What the collection covers, in words."),
        {"name": "reference_lists", **listed, "description": "Source ids of the lists the records were checked against."},
        {"name": "evidence", **listed, "description": Coverage.model_fields["evidence"].description or ""},
        _field("notes", None, type_="string", description="Caveats: known gaps, how the lists were used."),
    ]
    table = TableOut("scope", "What the register claims to hold, per pair and table: the period, the completeness "
                     "reached and the reference lists (records/scope.yaml).", fields, ["id"], [])
    for key, where, coverage, included in _coverages(scope):
        row: Row = {f["name"]: None for f in fields}
        row.update(where, id=key, completeness=coverage.completeness.value, start=coverage.start,
                   start_earliest=period(coverage, scope.last_complete_year)[0], end=coverage.end,
                   end_latest=period(coverage, scope.last_complete_year)[1],
                   included=[v.value for v in included], includes=coverage.includes,
                   signed_during_roles=[r.value for r in getattr(coverage, "signed_during_roles", None) or []] or None,
                   signatory_roles=[r.value for r in getattr(coverage, "signatory_roles", None) or []] or None,
                   reference_lists=coverage.reference_lists, evidence=coverage.evidence, notes=coverage.notes)
        table.rows.append(row)
    return table
