"""The analyst loader, run from the source checkout (the wheel is tested in test_wheel.py)."""

from __future__ import annotations

import csv
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT

import south_asia_alignments as saa

EXPECTED_DTYPE = {"string": "string", "integer": "Int64", "number": "Float64", "boolean": "boolean",
                  "list": "object"}


def _fields(table: str) -> list[dict]:
    resource = next(r for r in saa.datapackage()["resources"] if r["name"] == table)
    return resource["schema"]["fields"]


@pytest.mark.parametrize("table", saa.tables())
def test_load_types_every_column_from_the_table_schema(table: str) -> None:
    frame = saa.load(table)
    with (ROOT / "dist" / "csv" / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(frame) == len(rows)
    for f in _fields(table):
        dtype = str(frame[f["name"]].dtype)
        if "enum" in f.get("constraints", {}):
            assert dtype == "category", f["name"]
            assert list(frame[f["name"]].cat.categories) == f["constraints"]["enum"]
            assert frame[f["name"]].cat.ordered == bool(f.get("categoriesOrdered"))
        elif f["type"] == "date":
            assert dtype.startswith("datetime64"), f["name"]
        else:
            assert dtype == EXPECTED_DTYPE[f["type"]], f["name"]


def test_list_fields_become_python_lists() -> None:
    agreements = saa.load("agreements")
    domains = agreements["domains"].dropna()
    assert len(domains) == len(agreements)  # domains is required
    assert all(isinstance(v, list) and v for v in domains)


def test_namibia_is_not_a_missing_value() -> None:
    countries = saa.load("countries").set_index("code")
    assert countries.loc["NAM", "iso_alpha_2"] == "NA"
    assert bool(countries.loc["SUN", "former"]) is True


def test_status_is_an_ordered_categorical() -> None:
    deals = saa.load("arms_deals")
    assert deals["stage"].cat.ordered
    assert (deals["stage"] >= "ordered").dtype == bool


def test_wrong_table_name_lists_tables_and_suggests() -> None:
    with pytest.raises(KeyError, match=r"no table 'arms_deal'\. Did you mean 'arms_deals'\? Tables: countries"):
        saa.load("arms_deal")


def test_describe_gives_type_description_and_vocabulary() -> None:
    info = saa.describe("visits").set_index("field")
    assert info.loc["status", "allowed"] == ["planned", "postponed", "cancelled", "completed"]
    assert info.loc["places", "type"] == "list<string>"
    assert info["description"].str.len().min() > 0


def test_version_is_the_data_version() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        assert saa.__version__ == tomllib.load(handle)["project"]["version"] == saa.datapackage()["version"]


def test_datapackage_returns_a_copy() -> None:
    saa.datapackage()["name"] = "changed"
    assert saa.datapackage()["name"] == "south-asia-alignments"


def test_import_reads_only_the_version() -> None:
    code = "import sys, south_asia_alignments; print(sorted(m for m in ('pandas', 'pydantic', 'yaml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_module_prints_version_tables_and_row_counts() -> None:
    out = subprocess.run([sys.executable, "-m", "south_asia_alignments"], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.splitlines()
    assert out[0] == f"south-asia-alignments {saa.__version__}"
    counts = {line.split()[0]: int(line.split()[1]) for line in out[1:]}
    assert counts == {name: len(saa.load(name)) for name in saa.tables()}
