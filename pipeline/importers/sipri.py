"""`build.py import sipri --extract PATH`: rows of SIPRI's Trade Register → arms-deal records.

SIPRI's terms let us use the register as a checklist and cite it record by record, but not commit it:
the curator keeps the extract outside the repository and passes its path. Each row in scope (order
year from `--since`, by default every year; recipients India and Pakistan from every supplier; Russia
and the Soviet Union → China; United States → Japan) becomes one record citing the register, with the row as locator, or is merged into
the record that already holds it. Records stay the single source of truth: the import only adds
what a record lacks and never changes a value a curator wrote, so running it again changes nothing.

A record holds a row when its `sipri` designation and order year, supplier and recipient equal the
row's (several rows can share that key; then the number ordered pairs them). A hand-made record
without `sipri` is linked to a row when they are the only candidates for each other: same pair,
order years at most one apart, designations equal once case and punctuation are ignored, or one a
prefix of the other (Su-30MK, Su-30MKI), and numbers ordered equal where both give one. Other
matches are a curator's call: `--link ID=DESIGNATION@YEAR` records one. Differences between a record and its row are printed for
the curator, who notes them in the record.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.importers import yaml_text
from pipeline.importers.sipri_categories import CATEGORIES
from pipeline.importers.sipri_register import ExtractError, RegisterRow, read_extract
from pipeline.reading.strict_yaml import Mapping, read, to_python

HELP = "create or complete arms-deal records from an extract of SIPRI's Trade Register (kept outside the repo)"
SOURCE_ID = "sipri-arms-transfers-database"
REGISTER_DATE = "2025-03-13"  # 'Data generated' in the extract this importer was written for
SINCE = 1950  # the register's first year: every row of the extract in scope
RECIPIENTS = frozenset({"IND", "PAK"})  # every supplier
PAIRS = frozenset({("RUS", "CHN"), ("SUN", "CHN"), ("USA", "JPN")})  # (supplier, recipient); SUN: Russia before 1992
# SIPRI names the countries records do not give as `sipri_name` (records/countries/*.yaml).
NAME_CODES = {"UAE": "ARE", "Czechoslovakia": "CSK"}
# Country words in record ids, as the hand-made records write them; otherwise the SIPRI name, slugged.
ID_WORDS = {"USA": "usa", "GBR": "uk", "ARE": "uae", "TUR": "turkey", "KOR": "south-korea"}

SOURCE_RECORD = f"""id: {SOURCE_ID}
title: SIPRI Arms Transfers Database, Trade Register
title_kind: descriptive
publisher: Stockholm International Peace Research Institute (SIPRI)
published: {REGISTER_DATE}
url: https://armstrade.sipri.org/
language: en
kind: dataset
reliability: research
notes: >
  Credit line required by SIPRI's user rules: "Information from the SIPRI Arms Transfers Database,
  URL http://armstrade.sipri.org/". Read in SIPRI's Trade Register export generated on 13 March 2025;
  each citing record gives the register row (supplier, recipient, order year, designation) as locator.
  A '?' in the register marks uncertain data, kept as EDTF '?' on the order year and as
  quantity_uncertain. The category of each deal, the stages and every count or calculation made from
  these records are this dataset's, not SIPRI's. SIPRI's trend-indicator values are not republished.
