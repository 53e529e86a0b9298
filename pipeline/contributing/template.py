"""`python build.py new <table> <id>`: start a record from a template generated from the model.

The template names every field. Required ones are left blank, so `build.py check` points at each
one still to fill in ("is blank"); optional ones are commented out, each with its description and
allowed values, to be uncommented only where a source gives the value.
"""

from __future__ import annotations

import argparse
import re
import textwrap
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, TypeAdapter, ValidationError

from pipeline.contributing import editor_schema
from pipeline.contributing.field_help import describe
from pipeline.reading.problems import Problem
from pipeline.reading.read import SUFFIX
from schema.introspect import Shape, shapes
from schema.registry import BY_NAME, TABLES, Table

Line = tuple[str, str]  # (YAML text with its indentation, help for a trailing comment)
_WIDTH = 100  # of a template line, comments included
_CODE_WIDTH = 30  # column where trailing comments start, unless the YAML is longer


def _help(shape: Shape) -> str:
    text = f"{'required' if shape.required else 'optional'}. {describe(shape)}"
    return text + (f" {'Each item o' if shape.many else 'O'}ne of: {', '.join(shape.enum)}." if shape.enum else "")


def _object(model: type[BaseModel], *, key: tuple[str, str] | None = None, with_help: bool = True,
            required_first: bool = False) -> list[Line]:
    fields = shapes(model)
    if required_first:  # a list item starts with `- field:`, which must not be commented out
        fields = sorted(fields, key=lambda s: not s.required)
    out: list[Line] = []
    for shape in fields:
        if key and shape.name == key[0]:
            out.append((f"{shape.name}: {key[1]}", _help(shape)))
        else:
            out += _field(shape, with_help)
    return out


def _field(shape: Shape, with_help: bool) -> list[Line]:
    lines: list[Line] = [(f"{shape.name}:", _help(shape) if with_help else "")]
    if shape.is_model and shape.many:
        for i in range(shape.min_items or 1):
            item = _object(shape.base, with_help=with_help and i == 0, required_first=True)
            lines += [(("  - " if j == 0 else "    ") + code, text) for j, (code, text) in enumerate(item)]
    elif shape.is_model:
        lines += [("  " + code, text) for code, text in _object(shape.base, with_help=with_help)]
    if not shape.required:
        lines = [("# " + code, text) for code, text in lines]
    return lines


def _format(lines: list[Line]) -> list[str]:
    """Trailing comments in one column, wrapped; a wrapped line is a comment of its own."""
    out = []
    for code, text in lines:
        if not text:
            out.append(code)
            continue
        column = max(_CODE_WIDTH, len(code) + 2)
        wrapped = textwrap.wrap(text, max(40, _WIDTH - column - 2), subsequent_indent="  ")
        out.append(f"{code.ljust(column)}# {wrapped[0]}")
        indent = re.match(r" *", code).group()  # type: ignore[union-attr]
        out += [f"{indent.ljust(column)}# {more}" for more in wrapped[1:]]
    return out


def render(table: Table, key: str) -> str:
    schema = editor_schema.path(table)
    header = [
        f"# yaml-language-server: $schema=../../{schema}",
        f"# A new {table.singular.replace('_', ' ')}: fill in every blank field marked 'required'.",
        "# Uncomment an optional field (delete its leading '# ') only where a source you have read",
        "# gives the value. Conventions: CONTRIBUTING.md. Then run: python build.py check",
    ]
    return "\n".join(header + _format(_object(table.model, key=(table.key, key)))) + "\n"


def _key_problem(table: Table, key: str) -> str | None:
    """Why `key` cannot name a new record of `table`, or None: the key field's own type decides."""
    info = table.model.model_fields[table.key]
    try:
        TypeAdapter(Annotated[(info.annotation, *info.metadata)]).validate_python(key)
    except ValidationError as err:
        return err.errors()[0]["msg"]
    return None


def new_record(root: Path, table: Table, key: str) -> tuple[str | None, list[Problem]]:
    """Write records/<table>/<key>.yaml from the template; the path written, or the problems."""
    rel = f"records/{table.name}/{key}{SUFFIX}"
    reason = _key_problem(table, key)
    if reason:
        return None, [Problem(rel, field=table.key, message=f"{reason}; nothing written")]
    if (root / rel).exists():
        return None, [Problem(rel, message="already exists; edit it instead")]
    if table.name != "countries":  # ids are unique across the event and source tables
        for other in TABLES:
            taken = f"records/{other.name}/{key}{SUFFIX}"
            if other.name != "countries" and (root / taken).exists():
                return None, [Problem(rel, field="id", message=f"'{key}' is already used by {taken}; ids are unique across tables")]
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(render(table, key))
    return rel, []


def cmd_new(args: argparse.Namespace) -> int:
    rel, problems = new_record(args.root, BY_NAME[args.table], args.id)
    for problem in problems:
        print(problem)
    if rel is None:
        return 1
    print(f"new: wrote {rel}; fill in the blank required fields, then run python build.py check")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("table", choices=list(BY_NAME), help="folder under records/")
    parser.add_argument("id", help="the new record's id (for countries, its ISO 3166-1 alpha-3 code)")
