"""Field types shared by the tables, each defined once.

Every value arrives from the strict YAML loader as a string (or None); these types turn it into the
typed value and reject what a curator most likely got wrong. Markers (`ForeignKey`, `EDTF`) carried
in the Annotated metadata tell the writers which Table Schema features to emit, so a foreign key or
a derived date bound is declared exactly once: where the field's type is chosen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
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
# Unicode category Cc (C0 and C1 controls, DEL) except the newline a folded block keeps.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def _fail(kind: str, message: str, **ctx: Any) -> PydanticCustomError:
    # Format here, with repr() where asked: pydantic's own templating knows no conversions, and
    # a value with braces in it must not be read as a placeholder.
    return PydanticCustomError(kind, message.format(**ctx), None)


def _text(value: str) -> str:
    value = value.strip()
    if not value:
        raise _fail("empty_text", "is empty; leave the field out instead")
    if value.startswith(_FORMULA_START):
        raise _fail(
            "formula_text",
            "begins with {char!r}, which spreadsheets run as a formula; reword it",
            char=value[0],
        )
    if found := _CONTROL.search(value):  # one regex pass, not a category lookup per character
        raise _fail("control_character", "contains the control character {ch!r}", ch=found.group())
    return value


Text = Annotated[str, AfterValidator(_text)]
"""Free text: trimmed, non-empty, no control characters, nothing a spreadsheet would execute."""


def _list_item(value: str) -> str:
    value = _text(value)
    if LIST_DELIMITER in value:
        raise _fail("delimiter_in_item", "may not contain {d!r} (it separates list items in the CSV)", d=LIST_DELIMITER)
    return value


ListItem = Annotated[str, AfterValidator(_list_item)]


def _slug(value: str) -> str:
    if not _SLUG_RE.match(value):
        raise _fail("slug", "{value!r} is not a lowercase slug like 'reuters-2020-02-10-india'", value=value)
    return value


RecordId = Annotated[str, AfterValidator(_slug), SchemaPattern(SLUG)]
SourceId = Annotated[RecordId, ForeignKey("sources")]
VisitId = Annotated[RecordId, ForeignKey("visits")]
AgreementId = Annotated[RecordId, ForeignKey("agreements")]


def _current_codes() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.countries)


def known_country_codes() -> dict[str, str]:
    """Every usable code and its name: ISO 3166-1 plus former states of ISO 3166-3.

    A former state whose alpha-3 code is now another country's is left out (ambiguous).
    """
    codes = {c.alpha_3: c.name for c in pycountry.countries}
    for former in pycountry.historic_countries:
        codes.setdefault(former.alpha_3, former.name)
    return codes


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
    if pycountry.currencies.get(alpha_3=value) is None:
        raise _fail("currency", "{value!r} is not an ISO 4217 currency code (USD, EUR, JPY …)", value=value)
    return value


Currency = Annotated[str, AfterValidator(_currency)]


def _language(value: str) -> str:
    if len(value) != 2 or pycountry.languages.get(alpha_2=value) is None:
        raise _fail("language", "{value!r} is not an ISO 639-1 language code (en, ur, hi, ru …)", value=value)
    return value


Language = Annotated[str, AfterValidator(_language)]

Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$")]
PositiveInt = Annotated[int, Field(ge=1)]
PositiveDecimal = Annotated[Decimal, Field(gt=0, allow_inf_nan=False)]
# Correlates of War and Gleditsch–Ward numbers are 2 to 3 digits; abbreviations three capitals.
StateNumber = Annotated[int, Field(ge=2, le=999)]
CowAbbr = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
