"""schema/json/<table>.schema.json: JSON Schemas that let editors complete and check records as typed.

Editors (yaml-language-server) read YAML by the 1.2 core schema, not through our strict loader:
`published: 2019` arrives as an integer, `approximate: false` as a boolean, `2019-02-14` as a
string. So each field accepts every form a valid record takes in an editor's eyes, and rejects
what `build.py check` rejects wherever JSON Schema can say it: vocabularies, patterns, required and
unknown fields, list lengths and minimums. Rules across fields and records stay with the check.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from pipeline.building.build_state import Build
from pipeline.contributing.field_help import describe
from schema.introspect import Shape, shapes
from schema.registry import TABLES, Table
from schema.retired import RetiredList
from schema.scope import Scope
from schema.types import LIST_DELIMITER

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft every YAML and JSON editor supports
# Free text (schema.types: Text, ListItem, Language, Currency) may not be blank and its first
# character may not start a spreadsheet formula.
TEXT_PATTERN = r"^\s*[^\s=+@-]"
# A list item (ListItem) also may not hold the delimiter that joins the items in the CSV.
LIST_ITEM_PATTERN = rf"^\s*[^\s=+@{LIST_DELIMITER}-][^{LIST_DELIMITER}]*$"
# What EDTF strings are made of; the check parses them properly.
EDTF_PATTERN = r"^[0-9X?~%./-]+$"


def path(table: Table) -> str:
    return f"schema/json/{table.name}.schema.json"


def _number(value: int | Decimal) -> int | float:
    return int(value) if value == int(value) else float(value)


def _scalar(shape: Shape) -> dict[str, Any]:
    """The schema of one value (a list's item) as an editor reads it."""
    if shape.enum:
        return {"type": "string", "enum": shape.enum}
    if shape.base is bool:
        return {"type": "boolean"}
    if shape.base in (int, Decimal):
        out: dict[str, Any] = {"type": "integer" if shape.base is int else "number"}
        if shape.minimum is not None:
            out["minimum"] = _number(shape.minimum)
        if shape.exclusive_minimum is not None:
            out["exclusiveMinimum"] = _number(shape.exclusive_minimum)
        return out
    if shape.edtf:  # a bare year is an integer to the editor
        return {"type": ["string", "integer"], "pattern": EDTF_PATTERN}
    if shape.pattern:
        return {"type": "string", "pattern": shape.pattern}
    # Our loader keeps every scalar as text, so `locator: 14` or `title: 1971` is valid text.
    # A list item may not hold the CSV's list delimiter.
    pattern = LIST_ITEM_PATTERN if shape.many else TEXT_PATTERN
    return {"type": ["string", "number", "boolean"], "pattern": pattern}


def _object(model: type[BaseModel]) -> dict[str, Any]:
    fields = shapes(model)
    return {
        "type": "object",
        "properties": {s.name: _field(s) for s in fields},
        "required": [s.name for s in fields if s.required],
        "additionalProperties": False,
    }


def _field(shape: Shape) -> dict[str, Any]:
    item = _object(shape.base) if shape.is_model else _scalar(shape)
    if shape.shorthand:
        short = next(s for s in shapes(shape.base) if s.name == shape.shorthand)
        item = {"anyOf": [_scalar(short), item]}
    out: dict[str, Any] = {"description": describe(shape)}
    if shape.many:
        out |= {"type": "array", "items": item}
        if shape.min_items:
            out["minItems"] = shape.min_items
    else:
        out |= item
    if shape.default is not None:
        out["default"] = shape.default
    if shape.nullable:  # a blank `field:` reads as absent
        out["type"] = [*([out["type"]] if isinstance(out["type"], str) else out["type"]), "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


def schema(table: Table) -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "title": f"{table.name} record",
        "description": f"{table.description} One file per record: records/{table.name}/<{table.key}>.yaml.",
        **_object(table.model),
    }


def render(table: Table) -> bytes:
    return (json.dumps(schema(table), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# The files beside the table folders: name → (model, what the file is).
SINGLE_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "scope": (Scope, "What the register claims to hold completely: records/scope.yaml."),
    "retired": (RetiredList, "Published ids no longer in use, with why and what replaces them: records/retired.yaml."),
}


def render_single(name: str) -> bytes:
    model, description = SINGLE_FILES[name]
    out = {"$schema": DRAFT, "title": f"records/{name}.yaml", "description": description, **_object(model)}
    return (json.dumps(out, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# Where editors find each schema: schema file → the record files it checks (.vscode/settings.json says the same).
EDITOR_MAP: dict[str, list[str]] = {
    **{path(t): [f"records/{t.name}/*.yaml"] for t in TABLES},
    **{f"schema/json/{name}.schema.json": [f"records/{name}.yaml"] for name in SINGLE_FILES},
}

# For pipeline.building.generated: path → function of the build (the schemas depend on the models only).
GENERATORS: dict[str, Callable[[Build], bytes]] = {
    **{path(t): (lambda build, t=t: render(t)) for t in TABLES},
    **{f"schema/json/{name}.schema.json": (lambda build, name=name: render_single(name)) for name in SINGLE_FILES},
}
