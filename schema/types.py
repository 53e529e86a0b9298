"""Field types shared by the tables, each defined once.

Every value arrives from the strict YAML loader as a string (or None); these types turn it into the
typed value and reject what a curator most likely got wrong. Markers (`ForeignKey`, `EDTF`) carried
in the Annotated metadata tell the writers which Table Schema features to emit, so a foreign key or
a derived date bound is declared exactly once: where the field's type is chosen.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Annotated, Any

import pycountry
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints
from pydantic_core import PydanticCustomError

from schema.edtf import EdtfError, bounds

LIST_DELIMITER = ";"  # CSV delimiter of list fields; items may not contain it


@dataclass(frozen=True)
class ForeignKey:
    """The field's values are keys of another table."""

    table: str


@dataclass(frozen=True)
class EdtfMarker:
    """The field is an EDTF date; writers add `<field>_earliest` and `<field>_latest`."""


EDTF = EdtfMarker()


@dataclass(frozen=True)
class SchemaPattern:
    """A regular expression the Table Schema should state for the field (the check is ours)."""

    regex: str


@dataclass(frozen=True)
class Shorthand:
    """A list item that may be written as one field's value alone: `- PAK` for `- {country: PAK}`.

    Used as a before-validator; the editor schema and the record template read its `key`.
    """

    key: str

    def __call__(self, value: Any) -> Any:
        return {self.key: value} if isinstance(value, str) else value


SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG_RE = re.compile(SLUG)
# Leading characters that make spreadsheets evaluate a cell (OWASP's CSV-injection list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Explicit bidirectional embeddings, overrides and isolates (they make text display other than it
# reads), and zero-width characters with no role in any script. Zero-width (non-)joiners and the
# directional marks stay allowed: Urdu, Hindi and mixed-direction titles need them.
_HIDDEN_CHARS = ("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                    "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff\u180e")
_HIDDEN = re.compile(f"[{_HIDDEN_CHARS}]")
# Letters that draw nothing (Hangul fillers, the blank Braille pattern).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Unicode categories Cc (C0 and C1 controls, DEL), Zl and Zp, except the newline a folded block keeps.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# The ASCII characters of categories Cc and Zs: what an ASCII address may not hold.
_ASCII_UNSEEN = re.compile("[\x00-\x20\x7f]")


def _fail(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    # Format here, with repr() where asked: pydantic's own templating knows no conversions, and
    # a value with braces in it must not be read as a placeholder.
    return PydanticCustomError(kind, message.format(**ctx), None)


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise _fail("empty_text", "is empty; leave the field out instead")
    if value.isascii() and value[0] not in _FORMULA_START and not _CONTROL.search(value):
        return value  # most text: ASCII has no hidden or full-width characters, and once trimmed a visible one
    return _text_in_full(value)


def _text_in_full(value: str) -> str:
    """Every check of `_text` on trimmed text, character classes looked up: the one place that words
    the problem (tests/test_text_rules.py holds the ASCII shortcut to the same verdicts)."""
    # NFKC: spreadsheets in East Asian locales read a full-width '＝' as '='.
    if unicodedata.normalize("NFKC", value[0]).startswith(_FORMULA_START):
        raise _fail(
            "formula_text",
            "begins with {char!r}, which spreadsheets run as a formula; reword it",
            char=value[0],
        )
    if found := _CONTROL.search(value):  # one regex pass, not a category lookup per character
        raise _fail("control_character", "contains the control character {ch!r}", ch=found.group())
    if found := _HIDDEN.search(value):
        ch = found.group()
        raise _fail("hidden_character", "contains the invisible character U+{code:04X} ({name}); remove it",
                    code=ord(ch), name=unicodedata.name(ch, "unnamed"))
    if not any(_visible(ch) for ch in value):  # stops at the first visible character
        raise _fail("invisible_text", "has no visible character; leave the field out instead")
    return value


def _visible(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LNPS" and ch not in _BLANK_LETTERS


Text = Annotated[str, AfterValidator(_text)]
"""Free text: trimmed, non-empty, no control characters, nothing a spreadsheet would execute."""


def _list_item(value: str) -> str:
    value = _text(value)
    if LIST_DELIMITER in value:
        raise _fail("delimiter_in_item", "may not contain {d!r} (it separates list items in the CSV)", d=LIST_DELIMITER)
    return value


ListItem = Annotated[str, AfterValidator(_list_item)]


def _slug(value: str) -> str:
    if not _SLUG_RE.fullmatch(value):  # fullmatch: `$` alone would let a trailing newline through
        raise _fail("slug", "{value!r} is not a lowercase slug like 'reuters-2020-02-10-india'", value=value)
    return value


RecordId = Annotated[str, AfterValidator(_slug), SchemaPattern(SLUG)]
SourceId = Annotated[RecordId, ForeignKey("sources")]
VisitId = Annotated[RecordId, ForeignKey("visits")]
AgreementId = Annotated[RecordId, ForeignKey("agreements")]


def _current_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


@functools.cache  # pycountry's lists are fixed for the run; a rule asks once per country record
def known_country_codes() -> Mapping[str, str]:
    """Every usable code and its name: ISO 3166-1 plus former states of ISO 3166-3.

    A former state whose alpha-3 code is now another country's is left out (ambiguous).
    """
    codes = {c.alpha_3: c.name for c in pycountry.countries}
    for former in pycountry.historic_countries:
        codes.setdefault(former.alpha_3, former.name)
    return MappingProxyType(codes)  # shared by every caller: read-only


def _country(value: str) -> str:
    if value not in _KNOWN:
        hint = f"; did you mean {value.upper()!r}?" if value.upper() in _KNOWN else ""
        raise _fail(
            "country_code",
            "unknown country code {value!r}: use ISO 3166-1 alpha-3 in capitals (PAK, IND, SUN …){hint}",
            value=value,
            hint=hint,
        )
    return value


_KNOWN = known_country_codes()
CountryCode = Annotated[str, AfterValidator(_country), SchemaPattern("^[A-Z]{3}$"), ForeignKey("countries")]


def _edtf(value: str) -> str:
    try:
        bounds(value)
    except EdtfError as err:
        raise _fail("edtf", "{reason}", reason=str(err)) from None
    return value


EdtfDate = Annotated[str, AfterValidator(_edtf), EDTF]
"""An EDTF date string, e.g. 2019, 2019-02-14, 2012-10~, 2018?, 2018/2019, 2018/.."""


def _bool(value: Any) -> Any:
    # YAML 1.1 reads yes/no/on/off as booleans; records must say true or false.
    if isinstance(value, str) and value not in ("true", "false"):
        raise _fail("bool", "{value!r} is not true or false", value=value)
    return value


Bool = Annotated[bool, BeforeValidator(_bool)]


def _currency(value: str) -> str:
    # pycountry looks codes up regardless of case; the data publishes the code as typed.
    found = pycountry.currencies.get(alpha_3=value)
    if found is None or found.alpha_3 != value:
        hint = f"; did you mean {found.alpha_3!r}?" if found is not None else ""
        raise _fail("currency", "{value!r} is not an ISO 4217 currency code (USD, EUR, JPY …){hint}",
                    value=value, hint=hint)
    return value


Currency = Annotated[str, AfterValidator(_currency)]


@functools.lru_cache(maxsize=512)  # a few dozen codes, asked once per source
def _iso639_1(value: str) -> Any:
    return pycountry.languages.get(alpha_2=value) if len(value) == 2 else None


def _language(value: str) -> str:
    found = _iso639_1(value)
    if found is None or found.alpha_2 != value:
        hint = f"; did you mean {found.alpha_2!r}?" if found is not None else ""
        raise _fail("language", "{value!r} is not an ISO 639-1 language code (en, ur, hi, ru …){hint}",
                    value=value, hint=hint)
    return value


Language = Annotated[str, AfterValidator(_language)]

def _url(value: str) -> str:
    if value.isascii() and not _ASCII_UNSEEN.search(value):
        return value  # most addresses: in ASCII only controls and the space fail, one regex pass
    return _url_in_full(value)


def _url_in_full(value: str) -> str:
    # Non-ASCII letters may stay (addresses in Urdu or Hindi); what does not display as itself may not.
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zs", "Zl", "Zp") or ch in _HIDDEN_CHARS:
            raise _fail("url_character", "contains U+{code:04X} ({name}), which an address may not hold "
                        "unescaped; percent-encode it or remove it", code=ord(ch), name=unicodedata.name(ch, "a control character"))
    return value


Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$"), AfterValidator(_url)]

# Numbers are plain ASCII digits, at most 15 of them: every such value is exact in a 64-bit float
# (JSON readers, pandas' Float64) and a 64-bit integer, and none can take the build minutes to print.
MAX_DIGITS = 15
_PLAIN_INTEGER = re.compile(r"[1-9][0-9]*|0")
_PLAIN_DECIMAL = re.compile(r"(?:[1-9][0-9]*|0)(?:\.[0-9]+)?")


def _digits(value: str) -> int:
    """Digits written, less a lone leading 0: 0.000001 has 6, so tiny amounts count as long ones."""
    whole, _, fraction = value.partition(".")
    return len(whole.lstrip("0")) + len(fraction)


def _plain_integer(value: Any) -> Any:
    if isinstance(value, str):
        if not _PLAIN_INTEGER.fullmatch(value):
            raise _fail("plain_integer", "{value!r} is not a whole number in plain digits, like 24 "
                        "(no sign, leading zero, '_', exponent or other script's digits)", value=value)
        if _digits(value) > MAX_DIGITS:
            raise _fail("too_many_digits", "{value!r} has more than {n} digits", value=value, n=MAX_DIGITS)
    return value


def _plain_decimal(value: Any) -> Any:
    if isinstance(value, str):
        if not _PLAIN_DECIMAL.fullmatch(value):
            raise _fail("plain_number", "{value!r} is not a plain number: digits, with '.' before a fraction, "
                        "like 2400000000 or 1.5 (no sign, leading zero, '_' or exponent)", value=value)
        if _digits(value) > MAX_DIGITS:
            raise _fail("too_many_digits", "{value!r} has more than {n} digits, more than a JSON or "
                        "spreadsheet reader keeps exactly", value=value, n=MAX_DIGITS)
    return value


PositiveInt = Annotated[int, BeforeValidator(_plain_integer), Field(ge=1)]
PositiveDecimal = Annotated[Decimal, BeforeValidator(_plain_decimal), Field(gt=0, allow_inf_nan=False)]
# Correlates of War and Gleditsch–Ward numbers are 2 to 3 digits; abbreviations three capitals.
StateNumber = Annotated[int, BeforeValidator(_plain_integer), Field(ge=2, le=999)]
CowAbbr = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
