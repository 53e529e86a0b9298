"""The `retired` resource: every retired id with its reason, replacement and release, for analysts
mapping an old id to the one that replaces it."""

from __future__ import annotations

from pathlib import Path

from pipeline.building.tables import TableOut, _schema_fields
from pipeline.reading.read import Records
from pipeline.releasing import manifests
from schema.introspect import shapes
from schema.retired import Retirement

NAME = "retired"
PATH = "csv/retired.csv"
DESCRIPTION = "Ids that were published and are no longer in use: why, what replaces them, since which release."
_REPLACED_BY = (
    "The id that now holds the record's facts, where there is one. It may be in any table (ids are "
    "unique across tables), so no foreign key can state it: a Table Schema foreign key points at one resource."
)
_RETIRED_IN = "Release that first published the retirement; empty until the next release is made."
_VERSION_PATTERN = r"^[0-9]+\.[0-9]+\.[0-9]+$"


def build(root: Path, records: Records, version: str) -> TableOut:
    columns = [(s.name, s, s.required) for s in shapes(Retirement)]
    fields, _ = _schema_fields(columns)
    for f in fields:
        if f["name"] == "replaced_by":
            f["description"] = _REPLACED_BY
    fields.append({"name": "retired_in", "type": "string", "description": _RETIRED_IN,
                   "constraints": {"pattern": _VERSION_PATTERN}})
    first, pending = manifests.retired_in(root, version)
    entries = records.retired.model.retired if records.retired else []
    rows = [
        {"id": e.id, "table": e.table.value, "reason": e.reason, "replaced_by": e.replaced_by,
         "retired_in": first.get(e.id, pending) or None}
        for e in sorted(entries, key=lambda e: e.id)
    ]
    return TableOut(NAME, DESCRIPTION, fields, ["id"], [], rows)