"""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _norm(designation: str) -> str:
    return re.sub(r"[^a-z0-9]", "", designation.lower())


@dataclass
class Existing:
    """An arms-deal record file: its text, parsed node and plain values."""

    path: Path
    text: str
    node: Mapping
    values: dict[str, Any]

    @property
    def id(self) -> str:
        return self.path.stem

    def key(self) -> tuple[str, str, str, int] | None:
        sipri = self.values.get("sipri")
        if not isinstance(sipri, dict) or not sipri.get("designation") or not str(sipri.get("order_year", "")).isdigit():
            return None
        return (self.values["supplier"], self.values["recipient"], sipri["designation"], int(sipri["order_year"]))


@dataclass
class Outcome:
    created: list[str] = field(default_factory=list)
    completed: dict[str, list[str]] = field(default_factory=dict)  # id → fields added
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[RegisterRow, str]] = field(default_factory=list)
    links: list[tuple[str, RegisterRow]] = field(default_factory=list)  # hand-made record linked to a row
    differences: list[tuple[str, str]] = field(default_factory=list)  # (id, what differs)


def country_codes(root: Path) -> dict[str, str]:
    """SIPRI country name → our code, from the countries records' `sipri_name`."""
    codes = dict(NAME_CODES)
    for path in sorted((root / "records" / "countries").glob("*.yaml")):
        node, _ = read(path, str(path))
        values = to_python(node) if node is not None else {}
        if isinstance(values, dict) and values.get("sipri_name"):
            codes[values["sipri_name"]] = values["code"]
    return codes


def in_scope(supplier: str, recipient: str) -> bool:
    return recipient in RECIPIENTS or (supplier, recipient) in PAIRS


def locator(row: RegisterRow) -> str:
    year = f"{row.order_year}{'?' if row.order_year_uncertain else ''}"
    return f"Trade Register row: {row.supplier} to {row.recipient}, order year {year}, {row.designation}"


def stage(row: RegisterRow) -> str:
    if row.delivered is None and not row.delivery_years:
        return "ordered"
    if row.ordered is not None and row.delivered is not None and row.delivered >= row.ordered:
        return "delivered"
    return "delivering"


_LICENCE = re.compile(r"licen[cs]e", re.IGNORECASE)
_NO_LICENCE = re.compile(r"abandoned|cancelled|not used|without licen[cs]e", re.IGNORECASE)  # a licence that came to nothing
_AID = re.compile(r"\baid\b", re.IGNORECASE)
_LEASE = re.compile(r"\blease\b", re.IGNORECASE)


def channel(row: RegisterRow) -> str | None:
    """What the comment says of how the transfer was arranged; None where it says nothing."""
    comment = row.comment or ""
    for pattern, value in ((_LICENCE, "licensed_production"), (_AID, "aid"), (_LEASE, "lease")):
        if pattern.search(comment) and not (value == "licensed_production" and _NO_LICENCE.search(comment)):
            return value
    return None


def deliveries(row: RegisterRow) -> list[dict[str, Any]]:
    """One entry per delivery year; a quantity only where a single year makes it unambiguous."""
    if len(row.delivery_years) == 1 and row.delivered is not None and not row.delivered_uncertain:
        return [{"date": str(row.delivery_years[0]), "quantity": row.delivered}]
    return [{"date": str(year)} for year in row.delivery_years]


def fields_for(row: RegisterRow, supplier: str, recipient: str) -> dict[str, Any]:
    """The record's fields as the register states them, in the model's order (no id, no sources)."""
    out: dict[str, Any] = {
        "supplier": supplier, "recipient": recipient, "designation": row.designation,
        "description": row.description, "category": CATEGORIES[row.description].value, "condition": row.condition,
    }
    if row.ordered is not None:
        out["quantity"] = row.ordered
        if row.ordered_uncertain:
            out["quantity_uncertain"] = True
    out["ordered"] = f"{row.order_year}{'?' if row.order_year_uncertain else ''}"
    out["stage"] = stage(row)
    if row.delivery_years:
        out["deliveries"] = deliveries(row)
    if row.delivered is not None:
        out["quantity_delivered"] = row.delivered
        if row.delivered_uncertain:
            out["quantity_delivered_uncertain"] = True
    if (how := channel(row)) is not None:
        out["channel"] = how
    out["sipri"] = reference(row)
    return out


def reference(row: RegisterRow) -> dict[str, Any]:
    """The `sipri` cross-reference: the row's key as SIPRI writes it, its description and comment."""
    sipri: dict[str, Any] = {"designation": row.designation, "order_year": row.order_year,
                             "description": row.description}
    if row.comment:
        sipri["comment"] = row.comment
    return sipri


