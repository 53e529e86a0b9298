"""Record-level differences between two sets of records, as text or as CHANGELOG markdown.

A record is compared in its nested, dotted-path view (`visitor.role`, `sources[0].locator`), the
view curators edit and problems print, not the flattened CSV columns: one record is one file, so a
change to a citation or a delivery is reported under the record it belongs to, by the path a curator
would look for, rather than as a row of a child table keyed by (parent id, position). Values are the
validated ones (after the model's normalisation), so rewriting `- src` as `{source: src}` is no change.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.reading.read import Records, read_all, read_tree
from pipeline.reading.tree import GitError, GitTree
from schema.registry import TABLES
from schema.retired import Retirement

Flat = dict[str, str]  # dotted path → value as text
_WIDTH = 100  # longest value shown; free text can run to paragraphs


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return str(value)


def flatten(value: Any, prefix: str = "") -> Flat:
    """Nested dicts and lists of dicts → dotted paths; lists of plain values stay one value."""
    if isinstance(value, dict):
        out: Flat = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list) and any(isinstance(v, dict) for v in value):
        out = {}
        for i, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{i}]"))
        return out
    return {prefix: _text(value)}


def view(model: BaseModel) -> Flat:
    return flatten(model.model_dump(mode="json", exclude_none=True))


@dataclass(frozen=True)
class FieldChange:
    path: str
    old: str | None  # None: the field was absent
    new: str | None


@dataclass
class TableDiff:
    table: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[FieldChange]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


Views = dict[str, dict[str, Flat]]  # table → id → the record's dotted view


def compare(old: Records, new: Records) -> list[TableDiff]:
    """Per table, in the registry's order: ids added, removed, and changed with their fields."""
    return compare_views(_views(old), _views(new))


def _views(records: Records) -> Views:
    return {t.name: {r.key: view(r.model) for r in records.by_table[t.name]} for t in TABLES}


def compare_views(before_all: Views, after_all: Views, ignore: dict[str, set[str]] | None = None) -> list[TableDiff]:
    """The comparison itself, for the record tables and then any other view given (the scope's claims);
    `ignore`: table → top-level fields left out (those a schema change added or removed, reported once as such
    rather than as a change to every record)."""
    out = []
    names = [t.name for t in TABLES]
    for name in names + sorted((before_all.keys() | after_all.keys()) - set(names)):
        before, after = before_all.get(name, {}), after_all.get(name, {})
        skip = (ignore or {}).get(name, set())
        diff = TableDiff(name, sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys()))
        for rid in sorted(before.keys() & after.keys()):
            a, b = before[rid], after[rid]
            paths = sorted(p for p in a.keys() | b.keys() if _top(p) not in skip)
            changes = [FieldChange(p, a.get(p), b.get(p)) for p in paths if a.get(p) != b.get(p)]
            if changes:
                diff.changed[rid] = changes
        out.append(diff)
    return out


def _top(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


# Fields the build derives from others (bounds of dates, the event date): a change shows in its source field.
_DERIVED_SUFFIXES = ("_earliest", "_latest")
_DERIVED = {"event_date", "event_date_field"}


def published_views(files: dict[str, bytes]) -> Views:
    """The records as a release published them (dist/json/<table>.json), derived fields left out: what a
    release is compared with, so a comparison needs no model that can still read the old records."""
    out: Views = {}
    for table in TABLES:
        data = files.get(f"json/{table.name}.json")
        items = json.loads(data) if data else []
        out[table.name] = {
            str(item[table.key]): {p: v for p, v in flatten(item).items()
                                   if not (_top(p) in _DERIVED or _top(p).endswith(_DERIVED_SUFFIXES))}
            for item in items
        }
    return out


# What a scope row claims: a change to any of these changes which panel counts are numbers.
SCOPE_CLAIM = ("completeness", "start", "end", "included", "signed_during_roles", "signatory_roles")


def scope_view(scope_csv: bytes | None, gaps_csv: bytes | None) -> dict[str, Flat]:
    """The claims of a published scope.csv (and its scope_gaps.csv, where the release had one), by scope id."""
    def rows(data: bytes | None) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(data.decode("utf-8")))) if data else []
    out = {row["id"]: {k: row[k] for k in SCOPE_CLAIM if row.get(k)} for row in rows(scope_csv)}
    for gap in rows(gaps_csv):
        if gap["scope_id"] in out:
            claim = out[gap["scope_id"]]
            roles = f" ({gap['roles']})" if gap.get("roles") else ""  # a gap's roles decide which columns it blanks
            claim["gaps"] = ";".join(filter(None, [claim.get("gaps"), f"{gap['start']}/{gap['end']}{roles}"]))
    return out


