"""docs/coverage.md: how many records there are per table, country pair and year, so gaps show."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from pipeline.building.build_state import Build
from pipeline.building.panels import ROLE_COLUMNS, claimed_years
from schema.edtf import bounds
from schema.scope import AgreementCoverage, VisitCoverage
from schema.vocab import SourceReliability as R

_EVENT_TABLES = ("visits", "agreements", "arms_deals")

# For the reader of the coverage page only (no rule rests on it): an event is as well supported as the best
# of its sources, official first, then the independent press and institutes, then state media (facts of
# record), then other outlets; finding aids alone are refused by the check.
TIERS: tuple[tuple[str, frozenset[R]], ...] = (
    ("official", frozenset({R.official})),
    ("agency, newspaper, research or trade press", frozenset({R.wire_agency, R.newspaper, R.research, R.trade_press})),
    ("state media at best", frozenset({R.state_media})),
    ("secondary at best", frozenset({R.secondary})),
    ("finding aids only", frozenset({R.weak})),
)


def _pairs(table: str, model: object) -> list[tuple[str, str]]:
    """The unordered country pairs a record links (an agreement of n parties links n·(n-1)/2)."""
    if table == "visits":
        countries = [model.from_country, model.to_country]
    elif table == "arms_deals":
        countries = [model.supplier, model.recipient]
    else:
        countries = [p.country for p in model.parties]
    unique = sorted(set(countries))
    return [(a, b) for i, a in enumerate(unique) for b in unique[i + 1:]]


def _year(table: str, model: object) -> int | None:
    """Year of the event's first date: start, signed (or in force), ordered (or first delivery)."""
    if table == "visits":
        candidates = [model.start]
    elif table == "agreements":
        candidates = [model.signed, model.in_force, model.ended]
    else:
        candidates = [model.ordered] + [d.date for d in model.deliveries or []]
    for value in candidates:
        if value:
            earliest = bounds(value).earliest or bounds(value).latest
            return earliest.year if earliest else None
    return None