def _year(edtf: Any) -> int | None:
    match = re.match(r"^(\d{4})", str(edtf or ""))
    return int(match.group(1)) if match else None


def _candidates(record: Existing, row: RegisterRow, supplier: str, recipient: str) -> bool:
    v = record.values
    if (v.get("supplier"), v.get("recipient")) != (supplier, recipient) or not v.get("designation"):
        return False
    year = _year(v.get("ordered")) or _year(v.get("reported"))
    if year is None or abs(year - row.order_year) > 1:
        return False
    if v.get("quantity") is not None and row.ordered is not None and str(v["quantity"]) != str(row.ordered):
        return False  # a different number is a different deal, or a disagreement a curator must judge
    ours, theirs = _norm(v["designation"]), _norm(row.designation)
    return len(min(ours, theirs, key=len)) >= 3 and (ours.startswith(theirs) or theirs.startswith(ours))


def load_deals(root: Path) -> list[Existing]:
    out = []
    for path in sorted((root / "records" / "arms_deals").glob("*.yaml")):
        node, problems = read(path, str(path.relative_to(root)))
        if node is None or problems:
            raise ExtractError(f"{path.relative_to(root)} does not load; run `build.py check` and fix it first")
        out.append(Existing(path, path.read_text(encoding="utf-8"), node, to_python(node)))  # type: ignore[arg-type]
    return out


def _pair(rows: list[RegisterRow], records: list[Existing]) -> tuple[list[tuple[RegisterRow, Existing]], list[RegisterRow]]:
    """Rows and records sharing one key: equal numbers ordered first, then in file order."""
    pairs, rows_left, records_left = [], list(rows), sorted(records, key=lambda r: r.id)
    tests = (
        lambda row, r: r.values["sipri"].get("description") == row.description
        and str(r.values.get("quantity")) == str(row.ordered),
        lambda row, r: r.values["sipri"].get("description") == row.description,
        lambda row, r: str(r.values.get("quantity")) == str(row.ordered),
    )
    for test in tests:
        for row in list(rows_left):
            match = next((r for r in records_left if test(row, r)), None)
            if match is not None:
                pairs.append((row, match))
                rows_left.remove(row)
                records_left.remove(match)
    for row, record in zip(list(rows_left), records_left):
        pairs.append((row, record))
        rows_left.remove(row)
    return pairs, rows_left


def _differences(record: Existing, wanted: dict[str, Any]) -> list[str]:
    v, out = record.values, []
    if v.get("ordered") is not None and _year(v["ordered"]) != _year(wanted["ordered"]):
        out.append(f"ordered {v['ordered']} here, {wanted['ordered']} in the register")
    if v.get("quantity") is not None and "quantity" in wanted and str(v["quantity"]) != str(wanted["quantity"]):
        out.append(f"quantity {v['quantity']} here, {wanted['quantity']} in the register")
    if v.get("stage") != wanted["stage"]:
        out.append(f"stage {v.get('stage')} here, {wanted['stage']} by the register's deliveries")
    return out


def _missing(record: Existing, wanted: dict[str, Any]) -> dict[str, Any]:
    """The register's values for the fields the record leaves out: nothing curated is overwritten."""
    v = record.values
    add = {}
    for name, value in wanted.items():
        if name in ("supplier", "recipient", "designation", "description", "category", "stage"):
            continue  # required or curated wording: the record's own stand
        if name == "channel" and v.get("channel") not in (None, "unknown"):
            continue
        if name in ("quantity_uncertain",) and v.get("quantity") is not None and "quantity" not in add:
            continue  # the flag belongs to the register's number; the record has its own
        if name == "quantity_delivered_uncertain" and "quantity_delivered" not in add:
            continue
        if name in ("deliveries", "quantity_delivered") and (v.get("deliveries") or v.get("quantity_delivered")):
            continue  # deliveries are kept as the curator dated them
        if name in ("deliveries", "quantity_delivered") and v.get("quantity") is not None \
                and str(v["quantity"]) != str(wanted.get("quantity")):
            continue  # the register's deliveries belong to its own number ordered, which differs
        if name == "ordered" and v.get("ordered") is None and v.get("stage") in ("reported", "negotiating", "agreed"):
            continue  # the curator found no order: say so in notes, do not date one
        if v.get(name) in (None, "", "unknown"):
            add[name] = value
    return add


