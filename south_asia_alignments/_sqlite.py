"""Write the Data Package to one SQLite file, typed and keyed from its Table Schemas.

Standard library only (sqlite3, csv, json), so `saa.to_sqlite` works from the wheel with nothing more
installed; sqlite-utils would save little here, since every type, key and check comes from the descriptor.
Each table resource becomes a STRICT table (the declared types are enforced, '004' stays text), with
NOT NULL, CHECKs for vocabularies and bounds, the primary key and foreign keys; an empty cell is NULL;
lists are JSON arrays (`json_each` unpacks them). Free-text columns get an FTS5 index named
`<table>_fts`, found by Datasette's search box; the views `events` and `dyad_year_panel` are where
analysts start.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from south_asia_alignments._cells import typed

# Columns whose text a reader searches: titles, names, descriptions, purposes, outcomes, summaries, notes.
FREE_TEXT = ("title", "name", "designation", "description", "event", "visitor_name", "visitor_office",
             "purpose", "outcomes", "summary", "notes", "reason", "place", "publisher")

_AFFINITY = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "year": "INTEGER"}


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def table_resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in descriptor["resources"] if r.get("type") == "table" and r.get("format") == "csv"]


def column_sql(field: dict[str, Any]) -> str:
    name, kind = quote(field["name"]), field["type"]
    constraints = field.get("constraints", {})
    parts = [name, _AFFINITY.get(kind, "TEXT")]
    if constraints.get("required"):
        parts.append("NOT NULL")
    checks = []
    if kind == "boolean":
        checks.append(f"{name} IN (0, 1)")
    if kind == "date":
        checks.append(f"{name} IS date({name})")  # a real day, written YYYY-MM-DD
    if constraints.get("enum"):
        checks.append(f"{name} IN ({', '.join(_literal(v) for v in constraints['enum'])})")
    for key, op in (("minimum", ">="), ("maximum", "<="), ("exclusiveMinimum", ">"), ("exclusiveMaximum", "<")):
        if key in constraints and kind in _AFFINITY:
            checks.append(f"{name} {op} {_literal(constraints[key])}")
    parts += [f"CHECK ({c})" for c in checks]  # NULL passes a CHECK: optional fields stay optional
    return " ".join(parts)


def create_table_sql(resource: dict[str, Any]) -> str:
    schema = resource["schema"]
    lines = [column_sql(f) for f in schema["fields"]]
    if schema.get("primaryKey"):
        lines.append(f"PRIMARY KEY ({', '.join(quote(n) for n in schema['primaryKey'])})")
    for fk in schema.get("foreignKeys", []):
        target = fk["reference"].get("resource") or resource["name"]
        lines.append(f"FOREIGN KEY ({', '.join(quote(n) for n in fk['fields'])}) "
                     f"REFERENCES {quote(target)} ({', '.join(quote(n) for n in fk['reference']['fields'])})")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quote(resource['name'])} (\n  {body}\n) STRICT"


def cell(field: dict[str, Any], text: str) -> Any:
    """A CSV cell as the SQLite value its Table Schema type means; the empty cell is NULL."""
    value = typed(field, text)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, date):
        return value.isoformat()  # SQLite keeps dates as ISO text
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


def rows(root: Traversable | Path, resource: dict[str, Any]) -> Iterator[list[Any]]:
    fields = resource["schema"]["fields"]
    with root.joinpath(resource["path"]).open("rb") as handle:
        reader = csv.reader(io.TextIOWrapper(handle, encoding="utf-8", newline=""))
        header = next(reader)
        if header != [f["name"] for f in fields]:
            raise ValueError(f"{resource['path']}: header differs from the schema's fields")
        for line in reader:
            yield [cell(f, text) for f, text in zip(fields, line, strict=True)]


def fts_columns(resource: dict[str, Any]) -> list[str]:
    names = {f["name"] for f in resource["schema"]["fields"] if f["type"] == "string"}
    return [n for n in FREE_TEXT if n in names]


def _has_fts5(db: sqlite3.Connection) -> bool:
    try:
        db.execute("CREATE VIRTUAL TABLE temp._probe USING fts5(x)")
        db.execute("DROP TABLE temp._probe")
        return True
    except sqlite3.OperationalError:
        return False


def _pair(a: str, b: str) -> str:
    return f"min({a}, {b}) || '-' || max({a}, {b})"


def events_view_sql(names: set[str]) -> str | None:
    """All visits, agreements and arms deals, one row per event and pair, with date and kind.

    Agreements give one row per pair of parties. `from_country`/`to_country` are the visitor's and
    host's, or the supplier's and recipient's; agreements have no direction.
    """
    date = "event_date, event_date_earliest, event_date_latest"
    parts = []
    if "visits" in names:
        parts.append(f"SELECT 'visit' AS event_type, id, {_pair('from_country', 'to_country')} AS pair, "
                     f"min(from_country, to_country) AS country_a, max(from_country, to_country) AS country_b, "
                     f"from_country, to_country, {date}, kind FROM visits")
    if {"agreements", "agreement_parties"} <= names:
        parts.append("SELECT 'agreement', a.id, p.country || '-' || q.country, p.country, q.country, NULL, NULL, "
                     "a.event_date, a.event_date_earliest, a.event_date_latest, a.kind FROM agreements a "
                     "JOIN agreement_parties p ON p.agreement_id = a.id "
                     "JOIN agreement_parties q ON q.agreement_id = a.id AND p.country < q.country")
    if "arms_deals" in names:
        parts.append(f"SELECT 'arms_deal', id, {_pair('supplier', 'recipient')}, min(supplier, recipient), "
                     f"max(supplier, recipient), supplier, recipient, {date}, category FROM arms_deals")
    if not parts:
        return None
    union = "\nUNION ALL\n".join(parts)
    return (f"CREATE VIEW events AS\nSELECT * FROM (\n{union}\n)\n"
            "ORDER BY event_date_earliest IS NULL, event_date_earliest, event_type, id")


PANEL_VIEW = """CREATE VIEW dyad_year_panel AS
SELECT d.country_a || '-' || d.country_b AS pair, a.name AS country_a_name, b.name AS country_b_name, d.*
FROM dyad_years d JOIN countries a ON a.code = d.country_a JOIN countries b ON b.code = d.country_b"""


def write(root: Traversable | Path, descriptor: dict[str, Any], target: Path) -> dict[str, int]:
    """Write the database to `target` (replaced if present); table name → rows written.

    Raises ValueError if a foreign key points at no row (PRAGMA foreign_key_check).
    """
    target = Path(target)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    db = sqlite3.connect(partial)
    try:
        resources = table_resources(descriptor)
        fts5 = _has_fts5(db)
        with db:
            for resource in resources:
                db.execute(create_table_sql(resource))
                name = quote(resource["name"])
                marks = ", ".join("?" for _ in resource["schema"]["fields"])
                counts[resource["name"]] = db.executemany(f"INSERT INTO {name} VALUES ({marks})",
                                                          rows(root, resource)).rowcount
            for resource in resources:
                columns = fts_columns(resource)
                if not columns or not fts5:
                    continue
                name, fts = resource["name"], quote(resource["name"] + "_fts")
                listed = ", ".join(quote(c) for c in columns)
                # External content: the index holds no second copy of the text; Datasette finds it by content=.
                db.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({listed}, content={quote(name)})")
                db.execute(f"INSERT INTO {fts} (rowid, {listed}) SELECT rowid, {listed} FROM {quote(name)}")
            names = set(counts)
            view = events_view_sql(names)
            if view:
                db.execute(view)
            if {"dyad_years", "countries"} <= names:
                db.execute(PANEL_VIEW)
        broken = db.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise ValueError(f"foreign keys point at no row: {broken[:5]}")
        db.execute("VACUUM")
    finally:
        db.close()
    partial.replace(target)
    return counts