def retirements(records: Records) -> dict[str, Retirement]:
    return {e.id: e for e in records.retired.model.retired} if records.retired else {}


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= _WIDTH else value[: _WIDTH - 1] + "…"


def _retired_note(entry: Retirement | None, code: str = "") -> str:
    if entry is None:
        return " (not retired)"
    replaced = f"; replaced by {code}{entry.replaced_by}{code}" if entry.replaced_by else ""
    return f" (retired: {_short(entry.reason).rstrip('.')}{replaced})"


def text(diffs: list[TableDiff], retired: dict[str, Retirement]) -> str:
    lines = []
    for d in diffs:
        if not d:
            continue
        lines.append(f"{d.table}: {len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed")
        lines += [f"  + {rid}" for rid in d.added]
        lines += [f"  - {rid}{_retired_note(retired.get(rid))}" for rid in d.removed]
        for rid, changes in d.changed.items():
            lines.append(f"  ~ {rid}")
            for c in changes:
                old = "(absent)" if c.old is None else _short(c.old)
                new = "(absent)" if c.new is None else _short(c.new)
                lines.append(f"      {c.path}: {old} → {new}")
    return "\n".join(lines) + "\n" if lines else "no changes\n"


def _code(value: str) -> str:
    return "`" + _short(value).replace("`", "'") + "`"


def _md_change(c: FieldChange) -> str:
    if c.old is None:
        return f"{_code(c.path)} added: {_code(c.new or '')}"
    if c.new is None:
        return f"{_code(c.path)} removed (was {_code(c.old)})"
    return f"{_code(c.path)}: {_code(c.old)} → {_code(c.new)}"


def markdown(diffs: list[TableDiff], retired: dict[str, Retirement]) -> str:
    """One `###` section per table that changed, ready to paste under a CHANGELOG version."""
    parts = []
    for d in diffs:
        if not d:
            continue
        lines = [f"### {d.table}", ""]
        if d.added:
            lines.append(f"- Added ({len(d.added)}): " + ", ".join(_code(r) for r in d.added))
        if d.removed:
            lines.append(f"- Removed ({len(d.removed)}):")
            lines += [f"  - {_code(r)}{_retired_note(retired.get(r), '`')}" for r in d.removed]
        if d.changed:
            lines.append(f"- Changed ({len(d.changed)}):")
            for rid, changes in d.changed.items():
                lines.append(f"  - {_code(rid)}: " + "; ".join(_md_change(c) for c in changes))
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts) if parts else "No record changed.\n"


def run(root: Path, ref: str, fmt: str) -> int:
    """`build.py diff REF`: 0 nothing changed, 1 changes found, 2 the comparison could not be made."""
    try:
        old, old_problems = read_tree(GitTree(root, ref))
    except GitError as err:
        print(f"diff: {err}", file=sys.stderr)
        return 2
    new, new_problems = read_all(root, root / "records")
    for side, problems in ((f"at {ref}", old_problems), ("in the working tree", new_problems)):
        if problems:
            for problem in problems:
                print(f"{problem} ({side})", file=sys.stderr)
            print(f"diff: the records {side} have {len(problems)} problem(s); nothing compared", file=sys.stderr)
            return 2
    diffs = compare(old, new)
    show = markdown if fmt == "markdown" else text
    print(show(diffs, retirements(new)), end="")
    return 1 if any(diffs) else 0


def cmd_diff(args: argparse.Namespace) -> int:
    return run(args.root, args.ref, args.format)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", help="a git commit, branch or tag of the repository at --root")
    parser.add_argument("--format", choices=["text", "markdown"], default="text",
                        help="markdown: sections ready for CHANGELOG.md")
