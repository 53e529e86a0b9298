"""Build every output file of the package in memory; `publish` puts them in place."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pipeline.building import retired_table
from pipeline.building.package import (
    country_json,
    csv_bytes,
    descriptor,
    encode_descriptor,
    json_bytes,
    json_resource,
    record_json,
    resource,
)
from pipeline.building.tables import build_tables
from pipeline.reading.read import Records
from schema.edtf import bounds
from schema.registry import TABLES


def version(root: Path) -> str:
    with (root / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def created(records: Records) -> str:
    """The newest publication day among the sources: the data's 'as of', never the clock."""
    days = [bounds(r.model.published).earliest for r in records.by_table["sources"] if r.model.published]
    newest = max((d for d in days if d is not None), default=None)
    return f"{newest.isoformat()}T00:00:00Z" if newest else "1970-01-01T00:00:00Z"


def render(root: Path, records: Records) -> dict[str, bytes]:
    """Relative path → file contents of the whole package."""
    models = {name: [r.model for r in rows] for name, rows in records.by_table.items()}
    files: dict[str, bytes] = {}
    resources = []
    tables = build_tables(models)
    for table in tables:
        path = f"csv/{table.name}.csv"
        files[path] = csv_bytes(table)
        resources.append(resource(table, path, files[path]))
    retired = retired_table.build(root, records, version(root))
    files[retired_table.PATH] = csv_bytes(retired)
    resources.append(resource(retired, retired_table.PATH, files[retired_table.PATH]))
    by_name = {t.name: t for t in tables}
    for table in TABLES:
        path = f"json/{table.name}.json"
        if table.name == "countries":
            items = country_json(by_name["countries"].rows, {m.code: m for m in models["countries"]})
        else:
            items = [record_json(m) for m in sorted(models[table.name], key=lambda m: m.id)]
        files[path] = json_bytes(items)
        resources.append(json_resource(table.name, path, f"{table.description} Nested records, as JSON.", files[path]))
    files["datapackage.json"] = encode_descriptor(descriptor(version(root), created(records), resources))
    return files