def _cite(row: RegisterRow) -> dict[str, str]:
    return {"source": SOURCE_ID, "locator": locator(row)}


def _cites(record: Existing, row: RegisterRow) -> bool:
    return any(isinstance(c, dict) and c.get("source") == SOURCE_ID and c.get("locator") == locator(row)
               for c in record.values.get("sources") or [])


def _link(deals: list[Existing], spec: str, rows: list[tuple[RegisterRow, str, str]], write: bool) -> None:
    """Give a hand-made record the key of the row a curator matched it to: `ID=DESIGNATION@YEAR`,
    with `#DESCRIPTION` where two rows share designation and year."""
    record_id, _, target = spec.partition("=")
    target, _, description = target.partition("#")
    designation, _, year = target.rpartition("@")
    record = next((d for d in deals if d.id == record_id), None)
    if record is None or not designation or not year.isdigit():
        raise ExtractError(f"--link {spec!r}: expected RECORD-ID=DESIGNATION@YEAR[#DESCRIPTION] naming an arms deal")
    if record.key() is not None:
        return  # linked already (a re-run)
    found = [r for r, s, c in rows if (s, c) == (record.values["supplier"], record.values["recipient"])
             and r.designation == designation and r.order_year == int(year)
             and (not description or r.description == description)]
    found.sort(key=lambda r: str(r.ordered) != str(record.values.get("quantity")))
    if not found:
        raise ExtractError(f"--link {spec!r}: no register row in scope with that pair, designation and year")
    record.text = yaml_text.add_fields(record.text, record.node, {"sipri": reference(found[0])})
    record.node, _ = read_text_node(record.text, record.path)
    record.values = to_python(record.node)  # type: ignore[assignment]
    if write:
        record.path.write_text(record.text, encoding="utf-8")


