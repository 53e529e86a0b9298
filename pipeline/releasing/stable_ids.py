"""Stable ids: an id once published never disappears silently and is never used again.

Published means listed by the last release manifest (releases/<version>.json) or by the committed
dist/json/<table>.json (the last build; from git HEAD when the root is a repository, else on disk).
Each such id needs its record file, or an entry in records/retired.yaml; a retired id may not be a
record's id, and its replacement must exist.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.reading.problems import Problem, ProblemsFound
from pipeline.reading.read import RETIRED, Records, Retired
from pipeline.reading.strict_yaml import locate
from pipeline.reading.tree import GitError, GitTree, Tree, WorkTree, is_repository_root
from pipeline.releasing import manifests
from schema.registry import TABLES

# Countries are keyed by ISO codes the table always lists in full: they cannot vanish with a record.
_TABLES = [t for t in TABLES if t.key == "id"]


def _dist_tree(root: Path) -> tuple[Tree, str]:
    if is_repository_root(root):
        try:
            return GitTree(root, "HEAD"), "the committed "
        except GitError:
            pass  # a repository without a commit yet: the build on disk is all there is
    return WorkTree(root), ""


Published = tuple[dict[str, dict[str, str]], list[Problem]]


def listed_ids(data: bytes, key: str) -> list[str]:
    """The ids in a dist/json file. The build writes one record a line, each opening with its key, so
    the ids are read off the lines' starts; a file in any other shape (an older build's indented one)
    is parsed in full. Parsing 20,000 records only for their ids was a tenth of `check`."""
    lines = data.split(b"\n")
    head = f'{{"{key}": '.encode()
    start = len(head) + 1  # past the opening quote of the id
    if lines[:1] == [b"["] and lines[-2:] == [b"]", b""]:
        ids = [line[start:line.find(b'"', start)] for line in lines[1:-2] if line.startswith(head + b'"')]
        # every line had one, and none holds an escape (ids are slugs; an escaped one is read in full below)
        if len(ids) == len(lines) - 3 and not any(b"\\" in rid or not rid for rid in ids):
            return [rid.decode("utf-8") for rid in ids]
    return [item[key] for item in json.loads(data)]


def published(root: Path) -> Published:
    """Table → id → where it was published, for the messages."""
    out: dict[str, dict[str, str]] = {t.name: {} for t in _TABLES}
    try:
        manifest = manifests.last(root)
    except ProblemsFound as err:
        return out, err.problems
    tree, committed = _dist_tree(root)
    for table in _TABLES:
        data = tree.file(f"dist/json/{table.name}.json")
        where = f"listed in {committed}dist/json/{table.name}.json"
        for rid in listed_ids(data, table.key) if data else []:
            out[table.name][rid] = where
        if manifest is not None:
            for rid in manifest.ids.get(table.name, []):
                out[table.name][rid] = f"released in {manifest.version} ({manifests.path(manifest.version)})"
    return out, []


def _retirement_problems(retired: Retired, records: Records, released: dict[str, dict[str, str]]) -> list[Problem]:
    problems = []
    entries = retired.model.retired
    retired_ids = {e.id for e in entries}
    # Looked up for the few retired ids only: no index of every record (`check --watch` runs this often).
    def in_use(rid: str) -> str | None:
        return next((table for table, ids in records.seen.items() if rid in ids), None)

    def loaded(rid: str, table: str) -> Any:
        return next((r for r in records.by_table.get(table, []) if r.key == rid), None)

    first: dict[str, int] = {}
    for i, entry in enumerate(entries):
        def at(name: str, message: str) -> None:
            problems.append(retired.problem(("retired", i, name), message))

        if entry.id in first:
            at("id", f"'{entry.id}' is retired twice (entry {first[entry.id] + 1})")
            continue
        first[entry.id] = i
        if (used_in := in_use(entry.id)) is not None:
            line = locate(retired.node, ("retired", i)).line
            message = f"'{entry.id}' is retired ({retired.path}:{line}); retired ids are never reused: choose another id"
            record = loaded(entry.id, used_in)
            problems.append(record.problem(("id",), message) if record
                            else Problem(f"records/{used_in}/{entry.id}.yaml", message=message))
        table = entry.table.value
        if elsewhere := [t for t, ids in released.items() if entry.id in ids and t != table]:
            at("table", f"'{entry.id}' was published in {elsewhere[0]}, not {table}")
        target = entry.replaced_by
        if target == entry.id:
            at("replaced_by", "an id cannot replace itself")
        elif target in retired_ids:
            at("replaced_by", f"'{target}' is retired too; name the id that replaces it")
        elif target is not None and in_use(target) is None:
            at("replaced_by", f"no record with id '{target}'")
    return problems


def check(root: Path, records: Records, known: Published | None = None) -> list[Problem]:
    """`known`: what published(root) returns, when the caller has it already."""
    released, problems = known if known is not None else published(root)
    problems = list(problems)
    if records.retired is not None:
        problems += _retirement_problems(records.retired, records, released)
    elif (root / "records" / RETIRED).exists():
        return problems  # retired.yaml has problems of its own; without it every retired id would look gone
    retired_ids = {e.id for e in records.retired.model.retired} if records.retired else set()
    for table in _TABLES:
        for rid, where in sorted(released[table.name].items()):
            if rid not in records.seen.get(table.name, set()) and rid not in retired_ids:
                problems.append(Problem(f"records/{table.name}/{rid}.yaml", message=(
                    f"id '{rid}' has no record but was {where}: restore the file, or retire "
                    f"the id in records/{RETIRED} with a reason and, where a record replaces it, replaced_by")))
    return problems