def _table(headers: list[str], rows: Iterable[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines


def _spans(years: list[int]) -> str:
    """2000, 2001, 2002, 2005 → '2000–2002, 2005'."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs) or "none"


def _collects(coverage: VisitCoverage | AgreementCoverage) -> str:
    """What a claim counts, briefly: visitor roles; agreement kinds and the occasion or signatory filters."""
    if isinstance(coverage, AgreementCoverage):
        words = [", ".join(k.value for k in coverage.kinds)] if len(coverage.kinds) <= 3 else ["all kinds"]
        if coverage.signed_during_roles:
            words.append("signed during visits of " + ", ".join(r.value for r in coverage.signed_during_roles))
        if coverage.signatory_roles:
            words.append("signed by " + ", ".join(r.value for r in coverage.signatory_roles))
        return "; ".join(words)
    return ", ".join(r.value for r in coverage.roles or [])


def _claims(build: Build) -> list[str]:
    """Per pair and table, the years the scope claims complete: the panel cells that are counts."""
    scope = build.records.scope
    if scope is None:
        return []
    last = scope.model.last_complete_year
    rows = []
    for pair in scope.model.pairs:
        for table, coverage in (("visits", pair.visits), ("agreements", pair.agreements)):
            years = claimed_years(coverage, last)
            rows.append(["–".join(pair.countries), table, _collects(coverage), coverage.completeness.value,
                         len(coverage.gaps or []), len(years), _spans(years)])
            if not isinstance(coverage, VisitCoverage):
                continue
            groups = {column: roles & set(coverage.roles) for column, (roles, _) in ROLE_COLUMNS.items()}
            groups = {column: roles for column, roles in groups.items() if roles}
            for column, roles in groups.items() if len(groups) > 1 else ():
                # a role's own gaps leave the other roles' years standing: its column counts them
                years = claimed_years(coverage, last, roles)
                concern = [g for g in coverage.gaps or [] if g.concerns(roles)]
                rows.append(["–".join(pair.countries), f"visits ({column})", ", ".join(sorted(r.value for r in roles)),
                             coverage.completeness.value, len(concern), len(years), _spans(years)])
    out = ["", "## Years claimed complete", "",
           f"Per pair and table, the calendar years up to {last} that `records/scope.yaml` claims complete, "
           "less every year a gap touches: the years whose counts in `dyad_years` are numbers; every other "
           "year is missing there. Where a claim collects ministers or military chiefs as well as leaders, a row "
           "per role column (\"visits (leader_visits)\", \"visits (foreign_minister_visits)\", …) gives the years "
           "that column is a number: a gap naming other roles leaves them standing.", ""]
    return out + _table(["pair", "table", "collects", "completeness", "gaps", "years", "which"], rows)


def tier(classes: set[R]) -> str:
    """The first of TIERS an event's sources reach."""
    return next((name for name, members in TIERS if classes & members), TIERS[-1][0])


def _reliability(by_table: dict[str, list[object]], sources: dict[str, object]) -> list[str]:
    counts = Counter(s.reliability for s in sources.values())
    out = ["## Sources by reliability class", "",
           "The class of each source (`reliability`; CONTRIBUTING.md, \"Source reliability\"), then each event by the "
           "best class among the sources it cites: official, then an agency, newspaper, research institute or trade "
           "press, then state media, then other outlets.", ""]
    out += _table(["class", "sources", "share"],
                  ([c.value, counts[c], f"{100 * counts[c] / max(1, len(sources)):.1f}%"] for c in R))
    rows = []
    for table, models in by_table.items():
        tiers = Counter(tier({sources[c.source].reliability for c in m.sources if c.source in sources}) for m in models)
        rows.append([table, len(models), *(tiers[name] for name, _ in TIERS)])
    return out + [""] + _table(["table", "records", *(name for name, _ in TIERS)], rows) + [""]


def render(build: Build) -> bytes:
    records = build.records
    by_table = {t: [r.model for r in records.by_table[t]] for t in _EVENT_TABLES}
    sources = {r.model.id: r.model for r in records.by_table["sources"]}
    out = ["# Coverage", "",
           "Generated by `python build.py` from `records/`; do not edit. Counts show where the data is thin.", ""]

    with_url = Counter()
    totals = Counter()
    for table, models in by_table.items():
        for m in models:
            totals[table] += 1
            with_url[table] += any(sources[c.source].url for c in m.sources if c.source in sources)
    out += ["## Records per table", ""]
    rows = [[t, totals[t], with_url[t], f"{100 * with_url[t] / totals[t]:.0f}%" if totals[t] else "–"] for t in _EVENT_TABLES]
    rows.append(["all events", sum(totals.values()), sum(with_url.values()),
                 f"{100 * sum(with_url.values()) / max(1, sum(totals.values())):.0f}%"])
    out += _table(["table", "records", "citing a source with a URL", "share"], rows)
    out += ["", f"Sources: {len(sources)} ({sum(1 for s in sources.values() if s.url)} with a URL). "
            f"Countries with crosswalk codes: {len(records.by_table['countries'])}.", ""]
    out += _reliability(by_table, sources)

    pair_counts: Counter[tuple[str, str]] = Counter()
    per_pair: dict[tuple[str, str], Counter[str]] = {}
    for table, models in by_table.items():
        for m in models:
            for pair in _pairs(table, m):
                pair_counts[pair] += 1
                per_pair.setdefault(pair, Counter())[table] += 1
    out += ["## Records per country pair", "",
            "An agreement with several parties counts once for each pair it links.", ""]
    ordered = sorted(pair_counts, key=lambda p: (-pair_counts[p], p))
    out += _table(["pair", "visits", "agreements", "arms deals", "all"],
                  ([f"{a}–{b}", per_pair[(a, b)]["visits"], per_pair[(a, b)]["agreements"],
                    per_pair[(a, b)]["arms_deals"], pair_counts[(a, b)]] for a, b in ordered))

    years: dict[object, Counter[str]] = {}
    for table, models in by_table.items():
        for m in models:
            years.setdefault(_year(table, m) or "undated", Counter())[table] += 1
    decade_rows = []
    for year in sorted(years, key=lambda y: (isinstance(y, str), y)):
        c = years[year]
        decade_rows.append([year, c["visits"], c["agreements"], c["arms_deals"], sum(c.values())])
    out += ["", "## Records per year", "",
            "By the earliest day of the first date a record has (visit start; agreement signed, in force or "
            "ended; arms deal ordered or first delivered).", ""]
    out += _table(["year", "visits", "agreements", "arms deals", "all"], decade_rows)
    out += _claims(build)
    return ("\n".join(out) + "\n").encode("utf-8")
