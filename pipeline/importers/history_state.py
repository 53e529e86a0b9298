"""`build.py import history-state`: the Office of the Historian's trips and visits → visit records.

Every entry between the United States and an in-scope country from 2000 on ends up cited by exactly
one visit record, found in this order:
1. the record that already cites the entry (an earlier import, or a curator's merge): it is updated;
2. for a Secretary's entry that says the Secretary accompanied the President, the President's record
   of that trip: the entry is cited there, with a note, instead of counting the trip twice;
3. a hand-made record of the same trip: same countries, dates overlapping (two days' slack) and the
   same visitor (a shared name, or the same role where the record names nobody);
4. otherwise a new record.
An entry only ever adds: its citation (with the remarks as a quote), values for empty fields, and a
note where the Historian and the record disagree. A curated value is never overwritten. Re-running on
the same snapshot changes nothing.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pipeline.importers import history_state_data as data
from pipeline.importers import history_state_remarks as remarks
from pipeline.importers import record_yaml, snapshot
from pipeline.reading.problems import Problem, ProblemsFound
from pipeline.reading.read import SUFFIX, read_all, validate
from pipeline.reading.strict_yaml import parse, to_python
from schema.edtf import bounds
from schema.registry import BY_NAME
from schema.vocab import VisitorRole

NAME = "history-state"
BASE = "upstream/history-state"
SLACK = timedelta(days=2)  # dates this close count as the same trip
PUBLISHER = "Office of the Historian, U.S. Department of State"
_VISITS, _SOURCES = BY_NAME["visits"], BY_NAME["sources"]
_ORDER = {name: record_yaml.field_order(t.model, t.key) for name, t in (("visits", _VISITS), ("sources", _SOURCES))}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


# ---- sources: one per Historian list page -------------------------------------------------------

def source_id(entry: data.Entry) -> str:
    country = data.IN_SCOPE[entry.country]
    return f"history-state-visits-{country}" if entry.list == "visits" else f"history-state-travels-{entry.list}-{country}"


def _source_record(entry: data.Entry, commits: dict[str, str]) -> dict[str, Any]:
    country, name = data.IN_SCOPE[entry.country], data.COUNTRY_NAMES[entry.country]
    if entry.list == "visits":
        url = f"https://history.state.gov/departmenthistory/visits/{country}"
        title = f"Visits by foreign leaders of {name}"
        what = f"every visit of a leader of {name} to the United States, one entry per visit with its dates, the visitor and a description"
        repo, module = "visits", "visits-html.xqm"
    else:
        url = f"https://history.state.gov/departmenthistory/travels/{entry.list}/{country}"
        who = "President" if entry.list == "president" else "Secretary of State"
        title = f"Travels of the {who}: {name}"
        what = f"every trip of the {who} to {name}, one entry per trip with its dates, places and remarks"
        repo, module = "travels", "travels-html.xqm"
    notes = (
        f"The Office of the Historian's list of {what}. "
        f"Read from the office's published data (GitHub HistoryAtState/{repo}, commit {commits[repo]}), kept "
        f"unmodified in {BASE}/; a citation's locator is the entry id, and its quote is the entry's remarks or "
        "description, which are in the public domain. The address is the country page that the site's code "
        f"(HistoryAtState/hsg-shell, modules/{module}) builds from the data's country id '{country}'; the "
        "title is ours."
    )
    return {"id": source_id(entry), "title": title, "title_kind": "descriptive", "publisher": PUBLISHER,
            "url": url, "language": "en", "kind": "dataset", "reliability": "official", "notes": notes}


# ---- small helpers ------------------------------------------------------------------------------

def _day(text: str) -> date:
    return date.fromisoformat(text)


def span(start: str, end: str) -> str:
    """'24–27 January 2015', '30 September–2 October 2013', '5 September 2018'."""
    a, b = _day(start), _day(end)
    if a == b:
        return f"{a.day} {_MONTHS[a.month - 1]} {a.year}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}–{b.day} {_MONTHS[a.month - 1]} {a.year}"
    if a.year == b.year:
        return f"{a.day} {_MONTHS[a.month - 1]}–{b.day} {_MONTHS[b.month - 1]} {a.year}"
    return f"{a.day} {_MONTHS[a.month - 1]} {a.year}–{b.day} {_MONTHS[b.month - 1]} {b.year}"


def _tokens(name: str | None) -> set[str]:
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().lower()
    return {t for t in re.split(r"[^a-z]+", plain) if len(t) >= 3 and t != "and"}


def _record_days(rec: dict[str, Any]) -> tuple[date, date] | None:
    if not rec.get("start"):
        return None
    first = bounds(rec["start"])
    last = bounds(rec["end"]) if rec.get("end") else first
    if first.earliest is None or (last.latest or first.latest) is None:
        return None
    return first.earliest, last.latest or first.latest  # type: ignore[return-value]


def _overlaps(rec: dict[str, Any], entry: data.Entry) -> bool:
    days = _record_days(rec)
    return days is not None and days[0] - SLACK <= _day(entry.end) and _day(entry.start) <= days[1] + SLACK


def _citations(rec: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"source": c} if isinstance(c, str) else c for c in rec.get("sources") or []]


def _locator(entry: data.Entry) -> str:
    return f"entry {entry.id}"


# ---- the plan -----------------------------------------------------------------------------------

@dataclass
class _Record:
    table: str
    path: str
    text: str | None  # as on disk; None for a new record
    data: dict[str, Any]

    def citing(self, entry: data.Entry) -> bool:
        return any(c.get("source") == source_id(entry) and c.get("locator") == _locator(entry)
                   for c in _citations(self.data))


@dataclass
class Plan:
    records: dict[str, _Record]
    entries: list[data.Entry]
    placed: dict[tuple[str, str], str] = field(default_factory=dict)  # (list, entry id) → record id
    log: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def changed(self) -> dict[str, str]:
        """path → new text, for every file the import would write or change."""
        out = {}
        for rec in self.records.values():
            order = _ORDER[rec.table]
            if rec.text is None:
                out[rec.path] = record_yaml.render(rec.data, order)
                continue
            node, _ = parse(rec.path, rec.text.encode("utf-8"))
            before = to_python(node) if node is not None else {}
            changes = {k: rec.data.get(k) for k in sorted(set(before) | set(rec.data), key=order.index)
                       if before.get(k) != rec.data.get(k)}
            if changes:
                out[rec.path] = record_yaml.edit(rec.text, changes, order)
        return out


def _note(rec: _Record, sentence: str) -> bool:
    notes = rec.data.get("notes") or ""
    if sentence in notes:
        return False
    rec.data["notes"] = f"{notes.rstrip()} {sentence}".strip()
    return True


def _cite(rec: _Record, entry: data.Entry) -> bool:
    """Add the entry's citation, or bring its quote up to date; True if anything changed."""
    cites = _citations(rec.data)
    wanted = {"source": source_id(entry), "locator": _locator(entry), "quote": entry.remarks}
    for i, c in enumerate(cites):
        if c.get("source") == wanted["source"] and c.get("locator") == wanted["locator"]:
            if c.get("quote") == entry.remarks:
                return False
            cites[i] = {**c, "quote": entry.remarks}  # the Historian's own words, as now published
            rec.data["sources"] = cites
            return True
    rec.data["sources"] = [*(rec.data.get("sources") or []), wanted]
    return True


