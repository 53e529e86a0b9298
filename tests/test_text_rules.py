"""The ASCII shortcuts of the text and address validators give the verdicts of the full checks."""

from __future__ import annotations

import itertools

import pytest

from schema import types

# Every ASCII character, and the pairs a shortcut could get wrong: a control or space beside a letter,
# a formula character before or after text.
ASCII = [chr(c) for c in range(128)]
PAIRS = ["".join(p) for p in itertools.product(ASCII, "a =\t\n\x00\x7f")] + ["".join(p) for p in itertools.product("a =-@+\n", ASCII)]


def _verdict(check, value: str) -> str:
    try:
        return "ok:" + check(value)
    except Exception as err:  # the validators raise PydanticCustomError; its type names the problem
        return "error:" + getattr(err, "type", type(err).__name__)


@pytest.mark.parametrize("values", [ASCII, PAIRS, ["Joint statement", " spaced ", "a\nb", "x" * 300]])
def test_the_text_shortcut_agrees_with_the_full_check(values: list[str]) -> None:
    # blank text never reaches either path (`_text` refuses it first), so it is left out of the comparison
    compared = [v for v in values if v.strip()]
    differ = [v for v in compared if _verdict(types._text, v) != _verdict(types._text_in_full, v.strip())]
    assert not differ, differ[:5]


@pytest.mark.parametrize("values", [ASCII, PAIRS, ["https://dawn.com/news/1", "https://a.b/c d", "https://a.b/\x7f"]])
def test_the_address_shortcut_agrees_with_the_full_check(values: list[str]) -> None:
    differ = [v for v in values if _verdict(types._url, v) != _verdict(types._url_in_full, v)]
    assert not differ, differ[:5]


def test_the_shortcuts_still_refuse_what_the_full_checks_refuse() -> None:
    # the comparison above would pass if both sides accepted everything: pin a refusal of each kind
    assert _verdict(types._text, "=SUM(A1)") == "error:formula_text"
    assert _verdict(types._text, "a\x07b") == "error:control_character"
    assert _verdict(types._text, "\u200b") == "error:hidden_character"
    assert _verdict(types._url, "https://a.b/\x01") == "error:url_character"
    assert _verdict(types._url, "https://a.b/ c") == "error:url_character"
