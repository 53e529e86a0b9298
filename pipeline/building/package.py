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
from schema.edtf import bounds
from schema.introspect import shapes
from schema.types import LIST_DELIMITER

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
NAME = "south-asia-alignments"


def _cell(value: Any) -> str:
    if value is None:
        return ""
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
    for row in table.rows:
        writer.writerow([_cell(row.get(n)) for n in names])
    return buffer.getvalue().encode("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, StrEnum):
        return value.value
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
        else:
            out[name] = [_plain(v) for v in value] if many else _plain(value)
        if edtf:
            earliest, latest = bounds(value)
            out[f"{name}_earliest"] = _plain(earliest)
            out[f"{name}_latest"] = _plain(latest)
    return out


def json_bytes(items: list[dict[str, Any]]) -> bytes:
    return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def country_json(rows: list[Row], crosswalk: dict[str, BaseModel]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        item = {k: _plain(v) for k, v in row.items() if v is not None}
        record = crosswalk.get(row["code"])
        if record is not None:
            item["sources"] = record_json(record)["sources"]
        out.append(item)
    return out


def resource(table: TableOut, path: str, data: bytes) -> dict[str, Any]:
    schema: dict[str, Any] = {"$schema": TABLE_PROFILE, "fields": table.fields, "missingValues": [""],
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


def json_resource(name: str, path: str, description: str, data: bytes) -> dict[str, Any]:
    return {
        "name": f"{name}-json",
        "path": path,
        "scheme": "file",
        "format": "json",
        "mediatype": "application/json",
        "encoding": "utf-8",
        "description": description,
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
    }


def descriptor(version: str, created: str, resources: list[dict[str, Any]]) -> dict[str, Any]:
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
        "created": created,
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