def _same_visitor(rec: dict[str, Any], entry: data.Entry) -> bool:
    visitor = rec.get("visitor") or {}
    if visitor.get("name"):
        return bool(_tokens(visitor["name"]) & (_tokens(entry.name) | _tokens(entry.slug)))
    return visitor.get("role") == entry.role.value


def _another_entrys(plan: Plan, rec: _Record, entry: data.Entry) -> bool:
    """A record made from the list alone that holds an entry of the same list with other dates: the
    Historian counts those as two visits (Hatoyama at the UN, then at the G-20 in Pittsburgh), so do we."""
    if any(not str(c.get("source", "")).startswith("history-state-") for c in _citations(rec.data)):
        return False  # a curator's record may join the legs of one trip
    return any(e.list == entry.list and (e.start, e.end) != (entry.start, entry.end)
               and plan.placed.get((e.list, e.id)) == rec.data["id"] for e in plan.entries)


def _candidates(plan: Plan, entry: data.Entry, president: bool) -> list[_Record]:
    found = []
    for rec in plan.records.values():
        d = rec.data
        if rec.table != "visits" or d.get("from_country") != entry.from_country or d.get("to_country") != entry.to_country:
            continue
        if not _overlaps(d, entry):
            continue
        if president:  # the President's record of the trip a Secretary accompanied
            fits = (d.get("visitor") or {}).get("role") == VisitorRole.head_of_state.value
        else:
            fits = _same_visitor(d, entry) and not _another_entrys(plan, rec, entry)
        if fits:
            found.append(rec)
    start = _day(entry.start)
    return sorted(found, key=lambda r: (abs(((_record_days(r.data) or (start, start))[0] - start).days), r.data["id"]))


