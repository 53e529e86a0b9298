"""Field values that used to slip through: each is refused at `check` with a reason, or kept exactly."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import run_build
from pydantic import BaseModel, ValidationError

from schema.arms_deals import ArmsDeal
from schema.common import Money
from schema.countries import CountryCrosswalk
from schema.edtf import EdtfError, bounds
from schema.retired import Retirement
from schema.sources import Source

GRANT = "records/agreements/2019-02-japan-pakistan-grant.yaml"
SOURCE = {"id": "pant-2012", "title": "Pakistan-Russia ties", "language": "en", "kind": "opinion", "reliability": "research"}
DEAL = {"id": "2015-russia-pakistan-mi-35m", "supplier": "RUS", "recipient": "PAK", "description": "helicopter",
        "category": "aircraft", "stage": "ordered", "ordered": "2015", "sources": ["pant-2012"]}


def error(model: type[BaseModel], data: dict[str, Any]) -> str:
    """The first validation message, or '' when the data is valid."""
    try:
        model.model_validate(data)
    except ValidationError as err:
        return err.errors()[0]["msg"]
    return ""


# --- ids: a trailing newline is not an id (defect 2) ---

def test_new_refuses_an_id_with_a_trailing_newline(repo: Path) -> None:
    result = run_build(repo, "new", "visits", "abc\n")
    assert result.returncode == 1
    assert "is not a lowercase slug" in result.stdout and "nothing written" in result.stdout
    assert not [p for p in (repo / "records/visits").iterdir() if p.name.startswith("abc")]


def test_retired_yaml_cannot_publish_an_id_with_a_trailing_newline(repo: Path) -> None:
    (repo / "records/retired.yaml").write_text(
        'retired:\n  - {id: "ghost-id\\n", table: visits, reason: a duplicate}\n')
    result = run_build(repo, "check")
    assert result.returncode == 1
    assert "records/retired.yaml:2:10: retired[0].id: 'ghost-id\\n' is not a lowercase slug" in result.stdout
    assert error(Retirement, {"id": "ghost-id\n", "table": "visits", "reason": "x"})


# --- numbers: plain digits, at most 15 of them (defects 5 and 6) ---

@pytest.mark.parametrize("amount", ["1E+5000", "1e100000000", "1e-400", "12345678901234567", "0.0000000000000001"])
def test_an_amount_no_reader_can_hold_exactly_is_refused(amount: str) -> None:
    assert error(Money, {"amount": amount, "currency": "USD"})


@pytest.mark.parametrize("quantity", [str(10**400), "1000000000000000"])
def test_a_quantity_past_fifteen_digits_is_refused(quantity: str) -> None:
    assert "more than 15 digits" in error(ArmsDeal, {**DEAL, "quantity": quantity})


@pytest.mark.parametrize("written", ["1_0", "+4", "04", "\u0664", "4.0", " 4", "0x10"])
def test_a_quantity_is_written_in_plain_ascii_digits(written: str) -> None:
    assert "plain digits" in error(ArmsDeal, {**DEAL, "quantity": written})


@pytest.mark.parametrize("written", ["1_0", "+4", "04", "\u0664", "1e3", ".5", "5."])
def test_an_amount_is_written_as_a_plain_number(written: str) -> None:
    assert "not a plain number" in error(Money, {"amount": written, "currency": "USD"})


def test_a_state_number_is_written_in_plain_digits() -> None:
    assert "plain digits" in error(CountryCrosswalk, {"code": "PAK", "cow_code": "0770", "sources": ["pant-2012"]})


def test_a_fifteen_digit_amount_is_the_same_in_json_and_csv(repo: Path) -> None:
    grant = repo / GRANT
    grant.write_text(grant.read_text().replace("amount: 10600000", "amount: 1234567890123.45"))

    result = run_build(repo)

    assert result.returncode == 0, result.stdout + result.stderr
    item = json.loads((repo / "dist/json/agreements.json").read_text(), parse_float=Decimal)[0]
    assert item["value"]["amount"] == Decimal("1234567890123.45")
    assert "1234567890123.45" in (repo / "dist/csv/agreements.csv").read_text()


# --- dates (defect 7) ---

@pytest.mark.parametrize("text", ["1950S2", "156X-12-25", "2004-06-~11", "201X-04", "Y170000002", "-0100"])
def test_level_2_and_out_of_range_edtf_forms_are_refused(text: str) -> None:
    with pytest.raises(EdtfError, match="does not accept"):
        bounds(text)


@pytest.mark.parametrize("text", ["201X", "20XX", "2019-XX", "1985-04-XX", "1985-XX-XX", "201X?"])
def test_level_1_unspecified_digits_stay_accepted(text: str) -> None:
    assert bounds(text).earliest is not None


# --- URLs (defect 8) ---

@pytest.mark.parametrize("url", ["https://example.org/a\x01b", "https://example.org/\x7f", "https://exa\u202emple.org/",
                                 "https://example.org/\u200bx", "https://example.org/a\u00a0b"])
def test_a_url_with_a_control_or_invisible_character_is_refused(url: str) -> None:
    assert error(Source, {**SOURCE, "url": url})


def test_a_url_may_hold_letters_of_other_scripts() -> None:
    assert error(Source, {**SOURCE, "url": "https://ur.wikipedia.org/wiki/\u067e\u0627\u06a9\u0633\u062a\u0627\u0646"}) == ""


# --- codes are exact (defect 9) ---

def test_a_currency_code_must_be_in_capitals() -> None:
    assert "'usd' is not an ISO 4217 currency code (USD, EUR, JPY …); did you mean 'USD'?" == \
        error(Money, {"amount": "1", "currency": "usd"})
    assert error(Money, {"amount": "1", "currency": "USD"}) == ""


def test_a_language_code_must_be_in_lower_case() -> None:
    assert "did you mean 'en'?" in error(Source, {**SOURCE, "language": "EN"})
    assert error(Source, {**SOURCE, "language": "ur"}) == ""


# --- text a reader would not see as it is ---

@pytest.mark.parametrize("start", ["\uff1d", "\uff0b", "\uff0d", "\uff20"])
def test_text_may_not_start_with_a_full_width_formula_character(start: str) -> None:
    assert "which spreadsheets run as a formula" in error(Source, {**SOURCE, "title": start + "SUM(A1)"})


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\u200b", "\ufeff", "\u2028"])
def test_text_may_not_hold_bidi_overrides_zero_width_spaces_or_line_separators(hidden: str) -> None:
    assert error(Source, {**SOURCE, "title": f"Pakistan{hidden}Russia"})


@pytest.mark.parametrize("title", ["\u200c\u200d", "\u3164", "\u0301\u0301", "\u200e"])
def test_text_made_only_of_invisible_characters_is_refused(title: str) -> None:
    assert "has no visible character" in error(Source, {**SOURCE, "notes": title})


def test_joiners_and_direction_marks_stay_allowed_in_text_of_other_scripts() -> None:
    title = "\u0645\u06cc\u200c\u06af\u0648\u06cc\u062f \u200fPakistan"  # Urdu with a ZWNJ and an RLM
    assert error(Source, {**SOURCE, "title": title}) == ""
