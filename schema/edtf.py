"""EDTF (ISO 8601-2) dates: which forms records may use, and the ISO bounds every form implies.

We accept level 0 and the level-1 features a curator needs to record vagueness: qualifiers
(`2012-10~`, `2018?`, `2018%`), unspecified digits (`201X`, `2019-XX`) and intervals, including
open (`2018/..`) and unknown (`2018/`) ends. Seasons (`2019-21`) are refused because they read
like a mistyped month; level-2 forms are refused because tables cannot express them honestly.

Bounds are the strict ones (the qualifier does not widen them): `2012-10~` spans 2012-10-01 to
2012-10-31, and the qualifier stays visible in the original column. The `edtf` package parses each
side of an interval; we bound the sides ourselves because the package fails on `..` and invents a
ten-year span for an empty end. Its grammar costs milliseconds a date, so the plain forms most
records use (`2019`, `2019-02`, `2019-02-14`, each with an optional qualifier) take a fast path
that tests check against the package.
"""

from __future__ import annotations

import calendar
import re
import time
from datetime import date
from functools import lru_cache
from typing import NamedTuple

_SINGLE_FORMS = ("Date", "UncertainOrApproximate", "Unspecified")
OPEN_END = ".."


class EdtfError(ValueError):
    """An EDTF string that is malformed, impossible or of a form we do not accept."""


class Bounds(NamedTuple):
    earliest: date | None  # None: open or unknown start
    latest: date | None  # None: open or unknown end


def _to_date(t: time.struct_time, text: str) -> date:
    try:
        return date(t.tm_year, t.tm_mon, t.tm_mday)
    except ValueError:  # the package parses 2019-02-29 without complaint
        raise EdtfError(f"'{text}' is not a valid EDTF date: no such day in the calendar") from None


_PLAIN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?[?~%]?$")


def plain_bounds(text: str) -> Bounds | None:
    """Bounds of a year, month or day (optionally qualified), or None for any other form."""
    match = _PLAIN.match(text)
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if year == 0 or (month is not None and not 1 <= month <= 12):
        return None  # year 0 and seasons (months 21-41) go to the package, which judges them
    if month is None:
        return Bounds(date(year, 1, 1), date(year, 12, 31))
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return Bounds(date(year, month, 1), date(year, month, last))
    if not 1 <= day <= last:
        raise EdtfError(f"'{text}' is not a valid EDTF date: no such day in the calendar")
    return Bounds(date(year, month, day), date(year, month, day))


# The single-date forms of levels 0 and 1 we accept (each optionally qualified): a year, month or
# day, and the level-1 unspecified digits. Anything else is refused before the package sees it,
# since it also parses level-2 forms (`1950S2`, `156X-12-25`, `2004-06-~11`) into a plain year.
_ACCEPTED = re.compile(r"(?:[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|[0-9]{3}X|[0-9]{2}XX"
                       r"|[0-9]{4}-XX(?:-XX)?|[0-9]{4}-[0-9]{2}-XX)[?~%]?")


def _single(text: str) -> Bounds:
    plain = plain_bounds(text)
    if plain is not None:
        return plain
    import edtf as _edtf  # here, not at the top: its grammar takes ~0.1 s to import, and plain dates never need it

    try:
        parsed = _edtf.parse_edtf(text)
    except Exception:  # the package raises several types for malformed input
        raise EdtfError(f"'{text}' is not a valid EDTF date (e.g. 2019, 2019-02, 2019-02-14, 2012-10~)")
    kind = type(parsed).__name__
    if kind == "Season":
        raise EdtfError(f"'{text}' is an EDTF season; write the month or an interval instead")
    if not _ACCEPTED.fullmatch(text):
        raise EdtfError(f"'{text}' uses an EDTF form this dataset does not accept "
                        "(level 2, or a year outside 0001-9999)")
    if kind not in _SINGLE_FORMS:
        raise EdtfError(f"'{text}' uses an EDTF form this dataset does not accept ({kind})")
    return Bounds(_to_date(parsed.lower_strict(), text), _to_date(parsed.upper_strict(), text))


@lru_cache(maxsize=None)
def bounds(text: str) -> Bounds:
    """Earliest and latest calendar day an EDTF string allows; raises EdtfError if invalid."""
    if "T" in text:
        raise EdtfError(f"'{text}' has a time; give a date only")
    if any(ch.isspace() for ch in text):
        raise EdtfError(f"'{text}' contains a space")
    if "/" not in text:
        return _single(text)
    start, _, end = text.partition("/")
    if "/" in end:
        raise EdtfError(f"'{text}' has more than one '/'")
    if start in ("", OPEN_END) and end in ("", OPEN_END):
        raise EdtfError(f"'{text}' has no known end at either side")
    earliest = None if start in ("", OPEN_END) else _single(start).earliest
    latest = None if end in ("", OPEN_END) else _single(end).latest
    if earliest and latest and latest < earliest:
        raise EdtfError(f"interval '{text}' ends before it starts")
    return Bounds(earliest, latest)


@lru_cache(maxsize=None)
def iso_bounds(text: str) -> tuple[str | None, str | None]:
    """`bounds` as ISO days, for the writers: each distinct date is formatted once, not once a cell."""
    earliest, latest = bounds(text)
    return (earliest.isoformat() if earliest else None, latest.isoformat() if latest else None)