def _new_id(plan: Plan, entry: data.Entry, taken: set[str]) -> str:
    where = "usa" if entry.to_country == "USA" else data.slug(data.COUNTRY_NAMES[entry.country])
    for candidate in (f"{entry.start[:7]}-{entry.slug}-{where}", f"{entry.start}-{entry.slug}-{where}",
                      f"{entry.start}-{entry.slug}-{where}-{entry.id}"):
        if candidate not in taken and candidate not in plan.records:
            return candidate
    raise AssertionError("unreachable: the last candidate carries the unique entry id")


def _new_record(plan: Plan, entry: data.Entry, taken: set[str]) -> _Record:
    reading = remarks.read(entry.remarks)
    rid = _new_id(plan, entry, taken)
    rec = {
        "id": rid,
        "visitor": {"name": entry.name, "office": entry.office, "role": entry.role.value},
        "from_country": entry.from_country, "to_country": entry.to_country,
        "places": list(entry.places) if entry.places else None,
        "event": reading.event,
        "start": entry.start, "end": entry.end,
        "kind": reading.kind.value, "status": "completed",
        "sources": [{"source": source_id(entry), "locator": _locator(entry), "quote": entry.remarks}],
    }
    if remarks.stopover(entry.remarks):
        rec["notes"] = "A stop on the way to or from another country, as the Historian's remarks say."
    return _Record("visits", f"records/visits/{rid}{SUFFIX}", None, {k: v for k, v in rec.items() if v is not None})


def _merge(plan: Plan, rec: _Record, entry: data.Entry) -> list[str]:
    """Fill empty fields from the entry and note disagreements; returns what was done, for the log."""
    d, done = rec.data, []
    what = "visit" if entry.list == "visits" else "trip"
    visitor = dict(d.get("visitor") or {})
    for key, value in (("name", entry.name), ("office", entry.office)):
        if not visitor.get(key):
            visitor[key] = value
            done.append(f"visitor.{key} filled")
    if visitor != d.get("visitor"):
        d["visitor"] = {k: visitor[k] for k in ("name", "office", "role") if visitor.get(k)}
    if not d.get("places") and entry.places:
        d["places"] = list(entry.places)
        done.append("places filled")
    reading = remarks.read(entry.remarks)
    if not d.get("event") and reading.event:
        d["event"] = reading.event
        done.append("event filled")
    if not d.get("end") and d.get("start") == entry.start:
        d["end"] = entry.end
        done.append("end filled")
    places = {p.lower() for p in d.get("places") or []}
    disagreements = [  # (they differ, curated value, Historian's value, note)
        (d.get("start") != entry.start or bool(d.get("end") and d["end"] != entry.end),
         f"dates {d.get('start')}/{d.get('end') or '..'}", f"{entry.start}/{entry.end}",
         (f"The Office of the Historian dates this {what} {span(entry.start, entry.end)} (entry {entry.id}); "
         "the dates here are kept as curated.")),
        (bool(places and entry.places and places != {p.lower() for p in entry.places}),
         f"places {d.get('places')}", f"{list(entry.places or ())}",
         (f"The Office of the Historian lists the places as {', '.join(entry.places or ())} (entry {entry.id}); "
         "the places here are kept as curated.")),
        (bool(reading.protocol and d.get("kind") != reading.kind.value),
         f"kind {d.get('kind')}", reading.kind.value,
         f"The Office of the Historian calls it {reading.protocol} (entry {entry.id}); kind is kept as curated."),
    ]
    for differ, curated, theirs, sentence in disagreements:
        if differ and _note(rec, sentence):
            done.append(f"DISAGREE {curated} (curated), {theirs} (Historian): curated value kept, note added")
    twins = [e for e in plan.entries if e is not entry and (e.list, e.id) in plan.placed
             and plan.placed[(e.list, e.id)] == d["id"] and e.list == entry.list
             and (e.start, e.end) == (entry.start, entry.end)]
    for twin in twins:
        _note(rec, f"The Office of the Historian lists this {what} twice (entries {twin.id} and {entry.id}).")
    return done


