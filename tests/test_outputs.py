"""The output contract: deterministic, standard-valid, lossless, and the committed dist/ is fresh."""

from __future__ import annotations

import csv
import json
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import frictionless
import pytest
from conftest import ROOT, run_build, snapshot

from pipeline.building import generated
from pipeline.building.build_state import Build
from pipeline.building.package import record_json
from pipeline.building.write import render
from pipeline.cli import check
from schema.introspect import shapes
from schema.registry import TABLES


def test_two_builds_are_byte_identical(built_repo: Path, tmp_path: Path) -> None:
    first = snapshot(built_repo / "dist")
    again = tmp_path / "again"
    shutil.copytree(built_repo, again)
    shutil.rmtree(again / "dist")
    assert run_build(again).returncode == 0
    assert snapshot(again / "dist") == first


def test_committed_dist_equals_a_fresh_build() -> None:
    records, problems = check(ROOT)
    assert not problems, "\n".join(map(str, problems))
    fresh = render(ROOT, records)
    committed = snapshot(ROOT / "dist")
    stale = sorted(p for p in fresh.keys() | committed.keys() if fresh.get(p) != committed.get(p))
    assert not stale, f"dist/ is stale in {stale}: run `python build.py` and commit dist/"


def test_committed_generated_files_equal_a_fresh_build() -> None:
    records, _ = check(ROOT)
    stale = [path for path, data in generated.render(Build(ROOT, records, render(ROOT, records))).items()
             if not (ROOT / path).is_file() or (ROOT / path).read_bytes() != data]
    assert not stale, f"{stale} stale: run `python build.py` and commit them"


@pytest.mark.parametrize("package", ["fixture", "committed"])
def test_package_passes_frictionless_validate(built_repo: Path, package: str) -> None:
    descriptor = (built_repo if package == "fixture" else ROOT) / "dist" / "datapackage.json"
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["type", "note"])


def test_frictionless_catches_a_tampered_file(built_repo: Path) -> None:
    """The validation above can fail: a changed byte breaks the hash, a dangling key the foreign key."""
    csv_path = built_repo / "dist" / "csv" / "visit_sources.csv"
    csv_path.write_text(csv_path.read_text().replace("pant-2012-11-16-pakistan-russia", "pant-2012-11-16-pakistan-russiA"))
    report = frictionless.validate(str(built_repo / "dist" / "datapackage.json"))
    kinds = {error[0] for error in report.flatten(["type"])}
    assert not report.valid
    # Same length, other bytes: the hash catches it; the id no longer resolves: so does the foreign key.
    assert {"hash-count", "foreign-key"} <= kinds, kinds


def test_descriptor_states_the_contract(built_repo: Path) -> None:
    desc = json.loads((built_repo / "dist" / "datapackage.json").read_text())
    assert desc["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert desc["name"] == "south-asia-alignments" and desc["version"] == "9.9.9"
    assert "created" not in desc  # never released: `created` is a release's day, not the clock's
    assert desc["dataAsOf"] == "2019-06-22"  # newest source in the fixture
    for res in desc["resources"]:
        assert res["hash"].startswith("sha256:")
        assert res["bytes"] > 0 if res["format"] == "csv" else "bytes" not in res  # frictionless counts no JSON bytes
    visits = next(r for r in desc["resources"] if r["name"] == "visits")
    fields = {f["name"]: f for f in visits["schema"]["fields"]}
    assert fields["status"]["constraints"]["enum"][-1] == "completed"
    assert fields["start_earliest"]["type"] == "date"
    assert all(f.get("description") for f in fields.values())
    assert {"fields": ["to_country"], "reference": {"resource": "countries", "fields": ["code"]}} in visits["schema"]["foreignKeys"]


def _read_csv(dist: Path, name: str) -> list[dict[str, str]]:
    with (dist / "csv" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _rebuild(dist: Path, table_name: str) -> dict[str, dict[str, Any]]:
    """Records back from the CSVs alone, in the shape of the validated YAML (JSON-plain values)."""
    table = next(t for t in TABLES if t.name == table_name)
    rows = _read_csv(dist, table_name)
    children: dict[str, dict[str, list[dict[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for shape in shapes(table.model):
        if shape.is_model and shape.many:
            for row in _read_csv(dist, f"{table.singular}_{shape.name}"):
                children[shape.name][row[f"{table.singular}_{table.key}"]].append(row)

    def value(shape: Any, text: str) -> Any:
        if text == "":
            return None
        if shape.many:
            return [int(t) for t in text.split(";")] if shape.base is int else text.split(";")
        if shape.base is bool:
            return text == "true"
        if shape.base is int:
            return int(text)
        if shape.base.__name__ == "Decimal":
            return json.loads(text)
        return text

    def build(model: Any, row: dict[str, str], prefix: str = "") -> dict[str, Any]:
        out: dict[str, Any] = {}
        for shape in shapes(model):
            column = prefix + shape.name
            if shape.is_model and not shape.many:
                nested = build(shape.base, row, column + "_")
                if nested:
                    out[shape.name] = nested
            elif shape.is_model and shape.many:
                items = sorted(children[shape.name].get(row[table.key], []), key=lambda r: int(r["position"]))
                if items:
                    out[shape.name] = [build(shape.base, item) for item in items]
            elif (v := value(shape, row.get(column, ""))) is not None:
                out[shape.name] = v
                if shape.edtf:
                    out[f"{shape.name}_earliest"] = row[f"{column}_earliest"] or None
                    out[f"{shape.name}_latest"] = row[f"{column}_latest"] or None
        return out

    rebuilt = {row[table.key]: build(table.model, row) for row in rows}
    if table_name == "countries":  # the table names every country; a record's name is the one that differs
        for row in rows:
            if row["name"] == row["iso_name"]:
                rebuilt[row["code"]].pop("name", None)
    return rebuilt


@pytest.mark.parametrize("where", ["fixture", "committed"])
def test_csv_tables_give_back_every_yaml_value(built_repo: Path, where: str) -> None:
    root = built_repo if where == "fixture" else ROOT
    records, problems = check(root)
    assert not problems
    compared = 0
    for table in TABLES:
        rebuilt = _rebuild(root / "dist", table.name)
        if table.name == "countries":
            rebuilt = {k: v for k, v in rebuilt.items() if "sources" in v}  # rows without a record
        for loaded in records.by_table[table.name]:
            assert rebuilt[loaded.key] == record_json(loaded.model), f"{loaded.path} differs after the CSV round trip"
            compared += 1
    assert compared == len(records.all()) > 0