def run_import(root: Path, rows: list[RegisterRow], since: int = SINCE, write: bool = True,
               links: list[str] | None = None) -> Outcome:
    codes = country_codes(root)
    deals = load_deals(root)
    taken = {p.stem for p in (root / "records").glob("*/*.yaml")}
    outcome = Outcome()
    in_scope_rows: list[tuple[RegisterRow, str, str]] = []
    for row in rows:
        supplier, recipient = codes.get(row.supplier), codes.get(row.recipient)
        if row.order_year < since or recipient is None:
            continue
        if supplier is None:
            if recipient in RECIPIENTS:
                outcome.skipped.append((row, f"supplier '{row.supplier}' is not a state with a country code"))
            continue
        if not in_scope(supplier, recipient):
            continue
        if row.description not in CATEGORIES:
            raise ExtractError(f"line {row.line}: weapon description {row.description!r} is not in "
                               "pipeline/importers/sipri_categories.py; add it there")
        in_scope_rows.append((row, supplier, recipient))  # type: ignore[arg-type]

    for spec in links or []:
        _link(deals, spec, in_scope_rows, write)
    by_key: dict[tuple[str, str, str, int], list[Existing]] = defaultdict(list)
    for deal in deals:
        if (key := deal.key()) is not None:
            by_key[key].append(deal)
    rows_by_key: dict[tuple[str, str, str, int], list[RegisterRow]] = defaultdict(list)
    for row, supplier, recipient in in_scope_rows:
        rows_by_key[(supplier, recipient, row.designation, row.order_year)].append(row)

    matched: list[tuple[RegisterRow, Existing]] = []
    unmatched: list[tuple[RegisterRow, str, str]] = []
    for key, group in rows_by_key.items():
        pairs, left = _pair(group, by_key.get(key, []))
        matched += pairs
        unmatched += [(row, key[0], key[1]) for row in left]

    # Hand-made records without a register key: link where row and record are each other's only candidate.
    loose = [d for d in deals if d.key() is None]
    new: list[tuple[RegisterRow, str, str]] = []
    for row, supplier, recipient in unmatched:
        records = [d for d in loose if _candidates(d, row, supplier, recipient)]
        rivals = [r for r, s, c in unmatched if records and _candidates(records[0], r, s, c)]
        if len(records) == 1 and rivals == [row]:
            matched.append((row, records[0]))
            loose.remove(records[0])
            outcome.links.append((records[0].id, row))
        else:
            new.append((row, supplier, recipient))

    for row, record in matched:
        wanted = fields_for(row, record.values["supplier"], record.values["recipient"])
        outcome.differences += [(record.id, d) for d in _differences(record, wanted)]
        add = _missing(record, wanted)
        cite = not _cites(record, row)
        if not add and not cite:
            outcome.unchanged.append(record.id)
            continue
        outcome.completed[record.id] = list(add) + (["sources"] if cite else [])
        if write:
            text = yaml_text.add_fields(record.text, record.node, add)
            if cite:
                node, _ = read_text_node(text, record.path)
                text = yaml_text.add_citation(text, node, _cite(row))
            record.text = text
            record.path.write_text(text, encoding="utf-8")

    for row, supplier, recipient in sorted(new, key=lambda t: t[0].line):
        base = "-".join([str(row.order_year), ID_WORDS.get(supplier) or _slug(row.supplier),
                         ID_WORDS.get(recipient) or _slug(row.recipient), _slug(row.designation)])
        record_id, n = base, 2
        while record_id in taken:
            record_id, n = f"{base}-{n}", n + 1
        taken.add(record_id)
        outcome.created.append(record_id)
        if write:
            values = {"id": record_id, **fields_for(row, supplier, recipient), "sources": [_cite(row)]}
            (root / "records" / "arms_deals" / f"{record_id}.yaml").write_text(yaml_text.render(values), encoding="utf-8")

    source = root / "records" / "sources" / f"{SOURCE_ID}.yaml"
    if write and not source.exists():
        source.write_text(SOURCE_RECORD, encoding="utf-8")
    return outcome


def read_text_node(text: str, path: Path) -> tuple[Mapping, list[Any]]:
    from pipeline.reading.strict_yaml import parse

    node, problems = parse(str(path), text.encode("utf-8"))
    assert node is not None, problems
    return node, problems


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--extract", type=Path, required=True,
                        help="the Trade Register CSV exported from SIPRI (never commit it)")
    parser.add_argument("--since", type=int, default=SINCE, help=f"first order year to import (default {SINCE})")
    parser.add_argument("--link", action="append", default=[], metavar="ID=DESIGNATION@YEAR[#DESCRIPTION]",
                        help="match a hand-made record to a register row the automatic match misses (repeatable)")
    parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")


def report(outcome: Outcome) -> None:
    print(f"import sipri: {len(outcome.created)} record(s) created, {len(outcome.completed)} completed, "
          f"{len(outcome.unchanged)} unchanged, {len(outcome.skipped)} row(s) skipped")
    for record_id, row in outcome.links:
        print(f"  linked {record_id} to the row {row.shown}")
    for record_id, added in sorted(outcome.completed.items()):
        print(f"  completed {record_id}: {', '.join(added)}")
    for record_id, difference in outcome.differences:
        print(f"  differs {record_id}: {difference}")
    for row, reason in outcome.skipped:
        print(f"  skipped line {row.line} ({row.shown}): {reason}")


def run(args: argparse.Namespace) -> int:
    try:
        rows = read_extract(args.extract)
        outcome = run_import(args.root, rows, args.since, write=not args.dry_run, links=args.link)
    except ExtractError as err:
        print(f"import sipri: {err}", file=sys.stderr)
        return 1
    report(outcome)
    return 0