def _fold(rec: _Record, entry: data.Entry) -> list[str]:
    sentence = (f"The Office of the Historian also lists the trip of Secretary of State {entry.name}, who accompanied "
                f"the President, {span(entry.start, entry.end)} (entry {entry.id}).")
    return ["note: Secretary accompanied the President"] if _note(rec, sentence) else []


def plan(root: Path, base: Path | None = None, verify: bool = True, commits: dict[str, str] | None = None) -> Plan:
    """What the import would write, computed without writing anything. `base`: the snapshot folder
    (another upstream copy for a dry run of a newer snapshot, with `verify` off and its `commits`)."""
    base = base or root / BASE
    files = snapshot.verified(base, BASE) if verify else {name: base / name for name in data.snapshot_files()}
    missing = [name for name in data.snapshot_files() if name not in files]
    if missing:
        raise ProblemsFound([Problem(f"{BASE}/{snapshot.MANIFEST}", message=f"does not list {name}") for name in missing])
    commits = commits or _commits(base)
    entries = data.read_entries(files, BASE)
    loaded, problems = read_all(root, root / "records")
    if problems:
        raise ProblemsFound(problems)
    records = {r.key: _Record(r.table.name, r.path, (root / r.path).read_text(encoding="utf-8"), to_python(r.node))
               for r in loaded.all() if r.table.name in ("visits", "sources")}
    taken = {key for ids in loaded.seen.values() for key in ids}
    if loaded.retired is not None:
        taken |= {item.id for item in loaded.retired.model.retired}
    out = Plan(records, entries)
    counts = dict.fromkeys(("new", "merged", "folded", "cited already", "sources new"), 0)
    for entry in entries:
        sid = source_id(entry)
        if sid not in records:
            records[sid] = _Record("sources", f"records/sources/{sid}{SUFFIX}", None, _source_record(entry, commits))
            counts["sources new"] += 1
            out.log.append(f"new   records/sources/{sid}{SUFFIX}")
        rec = next((r for r in records.values() if r.table == "visits" and r.citing(entry)), None)
        folded = entry.list == "secretary" and remarks.accompanies_president(entry.remarks)
        if rec is not None:
            counts["cited already"] += 1
            own = (rec.data.get("visitor") or {}).get("role") != VisitorRole.head_of_state.value or entry.list != "secretary"
            done = ["quote updated from the snapshot"] if _cite(rec, entry) else []
            done += _merge(out, rec, entry) if own else _fold(rec, entry)
        elif folded and (found := _candidates(out, entry, president=True)):
            rec = found[0]
            _cite(rec, entry)
            done = ["folded into the President's trip", *_fold(rec, entry)]
            counts["folded"] += 1
        elif found := _candidates(out, entry, president=False):
            rec = found[0]
            _cite(rec, entry)
            done = ["merged", *_merge(out, rec, entry)]
            counts["merged"] += 1
        else:
            rec = _new_record(out, entry, taken)
            records[rec.data["id"]] = rec
            done = ["new"]
            counts["new"] += 1
        out.placed[(entry.list, entry.id)] = rec.data["id"]
        for line in done:
            out.log.append(f"new   {rec.path} ({entry.list} entry {entry.id})" if line == "new"
                           else f"edit  {rec.path}: {entry.list} entry {entry.id}: {line}")
    out.counts = counts
    return out


def _commits(base: Path) -> dict[str, str]:
    path = base / snapshot.MANIFEST
    if not path.is_file():
        return {"travels": "unknown", "visits": "unknown"}
    return {o["folder"]: o["commit"] for o in tomllib.loads(path.read_text(encoding="utf-8")).get("origin", [])}


def check_outputs(changed: dict[str, str]) -> list[Problem]:
    """Every file the import would write, through the strict loader and its model."""
    problems = []
    for path, text in changed.items():
        node, found = parse(path, text.encode("utf-8"))
        problems += found
        if node is not None:
            table = BY_NAME[path.split("/")[1]]
            problems += validate(table.model, node, path)[1]
    return problems


def write(root: Path, changed: dict[str, str]) -> None:
    for path, text in sorted(changed.items()):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


# ---- coverage -----------------------------------------------------------------------------------

