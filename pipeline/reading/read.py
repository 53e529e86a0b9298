"""records/ → validated models, with every problem located at its file, line and column."""

from __future__ import annotations

import difflib
import functools
import gc
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from pipeline.reading.check_cache import Cache, Entry
from pipeline.reading.problems import Problem
from pipeline.reading.strict_yaml import (
    MAX_BYTES,
    MAX_REGISTER_FILE_BYTES,
    Mapping,
    locate,
    parse,
    quick_values,
    to_python,
    too_big,
)
from pipeline.reading.tree import Item, Tree, WorkTree
from schema.common import Strict
from schema.introspect import field_names
from schema.registry import BY_NAME, Table
from schema.retired import RetiredList
from schema.rules import Findings, record_findings
from schema.scope import Scope

SUFFIX = ".yaml"
RETIRED = "retired.yaml"  # records/retired.yaml and records/scope.yaml: the files beside the table folders
SCOPE = "scope.yaml"


@dataclass(frozen=True)
class Loaded:
    """One valid record and where it came from."""

    table: Table
    path: str  # as printed in problems: relative to the repository
    model: Strict
    # The file as read, or where to read it again when the cache vouched for it unread: the located
    # node tree is built only if a problem needs it.
    source: bytes | Path

    @functools.cached_property  # asked for by every rule across records, for every record
    def key(self) -> str:
        return getattr(self.model, self.table.key)

    @functools.cached_property
    def node(self) -> Mapping:
        source = self.source if isinstance(self.source, bytes) else _reread(self.source)
        node, _ = parse(self.path, source)
        return node if node is not None else Mapping(1, 1)  # changed under us since: locate at the top

    @functools.cached_property
    def findings(self) -> Findings:
        """What the one-record rules find in it (schema/rules.py); the cache hands them over ready."""
        return record_findings(self)

    @classmethod
    def known(cls, table: Table, path: str, model: Strict, source: bytes | Path, findings: Findings) -> Loaded:
        loaded = cls(table, path, model, source)
        loaded.__dict__["findings"] = findings  # what cached_property would store: it is not worked out again
        return loaded

    def problem(self, loc: tuple[int | str, ...], message: str) -> Problem:
        node = locate(self.node, loc)
        return Problem(self.path, node.line, node.column, dotted(loc), message)


@dataclass(frozen=True)
class SingleFile:
    """A file beside the table folders (retired.yaml, scope.yaml), valid, and where it came from."""

    path: str
    node: Mapping
    model: Strict

    def problem(self, loc: tuple[int | str, ...], message: str) -> Problem:
        node = locate(self.node, loc)
        return Problem(self.path, node.line, node.column, dotted(loc), message)


@dataclass
class Records:
    by_table: dict[str, list[Loaded]]
    files: int  # record files seen, valid or not
    retired: SingleFile | None = None  # None when there is no records/retired.yaml (or it is invalid)
    scope: SingleFile | None = None  # None when there is no records/scope.yaml (or it is invalid)
    # table → ids of every record file seen, valid or not: a record with a typo has not disappeared
    seen: dict[str, set[str]] = field(default_factory=dict)

    def all(self) -> list[Loaded]:
        return [r for rows in self.by_table.values() for r in rows]


def dotted(loc: tuple[int | str, ...]) -> str:
    """('parties', 1, 'country') → 'parties[1].country'."""
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else step)
    return out


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"


def _closest(word: str, options: list[str]) -> str:
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


