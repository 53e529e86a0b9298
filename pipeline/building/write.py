"""Build every output file of the package in memory; `publish` puts them in place."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pipeline.building import country_codes, panels, retired_table
from pipeline.building.aside import aside
from pipeline.building.package import (
    country_json,
    csv_bytes,
    descriptor,
    encode_descriptor,
    json_bytes,
    json_resource,
    json_schema,
    record_json,
    resource,
)
from pipeline.building.tables import TableOut, build_tables, event_date_json
from pipeline.reading.read import Records
from schema.edtf import bounds
from schema.registry import TABLES


def version(root: Path) -> str:
    with (root / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def as_of(records: Records) -> str | None:
    """The newest publication day among the sources: the data's 'as of', never the clock."""
    days = [bounds(r.model.published).earliest for r in records.by_table["sources"] if r.model.published]
    newest = max((d for d in days if d is not None), default=None)
    return newest.isoformat() if newest else None


def created(root: Path, release_date: str | None = None) -> str | None:
    """When this version of the package was made, as the standard means `created`: the day of its release
    (`release_date` while a release is being cut, else releases/<version>.json); None before any."""
    if release_date is None:
        manifest = root / "releases" / f"{version(root)}.json"
        if not manifest.is_file():
            return None
        release_date = str(json.loads(manifest.read_text(encoding="utf-8"))["date"])
    return f"{release_date}T00:00:00Z"


def event_json_files(models: dict[str, list[BaseModel]]) -> dict[str, tuple[bytes, dict[str, Any]]]:
    """json/<table>.json and its Table Schema for every table but countries (which needs the countries rows)."""
    schemas = {t.name: t for t in build_tables({name: [] for name in models})}  # columns need no rows
    out = {}
    for table in TABLES:
        if table.name != "countries":
            items = [record_json(m) | event_date_json(m) for m in sorted(models[table.name], key=lambda m: m.id)]
            out[table.name] = (json_bytes(items), json_schema(items, schemas[table.name]))
    return out


def _csv_files(root: Path, records: Records, models: dict[str, list[BaseModel]]
               ) -> tuple[dict[str, bytes], list[dict[str, Any]], list[TableOut]]:
    """csv/<table>.csv for every table, derived ones too, with their resources and the record tables."""
    files: dict[str, bytes] = {}
    resources = []
    tables = build_tables(models)
    derived = [retired_table.build(root, records, version(root)), country_codes.build(root, models["countries"])]
    if records.scope is not None:
        derived += panels.tables(records.scope.model, models)
    for table in tables + derived:
        path = f"csv/{table.name}.csv"
        files[path] = csv_bytes(table)
        resources.append(resource(table, path, files[path]))
    return files, resources, tables


def render(root: Path, records: Records, release_date: str | None = None, parallel: bool = True) -> dict[str, bytes]:
    """Relative path → file contents of the whole package; `release_date` while a release is cut.
    `parallel`: let a second process render the nested JSON (the output is the same)."""
    models = {name: [r.model for r in rows] for name, rows in records.by_table.items()}
    # the nested JSON is a third of the work and shares nothing with the CSV: rendered aside meanwhile
    with aside(lambda: event_json_files(models), parallel) as events_json:
        files, resources, tables = _csv_files(root, records, models)
        countries_table = next(t for t in tables if t.name == "countries")
        countries = country_json(countries_table.rows, {m.code: m for m in models["countries"]})
        rendered = events_json() | {"countries": (json_bytes(countries), json_schema(countries, countries_table))}
    for table in TABLES:
        path = f"json/{table.name}.json"
        data, schema = rendered[table.name]
        files[path] = data
        resources.append(json_resource(table.name, path, f"{table.description} Nested records, as JSON.", data, schema))
    files["datapackage.json"] = encode_descriptor(
        descriptor(version(root), created(root, release_date), as_of(records), resources))
    return files