def coverage(p: Plan) -> list[str]:
    """Per pair and direction: entries expected, matched (a record of the pair starting within two
    days), and each entry that is not, with the reason."""
    lines, groups = [], {}
    for entry in p.entries:
        groups.setdefault((entry.from_country, entry.to_country), []).append(entry)
    for (a, b), entries in sorted(groups.items(), key=lambda kv: (min(kv[0]) if "USA" != kv[0][0] else kv[0][1], kv[0])):
        other = []
        for entry in entries:
            rec = p.records[p.placed[(entry.list, entry.id)]].data
            days = _record_days(rec)
            start = _day(entry.start)
            if days and rec["from_country"] == a and rec["to_country"] == b and abs((days[0] - start).days) <= 2:
                continue
            if days and days[0] <= start <= days[1]:
                why = f"within the dates of {rec['id']} ({rec['start']}/{rec.get('end') or '..'})"
            else:
                why = f"{rec['id']} starts {rec['start']}"
            if entry.list == "secretary" and remarks.accompanies_president(entry.remarks):
                why = "the Secretary accompanied the President: cited on the President's record; " + why
            other.append(f"    {entry.list} entry {entry.id} ({entry.start}, {entry.name}): {why}")
        lines.append(f"  {a}→{b}: {len(entries)} entries, {len(entries) - len(other)} matched by a record "
                     f"starting within two days, {len(other)} otherwise:")
        lines += other
    return lines


# ---- the snapshot -------------------------------------------------------------------------------

_LICENCE = "Public domain in the United States; CC0 1.0 Universal worldwide (see {folder}/LICENSE.md)"
ORIGINS: dict[str, tuple[str, str]] = {  # folder → (upstream repository, where the office publishes it)
    "travels": ("https://github.com/HistoryAtState/travels", "https://history.state.gov/departmenthistory/travels"),
    "visits": ("https://github.com/HistoryAtState/visits", "https://history.state.gov/departmenthistory/visits"),
}
_HEADER = """The Office of the Historian's data that `build.py import history-state` reads, copied unmodified
from the upstream repositories at the commits below (each folder is the root of one repository; only
the files listed were copied). The importer checks every file's sha256 before reading it.
Refresh: python build.py import history-state --snapshot-from DIR --commit travels=SHA --commit visits=SHA"""


def take_snapshot(root: Path, source: Path, commits: dict[str, str]) -> list[Problem]:
    """Replace upstream/history-state/ with the files the import reads, copied from `source`."""
    shown = f"{BASE}/{snapshot.MANIFEST}"
    problems = [Problem(shown, message=f"--commit {folder}=SHA is required") for folder in ORIGINS
                if not re.fullmatch(r"[0-9a-f]{40}", commits.get(folder, ""))]
    problems += [Problem(str(source / name), message="not found in the upstream copy")
                 for name in data.snapshot_files() if not (source / name).is_file()]
    if problems:
        return problems
    origins = [(snapshot.Origin(folder, repo, commits[folder], _LICENCE.format(folder=folder), published),
                [name for name in data.snapshot_files() if name.startswith(folder + "/")])
               for folder, (repo, published) in ORIGINS.items()]
    written = snapshot.write(source, root / BASE, origins, _HEADER)
    print(f"import {NAME}: snapshot of {len(written)} files written to {BASE}/")
    return []


# ---- the command --------------------------------------------------------------------------------

def run(root: Path, dry_run: bool, base: Path | None = None, verify: bool = True,
        commits: dict[str, str] | None = None) -> int:
    try:
        p = plan(root, base, verify, commits)
    except ProblemsFound as err:
        for problem in err.problems:
            print(problem)
        print(f"import {NAME}: {len(err.problems)} problem(s); nothing written")
        return 1
    changed = p.changed()
    problems = check_outputs(changed)
    if problems:
        for problem in problems:
            print(problem)
        print(f"import {NAME}: the records it would write do not load; nothing written")
        return 1
    for line in p.log:
        print(line)
    c = p.counts
    print(f"import {NAME}: {len(p.entries)} entries from {data.SINCE[:4]} on between USA and "
          f"{', '.join(data.IN_SCOPE)}: {c['new']} new records, {c['merged']} merged into existing records, "
          f"{c['folded']} folded into the President's trip, {c['cited already']} cited already; "
          f"{c['sources new']} new sources")
    print("coverage:")
    for line in coverage(p):
        print(line)
    if dry_run:
        print(f"import {NAME}: dry run, would write {len(changed)} file(s): nothing written")
    else:
        write(root, changed)
        print(f"import {NAME}: wrote {len(changed)} file(s)")
    return 0