def describe(error: ErrorDetails, model: type[Strict]) -> str:
    """A message in a curator's terms: what was wrong, what is allowed, what was probably meant."""
    kind, value = error["type"], error.get("input")
    if value is None and kind != "missing":  # a blank `field:`, as a new record's template leaves it
        return "is blank: fill in a value, or remove the line if the field is optional"
    if kind == "enum":
        allowed = re.findall(r"'([^']*)'", error.get("ctx", {}).get("expected", ""))
        return f"{_short(value)} is not one of {', '.join(allowed)}{_closest(str(value), allowed)}"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        return f"unknown field '{name}'{_closest(name, field_names(model, error['loc'][:-1]))}"
    if kind == "missing":
        return "is required"
    if kind in ("too_short", "too_long"):
        return error["msg"].replace("List should have", "needs").replace(" after validation", "")
    if error.get("ctx") is None and kind not in ("string_type", "dict_type", "list_type", "model_type"):
        return error["msg"]  # our own types already name the value
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"should be a mapping of field: value, not {_short(value)}"
    if kind == "list_type":
        return f"should be a list, not {_short(value)}"
    if kind == "string_type":
        return f"should be a single value, not {_short(value)}"
    return f"{error['msg']} (got {_short(value)})"


def validate(model: type[Strict], node: Mapping, shown_as: str) -> tuple[Strict | None, list[Problem]]:
    try:
        return model.model_validate(to_python(node)), []
    except ValidationError as err:
        problems = []
        for error in err.errors():
            loc = tuple(error["loc"])
            spot = locate(node, loc, at_key=error["type"] == "extra_forbidden")
            problems.append(Problem(shown_as, spot.line, spot.column, dotted(loc), describe(error, model)))
        return None, problems


def read_file(tree: Tree, item: Item, cap: int = MAX_BYTES) -> tuple[Mapping | None, list[Problem]]:
    """The file's top-level mapping through the strict loader; a file over the cap is never read."""
    if item.size > cap:
        return None, [too_big(item.path, item.size, cap)]
    try:
        data = tree.read(item, cap + 1)
    except OSError as err:  # unreadable (permissions, I/O): a problem, never a traceback
        return None, [Problem(item.path, message=f"cannot read the file: {err.strerror or err}")]
    return parse(item.path, data, cap)


def _unreadable_name(item: Item) -> Problem | None:
    """A file name that is not UTF-8 reaches us as surrogates: it cannot be an id, and prints escaped."""
    try:
        item.path.encode("utf-8")
    except UnicodeEncodeError:
        return Problem(item.path, message="the file name is not valid UTF-8; rename it")
    return None


def _items(tree: Tree, folder: str) -> tuple[list[Item] | None, list[Problem]]:
    try:
        return tree.items(folder), []
    except OSError as err:
        return [], [Problem(folder, message=f"cannot read the folder: {err.strerror or err}")]


def read_record(table: Table, tree: Tree, item: Item, cache: Cache | None = None) -> tuple[Loaded | None, list[Problem]]:
    if item.size > MAX_BYTES:
        return None, read_file(tree, item)[1]  # the cap's problem; the file is never read
    if cache is not None and isinstance(tree, WorkTree) and (entry := cache.unchanged(item.path, table.name, item.stamp)):
        return _from_entry(table, item.path, tree.where(item), entry)  # settled and unchanged: not read
    try:
        data = tree.read(item, MAX_BYTES + 1)
    except OSError as err:  # unreadable (permissions, I/O): a problem, never a traceback
        return None, [Problem(item.path, message=f"cannot read the file: {err.strerror or err}")]
    if cache is None:
        return check_record(table, item.path, data)
    entry = cache.get(item.path, table.name, data, item.stamp)
    if entry is None:
        loaded, problems = check_record(table, item.path, data)
        entry = cache.put(item.path, table.name, data, item.stamp, loaded, problems)
    return _from_entry(table, item.path, data, entry)


