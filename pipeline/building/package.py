"""Serialise tables to CSV and JSON bytes, and describe them in a Data Package v2 descriptor."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from pipeline.building.tables import Row, TableOut
from schema.edtf import iso_bounds
from schema.introspect import shapes
from schema.types import LIST_DELIMITER

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
NAME = "south-asia-alignments"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is str:  # most cells: no isinstance chain (700,000 cells at 20,000 records)
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return LIST_DELIMITER.join(_cell(v) for v in value)
    return str(value)


def csv_bytes(table: TableOut) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [f["name"] for f in table.fields]
    writer.writerow(names)
    for row in table.rows:  # text cells inline, the rest through _cell: 700,000 calls saved at 20,000 records
        writer.writerow([v if type(v) is str else _cell(v) for v in map(row.get, names)])
    return buffer.getvalue().encode("utf-8")


def _plain(value: Any) -> Any:
    if value is None or type(value) is str:
        return value  # most values
    if isinstance(value, StrEnum):
        return value._value_  # the member's own attribute: `.value` is a slow descriptor
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


@functools.cache  # once per model class, not once per record
def _json_fields(model: type[BaseModel]) -> tuple[tuple[str, bool, bool, bool], ...]:
    """(name, is a model, is a list, is an EDTF date) of each field, in table order."""
    return tuple((s.name, s.is_model, s.many, s.edtf) for s in shapes(model))


def record_json(model: BaseModel) -> dict[str, Any]:
    """The record as validated, nested, without empty fields, with derived date bounds beside dates."""
    out: dict[str, Any] = {}
    for name, is_model, many, edtf in _json_fields(type(model)):
        value = getattr(model, name)
        if value is None:
            continue
        if is_model:
            out[name] = [record_json(v) for v in value] if many else record_json(value)
        elif many:
            out[name] = [v if type(v) is str else _plain(v) for v in value]
        else:
            out[name] = value if type(value) is str else _plain(value)  # text inline: most values
        if edtf:
            out[f"{name}_earliest"], out[f"{name}_latest"] = iso_bounds(value)
    return out


_ENCODER = json.JSONEncoder(ensure_ascii=False)


def json_bytes(items: list[dict[str, Any]]) -> bytes:
    """A JSON array of one record a line: a changed record is one changed line in a diff, and each line
    goes through json's C encoder (`indent=` takes the pure-Python one: a third of rendering dist/ at
    20,000 records)."""
    if not items:
        return b"[]\n"
    encode = _ENCODER.encode  # one encoder for every line: json.dumps with options builds one per call
    return ("[\n" + ",\n".join(map(encode, items)) + "\n]\n").encode("utf-8")


def country_json(rows: list[Row], crosswalk: dict[str, BaseModel]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        item = {k: _plain(v) for k, v in row.items() if v is not None}
        record = crosswalk.get(row["code"])
        if record is not None:
            item["sources"] = record_json(record)["sources"]
        out.append(item)
    return out


def _sql_safe(field: dict[str, Any]) -> dict[str, Any]:
    """The field without a `pattern` where it is optional: frictionless turns a pattern into a SQL CHECK
    that fails on NULL, so the package could not be published to SQL. The records are checked against
    every pattern before the build; the optional ids among these are foreign keys, checked as such."""
    constraints = field.get("constraints", {})
    if "pattern" not in constraints or constraints.get("required"):
        return field
    return field | {"constraints": {k: v for k, v in constraints.items() if k != "pattern"}}


def resource(table: TableOut, path: str, data: bytes) -> dict[str, Any]:
    fields = [_sql_safe(f) for f in table.fields]
    schema: dict[str, Any] = {"$schema": TABLE_PROFILE, "fields": fields, "missingValues": [""],
                              "primaryKey": table.primary_key}
    if table.foreign_keys:
        schema["foreignKeys"] = table.foreign_keys
    return {
        "name": table.name,
        "type": "table",
        "path": path,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table.description,
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "schema": schema,
    }


def _json_type(values: list[Any]) -> str:
    """The type of a JSON-only field (a nested record, or a list of them), from its values."""
    if any(isinstance(v, list) for v in values):
        return "array"
    if any(isinstance(v, dict) for v in values):
        return "object"
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "number"
    return "string"


def json_schema(items: list[dict[str, Any]], table: TableOut) -> dict[str, Any]:
    """A Table Schema for the nested records, one row each, nested parts as arrays and objects.

    With it frictionless reads the JSON resources as tables (and publishes them to SQL) instead of
    failing on resources without columns. Top-level fields in order of first appearance.
    """
    flat = {f["name"]: f for f in table.fields}
    names = list(dict.fromkeys(k for item in items for k in item))
    fields = []
    for name in names:
        if name in flat:  # the CSV column's type, stable as the data grows ("list" as an array); no scan
            kind = str(flat[name]["type"])
            type_ = "array" if kind == "list" else kind
        else:
            type_ = _json_type([i[name] for i in items if name in i])
        field: dict[str, Any] = {"name": name, "type": type_}
        if name in flat and flat[name].get("description"):
            field["description"] = flat[name]["description"]
        fields.append(field)
    return {"$schema": TABLE_PROFILE, "fields": fields, "primaryKey": table.primary_key}


def json_resource(name: str, path: str, description: str, data: bytes, schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON file of nested records as a table resource. The dialect names the keys in order (Table
    Dialect v2's itemKeys, and frictionless's own `json.keys`, which it reads instead of guessing the
    header from the first record). No `bytes`: frictionless's streaming JSON reader counts none and
    would report a mismatch; the hash pins the file."""
    keys = [f["name"] for f in schema["fields"]]
    return {
        "name": f"{name}-json",
        "type": "table",
        "path": path,
        "scheme": "file",
        "format": "json",
        "mediatype": "application/json",
        "encoding": "utf-8",
        "description": description,
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "dialect": {"itemType": "object", "itemKeys": keys, "json": {"keys": keys}},
        "schema": schema,
    }


def descriptor(version: str, created: str | None, as_of: str | None,
               resources: list[dict[str, Any]]) -> dict[str, Any]:
    """`created` is the day this version was released (absent before a first release); `dataAsOf`, a
    custom property, the newest publication day among the sources: the data's as-of date."""
    dates: dict[str, str] = {}
    if created:
        dates["created"] = created
    if as_of:
        dates["dataAsOf"] = as_of
    return {
        "$schema": PROFILE,
        "name": NAME,
        "title": "South Asia alignments: agreements, official visits and arms deals",
        "description": (
            "A hand-curated, sourced dataset of the agreements, official visits and arms deals that "
            "trace the shifting alignments around South Asia. Every row cites its sources; dates are "
            "EDTF strings with derived earliest and latest days."
        ),
        "version": version,
        **dates,
        "keywords": ["South Asia", "Pakistan", "India", "China", "Russia", "arms transfers",
                     "diplomatic visits", "international agreements"],
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0",
                      "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "contributors": [{"title": "south-asia-alignments contributors", "roles": ["author"]}],
        "sources": [{"title": "Published reports, statements and analyses, one row each in the sources resource",
                     "path": "csv/sources.csv"}],
        "resources": resources,
    }


def encode_descriptor(desc: dict[str, Any]) -> bytes:
    return (json.dumps(desc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
