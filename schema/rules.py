"""Rules that no single field can check: across fields of a record, and across records.

Each rule takes valid records and yields problems located at the field at fault. The reader hands us
objects with `.table`, `.model`, `.path`, `.key`, `.problem(loc, message)` and, when it has them
already (from its cache), `.findings`.

Two kinds, kept apart so that a check after an edit redoes only what the edit can change:
- RECORD_RULES look at one record at a time. Their problems, with the record's foreign keys and cited
  sources, are its `Findings`: a function of the record's file alone, cached with its reading.
- ACROSS_RULES (ids unique, urls distinct, one class per site, references resolve, not only weak sources)
  need every record; they run in full each time, over the findings and a few fields of the sources.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel

from schema import reliability
from schema.edtf import bounds
from schema.introspect import shapes
from schema.scope import gap_years, on_claimed_occasion, period
from schema.types import known_country_codes
from schema.vocab import (
    AgreementOutcome,
    AgreementStage,
    Completeness,
    DealStage,
    SourceReliability,
    VisitStatus,
    at_least,
)

Loc = tuple[int | str, ...]
Rule = Callable[[list["RecordLike"]], Iterator[Any]]


class RecordLike(Protocol):
    table: Any
    model: Any
    path: str

    @property
    def key(self) -> str: ...

    def problem(self, loc: Loc, message: str) -> Any: ...


@dataclass(frozen=True)
class Findings:
    """What the rules learn from one record alone: cached with its reading, so an unchanged file
    costs the across-record rules a few lookups and nothing more."""

    problems: tuple[Any, ...]  # what RECORD_RULES found in it
    references: tuple[tuple[Loc, str, str], ...]  # (where, target table, id) of every foreign key
    targets: tuple[tuple[str, frozenset[str]], ...]  # the same ids by table: checked a set at a time
    cited: frozenset[str]  # the source ids an event cites


def findings_of(r: RecordLike) -> Findings:
    """The record's findings: the reader's cached ones, else worked out now."""
    known = getattr(r, "findings", None)
    return known if known is not None else record_findings(r)


def record_findings(r: RecordLike) -> Findings:
    one = [r]
    references = tuple(_references(r.model))  # before the rules: a rule's problem may build r.node
    by_table: dict[str, set[str]] = defaultdict(set)
    for _loc, table, value in references:
        by_table[table].add(value)
    return Findings(
        problems=tuple(problem for rule in _record_rules(r.table.name) for problem in rule(one)),
        references=references,
        targets=tuple((table, frozenset(ids)) for table, ids in sorted(by_table.items())),
        cited=frozenset(c.source for c in getattr(r.model, "sources", None) or ()),
    )


def only(*tables: str) -> Callable[[Rule], Rule]:
    """A one-record rule that has something to say only of these tables' records: it is not even
    called for the others (it filters them out anyway; this spares the calls)."""
    def mark(rule: Rule) -> Rule:
        rule.tables = tables  # type: ignore[attr-defined]
        return rule
    return mark


def _of(records: Iterable[RecordLike], table: str) -> Iterator[RecordLike]:
    return (r for r in records if r.table.name == table)


def key_is_file_name(records: list[RecordLike]) -> Iterator[Any]:
    for r in records:
        stem = r.path.rpartition("/")[2].removesuffix(".yaml")  # records are <id>.yaml; no Path per record
        if r.key != stem:
            yield r.problem((r.table.key,), f"'{r.key}' differs from the file name '{stem}'; they must be equal")


def ids_unique(records: list[RecordLike]) -> Iterator[Any]:
    first: dict[str, RecordLike] = {}
    for r in records:
        if r.table.name == "countries":
            continue  # codes, not ids: one folder, the file name is the code
        if r.key in first:
            yield r.problem(("id",), f"id '{r.key}' is already used by {first[r.key].path}")
        else:
            first[r.key] = r


@functools.cache  # per model class, not per record: introspection is the slow part
def _reference_fields(model: type[BaseModel]) -> tuple[tuple[str, bool, type[BaseModel] | None, str | None], ...]:
    """(field, is a list, nested model, target table) for each field that holds a foreign key or a
    model holding one; fields that cannot reach a foreign key are left out, so they are never walked."""
    out = []
    for shape in shapes(model):
        if shape.is_model and _reference_fields(shape.base):
            out.append((shape.name, shape.many, shape.base, None))
        elif shape.foreign_key:
            out.append((shape.name, shape.many, None, shape.foreign_key))
    return tuple(out)


def _references(model: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    """(location, target table, value) for every foreign-key value in a record, nested ones too."""
    for name, many, nested, table in _reference_fields(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        items = enumerate(value) if many else ((None, value),)
        for index, item in items:
            here = loc + ((name, index) if index is not None else (name,))
            if nested is not None:
                yield from _references(item, here)
            else:
                yield here, table, item  # type: ignore[misc]


def references_resolve(records: list[RecordLike], present: dict[str, set[str]]) -> Iterator[Any]:
    """Every foreign key names a record. `present` adds the ids of files that exist but failed to
    load: their own problems are reported already, and a second 'no such record' would mislead."""
    keys: dict[str, set[str]] = defaultdict(set)
    for table, ids in present.items():
        keys[table] |= ids
    for r in records:
        keys[r.table.name].add(r.key)
    keys["countries"] |= set(known_country_codes())
    for r in records:
        found = findings_of(r)
        if all(ids <= keys[table] for table, ids in found.targets):
            continue  # the common case, a set at a time; the slow walk below only names what is missing
        for loc, table, value in found.references:
            if value not in keys[table]:
                singular = table.removesuffix("s")
                yield r.problem(loc, f"no {singular} with id '{value}' (expected records/{table}/{value}.yaml)")


def _dated(model: BaseModel, loc: Loc) -> str | None:
    value: Any = model
    for step in loc:
        value = value[step] if isinstance(step, int) else getattr(value, step)
    return value


# (table, earlier field, later field): the later may not end before the earlier begins.
_ORDER: list[tuple[str, Loc, Loc]] = [
    ("visits", ("start",), ("end",)),
    ("agreements", ("signed",), ("in_force",)),
    ("agreements", ("signed",), ("ended",)),
    ("agreements", ("in_force",), ("ended",)),
]


@only("visits", "agreements", "arms_deals")
def dates_in_order(records: list[RecordLike]) -> Iterator[Any]:
    for r in records:
        pairs = [(a, b) for table, a, b in _ORDER if table == r.table.name]
        if r.table.name == "arms_deals":
            pairs += [(("ordered",), ("deliveries", i, "date")) for i in range(len(r.model.deliveries or []))]
        for early_loc, late_loc in pairs:
            early, late = _dated(r.model, early_loc), _dated(r.model, late_loc)
            if early is None or late is None:
                continue
            starts, ends = bounds(early).earliest, bounds(late).latest
            if starts and ends and ends < starts:
                yield r.problem(late_loc, f"{late} is before {early_loc[-1]} {early}")


@only("visits", "agreements", "arms_deals")
def distinct_countries(records: list[RecordLike]) -> Iterator[Any]:
    for r in _of(records, "arms_deals"):
        if r.model.supplier == r.model.recipient:
            yield r.problem(("recipient",), f"recipient is the supplier ({r.model.supplier})")
    for r in _of(records, "visits"):
        if r.model.from_country == r.model.to_country:
            yield r.problem(("to_country",), f"to_country is from_country ({r.model.to_country})")
    for r in _of(records, "agreements"):
        seen: set[str] = set()
        for i, party in enumerate(r.model.parties):
            if party.country in seen:
                yield r.problem(("parties", i), f"{party.country} is listed twice")
            seen.add(party.country)


@only("visits", "agreements", "arms_deals")
def status_has_dates(records: list[RecordLike]) -> Iterator[Any]:
    for r in _of(records, "agreements"):
        m = r.model
        if at_least(m.stage, AgreementStage.signed) and m.signed is None and m.in_force is None:
            yield r.problem(("stage",), f"stage '{m.stage}' needs a 'signed' date (EDTF may be vague: 2014~)")
        if m.outcome in (AgreementOutcome.expired, AgreementOutcome.terminated) and m.ended is None:
            yield r.problem(("outcome",), f"outcome '{m.outcome}' needs an 'ended' date")
    for r in _of(records, "visits"):
        if r.model.status == VisitStatus.completed and r.model.start is None:
            yield r.problem(("status",), "a completed visit needs a 'start' date (EDTF may be vague: 2012-10~)")
    for r in _of(records, "arms_deals"):
        m = r.model
        if m.stage == DealStage.reported and m.reported is None:
            yield r.problem(("stage",), "stage 'reported' needs a 'reported' date: when the deal was first reported")
        if m.stage == DealStage.ordered and m.ordered is None:
            yield r.problem(("stage",), "stage 'ordered' needs an 'ordered' date (EDTF may be vague: 2015~, 2015?)")
        if m.stage in (DealStage.delivering, DealStage.delivered) and not m.deliveries:
            yield r.problem(("stage",), f"stage '{m.stage}' needs at least one entry under 'deliveries'")


def event_date(model: BaseModel) -> tuple[str, str] | None:
    """(field path, EDTF value) of the date that places an event in time: the first of the model's
    EVENT_DATE fields that is set (e.g. an agreement's signed, else in_force, else reported)."""
    for path in getattr(type(model), "EVENT_DATE", ()):
        value: Any = model
        for step in path.split("."):
            if value is None:
                break
            value = (value[int(step)] if len(value) > int(step) else None) if step.isdigit() else getattr(value, step)
        if value is not None:
            return path, value
    return None


def events_dated(records: list[RecordLike]) -> Iterator[Any]:
    """Every event can be placed in a year, so counting by year never drops a row."""
    for r in records:
        fields = getattr(type(r.model), "EVENT_DATE", None)
        if fields and event_date(r.model) is None:
            names = ", ".join(f.replace(".0.", "[0].") for f in fields)
            at = "stage" if "stage" in type(r.model).model_fields else "status"  # the line that says how far it got
            yield r.problem((at,), f"needs a date: one of {names} (EDTF may be vague: 2015?, 201X)")


@only("arms_deals")
def deliveries_within_order(records: list[RecordLike]) -> Iterator[Any]:
    for r in _of(records, "arms_deals"):
        m = r.model
        delivered = sum(d.quantity or 0 for d in m.deliveries or [])
        if m.quantity is not None and delivered > m.quantity:
            yield r.problem(("deliveries",), f"{delivered} delivered in all, more than the {m.quantity} ordered")
        total = m.quantity_delivered
        if total is not None and m.quantity is not None and total > m.quantity:
            yield r.problem(("quantity_delivered",), f"{total} delivered, more than the {m.quantity} ordered")
        if total is not None and delivered > total:
            yield r.problem(("deliveries",), f"the deliveries add up to {delivered}, more than quantity_delivered {total}")


def citations_distinct(records: list[RecordLike]) -> Iterator[Any]:
    for r in records:
        cited = getattr(r.model, "sources", None) or []
        if len(cited) < 2:
            continue
        counts = Counter((c.source, c.locator) for c in cited)
        for i, c in enumerate(cited):
            if counts[(c.source, c.locator)] > 1 and (c.source, c.locator) in [(d.source, d.locator) for d in cited[:i]]:
                yield r.problem(("sources", i), f"'{c.source}' is cited twice with the same locator")


@only("sources")
def source_not_via_itself(records: list[RecordLike]) -> Iterator[Any]:
    for r in _of(records, "sources"):
        if r.model.via == r.model.id:
            yield r.problem(("via",), "a source cannot be read via itself")


def sources_distinct(records: list[RecordLike]) -> Iterator[Any]:
    first: dict[str, RecordLike] = {}
    for r in _of(records, "sources"):
        url = r.model.url
        if url is None:
            continue
        if url in first:
            yield r.problem(("url",), f"the same url as {first[url].path}; cite that source instead")
        else:
            first[url] = r


@only("sources")
def sources_reliable(records: list[RecordLike]) -> Iterator[Any]:
    """No propaganda outlet, nor a copy of one, is a source; a finding aid is classed `weak`; an agency's report on
    another site takes that site's class (schema/reliability.py lists all three)."""
    for r in _of(records, "sources"):
        if found := reliability.blocked(r.model.url):
            yield r.problem(("url",), f"{found[1]} ({found[0]}) is a state propaganda or disinformation outlet, not "
                            "accepted as a source of fact: cite another report, or leave the fact out")
        elif outlet := reliability.blocked_copy(r.model.publisher):
            yield r.problem(("publisher",), f"a copy of {outlet}, a state propaganda or disinformation outlet, is not "
                            "accepted as a source of fact: cite another report, or leave the fact out")
        elif (found := reliability.weak(r.model.url)) and r.model.reliability != SourceReliability.weak:
            yield r.problem(("reliability",), f"{found[0]} is {found[1]}: its reliability is weak (a finding aid)")
        elif r.model.reliability == SourceReliability.wire_agency and (site := reliability.carried_by(r.model.publisher)):
            yield r.problem(("reliability",), f"an agency's report on {site} is classed by {site} (newspaper, "
                            "state_media, secondary …): wire_agency is for an agency's own site")


def one_class_per_site(records: list[RecordLike]) -> Iterator[Any]:
    """A site's pages share one class ("Class by publisher" in CONTRIBUTING.md): where sources on one site
    differ, those outside its most common class are at fault, or all of them where no class leads."""
    by_site: dict[str, list[RecordLike]] = defaultdict(list)
    for r in _of(records, "sources"):
        if name := reliability.site(r.model.url):
            by_site[name].append(r)
    for name, group in by_site.items():
        counts = Counter(r.model.reliability.value for r in group).most_common()
        if len(counts) < 2:
            continue
        leader = counts[0][0] if counts[0][1] > counts[1][1] else None
        tally = ", ".join(f"{n} {value}" for value, n in counts)
        advice = f"class it {leader} like the others" if leader else "class them alike"
        for r in group:
            if r.model.reliability.value != leader:
                yield r.problem(("reliability",), f"{name}'s pages are classed differently ({tally}): a site's pages "
                                f"take one class; {advice}, or list the site in PLATFORMS (schema/reliability.py) if "
                                "it carries many publishers' pages as they published them")


def not_only_weak_sources(records: list[RecordLike]) -> Iterator[Any]:
    """An event rests on at least one source better than a finding aid."""
    weak = {r.key for r in _of(records, "sources") if r.model.reliability == SourceReliability.weak}
    events = ("visits", "agreements", "arms_deals")
    for r in records:
        if r.table.name in events and weak.issuperset(findings_of(r).cited):
            yield r.problem(("sources",), "every source cited is weak (a finding aid): cite the fact from a better "
                            "page, or leave the record out")


@only("countries")
def country_names_add_something(records: list[RecordLike]) -> Iterator[Any]:
    for r in _of(records, "countries"):
        if r.model.name is not None and r.model.name == known_country_codes().get(r.model.code):
            yield r.problem(("name",), f"'{r.model.name}' is ISO's name already; leave 'name' out")


RECORD_RULES: tuple[Rule, ...] = (  # each looks at one record only: run on a list of one, cached
    key_is_file_name,
    dates_in_order,
    distinct_countries,
    status_has_dates,
    events_dated,
    deliveries_within_order,
    citations_distinct,
    source_not_via_itself,
    sources_reliable,
    country_names_add_something,
)


@functools.cache
def _record_rules(table: str) -> tuple[Rule, ...]:
    return tuple(rule for rule in RECORD_RULES if table in getattr(rule, "tables", (table,)))


# and references_resolve, which check() runs with the ids of every file found
ACROSS_RULES: tuple[Rule, ...] = (ids_unique, sources_distinct, one_class_per_site, not_only_weak_sources)


def check(records: list[RecordLike], present: dict[str, set[str]] | None = None) -> list[Any]:
    """Every rule's problems; `present`: table → ids of every record file found, valid or not."""
    problems = [problem for r in records for problem in findings_of(r).problems]
    problems += [problem for rule in ACROSS_RULES for problem in rule(records)]
    return problems + list(references_resolve(records, present or {}))


def _occasions_collected(scope: RecordLike, loc: Loc, pair: Any) -> list[Any]:
    """Agreements claimed by the visits they were signed during: those visits must be collected too, and as
    completely (a complete list of a leader's joint statements needs the complete list of the leader's visits)."""
    roles = pair.agreements.signed_during_roles or []
    problems = [scope.problem(loc + ("signed_during_roles", j), f"'{role.value}' visits are not collected for this "
                              f"pair (visits.roles: {', '.join(r.value for r in pair.visits.roles)})")
                for j, role in enumerate(roles) if role not in pair.visits.roles]
    if (roles and pair.agreements.completeness == Completeness.systematic
            and pair.visits.completeness != Completeness.systematic):
        problems.append(scope.problem(loc + ("completeness",), "systematic for agreements signed during visits, but "
                                      "the visits themselves are not systematic"))
    elif roles and pair.agreements.completeness == Completeness.systematic:
        open_visits = gap_years(pair.visits, roles) - gap_years(pair.agreements)
        if open_visits:
            problems.append(scope.problem(loc + ("gaps",), "the visits these agreements were signed during are not "
                                          f"closed in {', '.join(map(str, sorted(open_visits)))} (visits.gaps): "
                                          "leave those years out here too"))
    return problems


def _gaps_inside(scope: RecordLike, loc: Loc, coverage: Any, last_year: int) -> Iterator[Any]:
    """Gaps are holes in a systematic claim, each inside its period; a partial claim names its holes in notes."""
    if not coverage.gaps:
        return
    if coverage.completeness != Completeness.systematic:
        yield scope.problem(loc + ("gaps",), "only a systematic claim has gaps; describe what a "
                            f"{coverage.completeness.value} collection lacks in its notes")
        return
    start, end = period(coverage, last_year)
    for j, gap in enumerate(coverage.gaps):
        first, last = bounds(gap.start).earliest, bounds(gap.end).latest
        if first is None or last is None:
            yield scope.problem(loc + ("gaps", j, "start" if first is None else "end"),
                                "a gap needs a closed date: the first and last day it may cover")
        elif last < first:
            yield scope.problem(loc + ("gaps", j, "end"), f"{gap.end} is before the gap's start {gap.start}")
        elif start and first < start:
            yield scope.problem(loc + ("gaps", j, "start"), f"{gap.start} is before the claim's start {coverage.start}")
        elif end and last > end:
            yield scope.problem(loc + ("gaps", j, "end"), f"{gap.end} is after the claim's end ({end.isoformat()})")
        collected = getattr(coverage, "roles", None)
        for k, role in enumerate(gap.roles or []):
            if collected is None:
                yield scope.problem(loc + ("gaps", j, "roles"), "only a visits claim's gaps name roles; this gap "
                                    "concerns everything the claim collects")
                break
            if role not in collected:
                yield scope.problem(loc + ("gaps", j, "roles", k), f"'{role.value}' visits are not collected by this "
                                    f"claim (roles: {', '.join(r.value for r in collected)})")


def _signatories_named(pair: Any, last_year: int, records: list[RecordLike]) -> Iterator[Any]:
    """A systematic claim by signatory (the leaders' joint statements) is only as good as the records' signatories:
    every signed agreement of the claimed kinds in the period must name both parties' signatories, so that one
    left empty cannot drop out of the count unnoticed."""
    coverage = pair.agreements
    if coverage.signatory_roles is None or coverage.completeness != Completeness.systematic:
        return
    start, end = period(coverage, last_year)
    countries = set(pair.countries)
    # with a claim by occasion too, only what it counts needs them
    role_of = {v.key: v.model.visitor.role for v in _of(records, "visits")} if coverage.signed_during_roles else {}
    for r in _of(records, "agreements"):
        m = r.model
        if m.kind not in coverage.kinds or not at_least(m.stage, AgreementStage.signed):
            continue
        if not on_claimed_occasion(coverage, role_of.get(m.signed_during)):
            continue
        if not countries <= {p.country for p in m.parties}:
            continue
        if not (m.signed or m.in_force):
            continue  # events_dated names it
        when = bounds(m.signed or m.in_force)
        if when.latest is None or (start and when.latest < start) or (end and when.earliest and when.earliest > end):
            continue
        for j, party in enumerate(m.parties):
            if party.country in countries and party.signatory is None:
                yield r.problem(("parties", j, "signatory"), f"name who signed or issued it for {party.country} "
                                f"(records/scope.yaml claims {'–'.join(pair.countries)} {', '.join(k.value for k in coverage.kinds)} "
                                f"by signatory: {', '.join(o.value for o in coverage.signatory_roles)})")


def check_scope(scope: RecordLike | None, records: list[RecordLike]) -> list[Any]:
    """records/scope.yaml: pairs listed once, in order; a systematic claim names its reference lists,
    and every source a claim names is a source record, named once."""
    if scope is None:
        return []
    problems: list[Any] = []
    sources = {r.key for r in _of(records, "sources")}
    seen_pairs: dict[tuple[str, ...], int] = {}
    coverages: list[tuple[Loc, Any]] = []
    for i, pair in enumerate(scope.model.pairs):
        a, b = pair.countries
        if not a < b:
            problems.append(scope.problem(("pairs", i, "countries"), f"list the pair in alphabetical order, "
                                          f"two different countries: [{min(a, b)}, {max(a, b)}]"))
        key = tuple(sorted(pair.countries))
        if key in seen_pairs:
            problems.append(scope.problem(("pairs", i, "countries"), f"{a}–{b} is listed already (pairs[{seen_pairs[key]}])"))
        seen_pairs.setdefault(key, i)
        coverages += [(("pairs", i, "visits"), pair.visits), (("pairs", i, "agreements"), pair.agreements)]
        problems += _occasions_collected(scope, ("pairs", i, "agreements"), pair)
        problems += _signatories_named(pair, scope.model.last_complete_year, records)
    seen_arms: dict[tuple[str, str | None], int] = {}
    for i, arms in enumerate(scope.model.arms_deals):
        key = (arms.recipient, arms.supplier)
        if arms.supplier == arms.recipient:
            problems.append(scope.problem(("arms_deals", i, "supplier"), f"supplier is the recipient ({arms.recipient})"))
        if key in seen_arms:
            problems.append(scope.problem(("arms_deals", i, "recipient"), f"listed already (arms_deals[{seen_arms[key]}])"))
        seen_arms.setdefault(key, i)
        coverages.append((("arms_deals", i), arms))
    for loc, coverage in coverages:
        problems += _gaps_inside(scope, loc, coverage, scope.model.last_complete_year)
        if coverage.completeness == Completeness.systematic and not coverage.reference_lists:
            problems.append(scope.problem(loc + ("completeness",), "a systematic claim must name the reference "
                                          "lists it was checked against (reference_lists: [source ids])"))
        named: dict[str, str] = {}  # a source named twice is a merge slip: one list or the other, once
        for field in ("reference_lists", "evidence"):
            for j, source in enumerate(getattr(coverage, field) or []):
                if source not in sources:
                    problems.append(scope.problem(loc + (field, j),
                                                  f"no source with id '{source}' (expected records/sources/{source}.yaml)"))
                if source in named:
                    problems.append(scope.problem(loc + (field, j), f"'{source}' is named already ({named[source]})"))
                named.setdefault(source, f"{field}[{j}]")
        if coverage.end is not None:
            starts, ends = bounds(coverage.start).earliest, bounds(coverage.end).latest
            if starts and ends and ends < starts:
                problems.append(scope.problem(loc + ("end",), f"{coverage.end} is before start {coverage.start}"))
    return problems
