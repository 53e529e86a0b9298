"""`build.py export`: the SQLite database and Parquet files hold what the CSVs hold, with the schema's types."""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_build

from pipeline.building.write import created
from pipeline.exports import SQLITE_NAME
from south_asia_alignments import _sqlite


@pytest.fixture
def exported(built_repo: Path) -> Path:
    result = run_build(built_repo, "export")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "export: wrote exports/south-asia-alignments.sqlite" in result.stdout
    return built_repo


def _descriptor(repo: Path) -> dict[str, Any]:
    return json.loads((repo / "dist" / "datapackage.json").read_text(encoding="utf-8"))


def _csv(repo: Path, resource: dict[str, Any]) -> list[dict[str, str]]:
    with (repo / "dist" / resource["path"]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _expected(field: dict[str, Any], text: str) -> Any:
    """What a CSV cell must become: written out here, apart from the exporters' own conversion."""
    if text == "":
        return None
    return {
        "integer": int, "number": float, "boolean": lambda t: {"true": 1, "false": 0}[t],
        "list": lambda t: t.split(field["delimiter"]) if field.get("itemType") != "integer"
        else [int(x) for x in t.split(field["delimiter"])],
    }.get(field["type"], str)(text)


def test_sqlite_holds_every_csv_row_with_the_schema_types_and_null_for_empty_cells(exported: Path) -> None:
    db = sqlite3.connect(exported / "exports" / SQLITE_NAME)
    tables = _sqlite.table_resources(_descriptor(exported))
    assert len(tables) >= 10
    for resource in tables:
        fields = resource["schema"]["fields"]
        rows = db.execute(f'SELECT * FROM "{resource["name"]}" ORDER BY rowid').fetchall()
        cells = _csv(exported, resource)
        assert len(rows) == len(cells), resource["name"]
        for row, line in zip(rows, cells, strict=True):
            for field, value in zip(fields, row, strict=True):
                if field["type"] == "list" and value is not None:
                    value = json.loads(value)
                assert value == _expected(field, line[field["name"]]), (resource["name"], field["name"])
        declared = {r[1]: (r[2], bool(r[3]), r[5]) for r in db.execute(f'PRAGMA table_info("{resource["name"]}")')}
        for f in fields:
            kind, notnull, _ = declared[f["name"]]
            assert kind == {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}.get(f["type"], "TEXT")
            assert notnull == bool(f.get("constraints", {}).get("required"))
        primary = sorted((pk, name) for name, (_, _, pk) in declared.items() if pk)
        assert [name for _, name in primary] == resource["schema"]["primaryKey"]
        declared_fks = {(r[2], r[3], r[4]) for r in db.execute(f'PRAGMA foreign_key_list("{resource["name"]}")')}
        for fk in resource["schema"].get("foreignKeys", []):
            for local, remote in zip(fk["fields"], fk["reference"]["fields"], strict=True):
                assert (fk["reference"]["resource"] or resource["name"], local, remote) in declared_fks
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_sqlite_keeps_leading_zeros_and_namibias_code_as_text(exported: Path) -> None:
    db = sqlite3.connect(exported / "exports" / SQLITE_NAME)
    rows = dict(db.execute("SELECT code, iso_numeric FROM countries WHERE code IN ('AFG', 'NAM')").fetchall())
    assert rows == {"AFG": "004", "NAM": "516"}
    assert db.execute("SELECT iso_alpha_2 FROM countries WHERE code = 'NAM'").fetchone() == ("NA",)


def test_sqlite_rejects_a_row_that_breaks_a_vocabulary(exported: Path) -> None:
    db = sqlite3.connect(exported / "exports" / SQLITE_NAME)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("UPDATE visits SET kind = 'picnic'")


def test_export_refuses_a_foreign_key_that_points_nowhere(built_repo: Path) -> None:
    visits = built_repo / "dist" / "csv" / "visits.csv"
    lines = visits.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = re.sub(r",RUS,", ",ZZZ,", lines[1], count=1)
    visits.write_text("".join(lines), encoding="utf-8")
    result = run_build(built_repo, "export", "--no-parquet")
    assert result.returncode == 1
    assert "foreign keys point at no row" in result.stderr
    assert not (built_repo / "exports" / SQLITE_NAME).exists()


def test_events_view_has_every_event_once_per_pair(exported: Path) -> None:
    db = sqlite3.connect(exported / "exports" / SQLITE_NAME)
    count = dict(db.execute("SELECT event_type, count(*) FROM events GROUP BY event_type").fetchall())
    visits = db.execute("SELECT count(*) FROM visits").fetchone()[0]
    deals = db.execute("SELECT count(*) FROM arms_deals").fetchone()[0]
    pairs = db.execute("SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM agreement_parties "
                       "GROUP BY agreement_id)").fetchone()[0]
    assert count == {k: v for k, v in {"visit": visits, "agreement": pairs, "arms_deal": deals}.items() if v}
    assert db.execute("SELECT count(*) FROM events WHERE pair != country_a || '-' || country_b "
                      "OR country_a >= country_b").fetchone()[0] == 0
    panel = db.execute("SELECT count(*) FROM dyad_year_panel").fetchone()[0]
    assert panel == db.execute("SELECT count(*) FROM dyad_years").fetchone()[0]


def test_full_text_search_for_rafale_returns_the_deal(tmp_path: Path) -> None:
    descriptor = json.loads((ROOT / "dist" / "datapackage.json").read_text(encoding="utf-8"))
    _sqlite.write(ROOT / "dist", descriptor, tmp_path / SQLITE_NAME)
    db = sqlite3.connect(tmp_path / SQLITE_NAME)
    found = [r[0] for r in db.execute("SELECT id FROM arms_deals WHERE rowid IN "
                                      "(SELECT rowid FROM arms_deals_fts WHERE arms_deals_fts MATCH 'Rafale')")]
    assert "2016-france-india-rafale" in found
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_parquet_holds_every_csv_row_with_dates_lists_and_dictionaries(exported: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for resource in _sqlite.table_resources(_descriptor(exported)):
        table = pq.read_table(exported / "exports" / "parquet" / f"{resource['name']}.parquet")
        cells = _csv(exported, resource)
        assert table.num_rows == len(cells)
        for field in resource["schema"]["fields"]:
            column = table.schema.field(field["name"])
            enum = field.get("constraints", {}).get("enum")
            if enum:
                assert pa.types.is_dictionary(column.type)
            elif field["type"] == "date":
                assert column.type == pa.date32()
            elif field["type"] == "list":
                assert pa.types.is_list(column.type)
            values = table.column(field["name"]).to_pylist()
            wanted = [_expected(field, line[field["name"]]) for line in cells]
            if field["type"] == "boolean":
                wanted = [None if w is None else bool(w) for w in wanted]
            if field["type"] == "date":
                values = [None if v is None else v.isoformat() for v in values]
            assert values == wanted, (resource["name"], field["name"])


def test_duckdb_reads_the_parquet_dates_as_dates(exported: Path) -> None:
    import duckdb

    path = exported / "exports" / "parquet" / "visits.parquet"
    types = dict(duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall() and
                 [(r[0], r[1]) for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{path}'").fetchall()])
    assert types["event_date_earliest"] == "DATE"
    assert types["places"] == "VARCHAR[]"
    assert types["from_country"] == "VARCHAR"


def test_the_readme_duckdb_and_polars_calls_run_as_shown() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.DOTALL) if "duckdb" in b]
    assert blocks
    namespace: dict[str, Any] = {}
    for block in blocks:
        exec(compile(block, "README", "exec"), namespace)  # noqa: S102 - the README's own code, as a reader runs it
    polars_types = dict(namespace["visits_polars"].schema)
    assert str(polars_types["event_date_earliest"]) == "Date"
    assert str(polars_types["kind"]).startswith("Enum")
    duck = dict(zip(namespace["visits_duckdb"].columns, map(str, namespace["visits_duckdb"].types), strict=True))
    assert duck["event_date_earliest"] == "DATE"
    assert duck["from_country"] == "VARCHAR"


def test_frictionless_publishes_the_package_to_sqlite(built_repo: Path, tmp_path: Path) -> None:
    from frictionless import Package

    Package(str(built_repo / "dist" / "datapackage.json")).publish(f"sqlite:///{tmp_path / 'published.db'}")
    db = sqlite3.connect(tmp_path / "published.db")
    visits = len(_csv(built_repo, {"path": "csv/visits.csv"}))
    assert db.execute("SELECT count(*) FROM visits").fetchone()[0] == visits
    assert db.execute('SELECT count(*) FROM "visits-json"').fetchone()[0] == visits


def test_datasette_metadata_describes_every_table_and_column(exported: Path) -> None:
    meta = json.loads((exported / "exports" / "datasette-metadata.json").read_text(encoding="utf-8"))
    descriptor = _descriptor(exported)
    assert meta["title"] == descriptor["title"]
    assert meta["license"] and meta["license_url"].startswith("https://")
    tables = meta["databases"][Path(SQLITE_NAME).stem]["tables"]
    for resource in _sqlite.table_resources(descriptor):
        entry = tables[resource["name"]]
        assert entry["description"] == resource["description"]
        names = [f["name"] for f in resource["schema"]["fields"]]
        assert list(entry["columns"]) == names
        assert set(entry.get("facets", [])) <= set(names)
    assert tables["sources"]["label_column"] == "title"
    assert "kind" in tables["visits"]["facets"] and "status" in tables["visits"]["facets"]
    assert tables["events"]["facets"] == ["event_type", "pair", "kind"]


def test_created_is_the_release_day_of_the_built_version(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "1.2.0"\n', encoding="utf-8")
    assert created(tmp_path) is None  # never released: no date is claimed
    (tmp_path / "releases").mkdir()
    (tmp_path / "releases" / "1.2.0.json").write_text('{"version": "1.2.0", "date": "2026-03-04"}', encoding="utf-8")
    assert created(tmp_path) == "2026-03-04T00:00:00Z"
    assert created(tmp_path, release_date="2026-05-06") == "2026-05-06T00:00:00Z"


def test_citation_files_and_cite_name_the_built_version() -> None:
    import tomllib

    import south_asia_alignments as saa

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    descriptor = json.loads((ROOT / "dist" / "datapackage.json").read_text(encoding="utf-8"))
    assert f'version: "{version}"' in (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert zenodo["version"] == version
    assert zenodo.get("publication_date") == descriptor.get("created", "")[:10] or "created" not in descriptor
    assert f"(Version {version})" in saa.cite()
    assert "CC-BY-4.0" in saa.cite() and f"version = {{{version}}}" in saa.cite("bibtex")
    assert (ROOT / "LICENSE").is_file() and (ROOT / "south_asia_alignments" / "py.typed").is_file()
