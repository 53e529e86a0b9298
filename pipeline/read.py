"""records/ → validated models, with every problem located at its file, line and column."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from pipeline.problems import Problem
from pipeline.strict_yaml import Mapping, locate, read, to_python
from schema.common import Strict
from schema.introspect import field_names
from schema.registry import BY_NAME, Table

SUFFIX = ".yaml"


@dataclass(frozen=True)
class Loaded:
    """One valid record and where it came from."""

    table: Table
    path: str  # as printed in problems: relative to the repository
    node: Mapping
    model: Strict

    @property
    def key(self) -> str:
        return getattr(self.model, self.table.key)

    def problem(self, loc: tuple[int | str, ...], message: str) -> Problem:
        node = locate(self.node, loc)
        return Problem(self.path, node.line, node.column, dotted(loc), message)


@dataclass
class Records:
    by_table: dict[str, list[Loaded]]
    files: int  # record files seen, valid or not

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


def read_record(table: Table, path: Path, shown_as: str) -> tuple[Loaded | None, list[Problem]]:
    node, problems = read(path, shown_as)
    if node is None:
        return None, problems
    try:
        model = table.model.model_validate(to_python(node))
    except ValidationError as err:
        for error in err.errors():
            loc = tuple(error["loc"])
            spot = locate(node, loc, at_key=error["type"] == "extra_forbidden")
            problems.append(Problem(shown_as, spot.line, spot.column, dotted(loc), describe(error, table.model)))
        return None, problems
    return (None if problems else Loaded(table, shown_as, node, model)), problems


def read_all(root: Path, records_dir: Path) -> tuple[Records, list[Problem]]:
    """Every record under records/; a record with any problem is left out of the result."""
    by_table: dict[str, list[Loaded]] = {name: [] for name in BY_NAME}
    problems: list[Problem] = []
    files = 0
    if not records_dir.is_dir():
        return Records(by_table, 0), [Problem(str(records_dir), message="records folder not found")]
    for entry in sorted(records_dir.iterdir()):
        shown = entry.relative_to(root).as_posix()
        if entry.name.startswith("."):
            continue
        table = BY_NAME.get(entry.name)
        if table is None or not entry.is_dir():
            expected = ", ".join(BY_NAME)
            problems.append(Problem(shown, message=f"unexpected entry in records/ (folders are {expected})"))
            continue
        for path in sorted(table_path for table_path in entry.iterdir() if not table_path.name.startswith(".")):
            shown = path.relative_to(root).as_posix()
            if path.suffix != SUFFIX or not path.is_file() or path.is_symlink():
                problems.append(Problem(shown, message=f"unexpected file: records are regular files named <id>{SUFFIX}"))
                continue
            files += 1
            loaded, found = read_record(table, path, shown)
            problems += found
            if loaded is not None:
                by_table[table.name].append(loaded)
    return Records(by_table, files), problems