def _reread(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def _from_entry(table: Table, path: str, data: bytes | Path, entry: Entry) -> tuple[Loaded | None, list[Problem]]:
    if entry.model is None or entry.findings is None:
        return None, list(entry.problems)
    return Loaded.known(table, path, entry.model, data, entry.findings), list(entry.problems)


def check_record(table: Table, path: str, data: bytes) -> tuple[Loaded | None, list[Problem]]:
    """One record file's bytes → its model, or its problems; a function of path and bytes alone."""
    values = quick_values(data)
    if values is not None:  # a clean file: validate its values, no positions needed unless it fails
        try:
            return Loaded(table, path, table.model.model_validate(values), data), []
        except ValidationError:
            pass  # the full reader below locates each error
    node, problems = parse(path, data)
    if node is None:
        return None, problems
    model, found = validate(table.model, node, path)
    problems += found
    return (None if problems or model is None else Loaded(table, path, model, data)), problems


Retired = SingleFile  # records/retired.yaml


def read_single(tree: Tree, item: Item, model_type: type[Strict]) -> tuple[SingleFile | None, list[Problem]]:
    node, problems = read_file(tree, item, MAX_REGISTER_FILE_BYTES)
    if node is None:
        return None, problems
    model, found = validate(model_type, node, item.path)
    problems += found
    return (None if problems or model is None else SingleFile(item.path, node, model)), problems


# file name → (attribute of Records, model)
_SINGLE_FILES: dict[str, tuple[str, type[Strict]]] = {RETIRED: ("retired", RetiredList), SCOPE: ("scope", Scope)}


def read_tree(tree: Tree, folder: str = "records", cache: Cache | None = None) -> tuple[Records, list[Problem]]:
    """Every record under records/ of a tree (on disk or at a commit); a record with any problem
    is left out of the result. With a cache, a file whose bytes it knows is not read again."""
    records = Records({name: [] for name in BY_NAME}, 0, seen={name: set() for name in BY_NAME})
    entries, problems = _items(tree, folder)
    if entries is None:
        return records, [Problem(folder, message="records folder not found")]
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if bad_name := _unreadable_name(entry):
            problems.append(bad_name)
            continue
        if entry.name in _SINGLE_FILES and entry.kind == "file":
            attribute, model_type = _SINGLE_FILES[entry.name]
            single, found = read_single(tree, entry, model_type)
            setattr(records, attribute, single)
            problems += found
            continue
        table = BY_NAME.get(entry.name)
        if table is None or entry.kind != "dir":
            expected = ", ".join(BY_NAME)
            problems.append(Problem(entry.path, message=f"unexpected entry in records/ (folders are {expected}; files {', '.join(_SINGLE_FILES)})"))
            continue
        items, found = _items(tree, entry.path)
        problems += found
        for item in items or []:
            if item.name.startswith("."):
                continue
            if bad_name := _unreadable_name(item):
                problems.append(bad_name)
                continue
            if not item.name.endswith(SUFFIX) or item.kind != "file":
                problems.append(Problem(item.path, message=f"unexpected file: records are regular files named <id>{SUFFIX}"))
                continue
            records.files += 1
            records.seen[table.name].add(item.name.removesuffix(SUFFIX))
            loaded, found = read_record(table, tree, item, cache)
            problems += found
            if loaded is not None:
                records.by_table[table.name].append(loaded)
    return records, problems


def read_all(root: Path, records_dir: Path, cache: bool = False) -> tuple[Records, list[Problem]]:
    """The working tree's records (records_dir is root/records); `cache`: reuse and update
    root/.cache/check/ (see check_cache.py)."""
    # Reading makes hundreds of thousands of objects and no reference cycles: the cyclic collector
    # would only rescan them, again and again (a quarter of the time at 20,000 records).
    if records_dir.is_symlink():  # git would commit the link, not the records the build read
        return (Records({name: [] for name in BY_NAME}, 0, seen={name: set() for name in BY_NAME}),
                [Problem(records_dir.relative_to(root).as_posix(),
                         message="is a symbolic link; the records must be a real folder inside the repository")])
    collecting = gc.isenabled()
    gc.disable()
    try:
        cached = Cache.open(root) if cache else None
        out = read_tree(WorkTree(root), records_dir.relative_to(root).as_posix(), cached)
        if cached is not None:
            cached.save()
    finally:
        if collecting:
            # The records live to the end of the run: later collections skip them (0.5 s of 2 s at
            # 20,000). Frozen objects are still freed by reference counting; only cycles among them stay.
            gc.freeze()
            gc.enable()
    return out
