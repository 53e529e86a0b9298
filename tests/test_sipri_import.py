"""`build.py import sipri`: register rows become arms deals, curated records are completed, never
overwritten, and a second run changes nothing. The fixture is five real rows, first 13 columns only."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run_build, snapshot

from pipeline.importers.sipri_register import ExtractError, read_extract
from pipeline.reading.strict_yaml import read, to_python

EXCERPT = ROOT / "tests" / "fixtures" / "sipri" / "trade-register-excerpt.csv"
# Countries the excerpt names, with the sources their records cite, so that the copy still checks.
COUNTRIES = ("PAK", "USA", "RUS", "CHN", "IND", "SUN")


@pytest.fixture
def sipri_repo(repo: Path) -> Path:
    for code in COUNTRIES:
        path = ROOT / "records" / "countries" / f"{code}.yaml"
        shutil.copy(path, repo / "records" / "countries")
        for cited in to_python(read(path, path.name)[0])["sources"]:  # type: ignore[index]
            source = cited if isinstance(cited, str) else cited["source"]
            shutil.copy(ROOT / "records" / "sources" / f"{source}.yaml", repo / "records" / "sources")
    return repo


def _import(repo: Path, *extra: str):
    return run_build(repo, "import", "sipri", "--extract", str(EXCERPT), *extra)


def _deal(repo: Path, record_id: str) -> dict:
    path = repo / "records" / "arms_deals" / f"{record_id}.yaml"
    node, problems = read(path, path.name)
    assert not problems
    return to_python(node)  # type: ignore[return-value]


def test_imported_records_pass_the_check(sipri_repo: Path) -> None:
    result = _import(sipri_repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("import sipri: 3 record(s) created, 1 completed, 0 unchanged, 1 row(s) skipped")
    check = run_build(sipri_repo, "check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_second_hand_transfer_given_as_aid(sipri_repo: Path) -> None:
    _import(sipri_repo)
    deal = _deal(sipri_repo, "2009-usa-pakistan-mi-17")
    assert deal["condition"] == "second_hand"
    assert deal["channel"] == "aid"  # the comment says 'aid'
    assert deal["deliveries"] == [{"date": "2009", "quantity": "10"}]  # one year: the quantity is unambiguous
    assert deal["sipri"] == {"designation": "Mi-17", "order_year": "2009", "description": "transport helicopter",
                             "comment": "Second-hand; Mi-17 version; incl 6 on 5-year lease; aid"}
    assert deal["sources"] == [{"source": "sipri-arms-transfers-database", "locator":
                                "Trade Register row: United States to Pakistan, order year 2009, Mi-17"}]


def test_an_uncertain_order_year_and_number_stay_uncertain(sipri_repo: Path) -> None:
    _import(sipri_repo)
    deal = _deal(sipri_repo, "2015-russia-china-9m96")
    assert deal["ordered"] == "2015?"  # SIPRI's '?' on the year, as EDTF
    assert (deal["quantity"], deal["quantity_uncertain"]) == ("250", "true")  # its '?' on the number
    assert deal["deliveries"] == [{"date": "2018"}, {"date": "2019"}]  # two years: no split invented
    assert (deal["quantity_delivered"], deal["stage"], deal["category"]) == ("250", "delivered", "missiles")


def test_a_curated_record_is_completed_not_overwritten(sipri_repo: Path) -> None:
    path = sipri_repo / "records" / "arms_deals" / "2015-russia-pakistan-mi-35m.yaml"
    before = path.read_text(encoding="utf-8")
    result = _import(sipri_repo)
    assert "linked 2015-russia-pakistan-mi-35m to the row Russia → Pakistan, ordered 2015, Mi-35M" in result.stdout
    after = path.read_text(encoding="utf-8")
    assert [line for line in before.splitlines() if line not in after.splitlines()] == []  # nothing removed
    deal = _deal(sipri_repo, "2015-russia-pakistan-mi-35m")
    assert (deal["ordered"], deal["deliveries"][0]["date"]) == ("2015", "2017")  # the curator's, kept (SIPRI: 2018)
    assert deal["condition"] == "new" and deal["sipri"]["order_year"] == "2015"
    assert deal["sources"][-1]["source"] == "sipri-arms-transfers-database"


def test_a_second_run_changes_nothing(sipri_repo: Path) -> None:
    _import(sipri_repo)
    first = snapshot(sipri_repo / "records")
    again = _import(sipri_repo)
    assert again.stdout.startswith("import sipri: 0 record(s) created, 0 completed, 4 unchanged")
    assert snapshot(sipri_repo / "records") == first


def test_rows_before_since_are_left_out_and_unknown_suppliers_reported(sipri_repo: Path) -> None:
    result = _import(sipri_repo, "--since", "2000")
    assert not list((sipri_repo / "records" / "arms_deals").glob("1967-soviet-union-pakistan-mi-8t*"))
    assert "supplier 'unknown supplier(s)' is not a state with a country code" in result.stdout
    every_year = _import(sipri_repo)
    assert "1 record(s) created" in every_year.stdout
    assert _deal(sipri_repo, "1967-soviet-union-pakistan-mi-8t")["ordered"] == "1967?"


def test_dry_run_writes_nothing(sipri_repo: Path) -> None:
    before = snapshot(sipri_repo / "records")
    assert _import(sipri_repo, "--dry-run").returncode == 0
    assert snapshot(sipri_repo / "records") == before


def test_a_file_of_another_layout_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("Recipient,Supplier,Year of order,Number ordered\nIndia,Russia,2015,4\n", encoding="utf-8")
    with pytest.raises(ExtractError, match="header"):
        read_extract(other)


def test_the_extract_is_read_by_position_without_trend_indicator_values() -> None:
    rows = read_extract(EXCERPT)
    assert [r.designation for r in rows] == ["Mi-35M", "Mi-17", "9M96", "Mi-8T", "vehicle engine"]
    assert rows[2].order_year_uncertain and rows[2].ordered_uncertain and not rows[2].delivered_uncertain
