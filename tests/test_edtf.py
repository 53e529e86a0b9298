from __future__ import annotations

from datetime import date

import pytest

from schema.edtf import Bounds, EdtfError, bounds

D = date


@pytest.mark.parametrize("text, expected", [
    ("2019", Bounds(D(2019, 1, 1), D(2019, 12, 31))),
    ("2019-02", Bounds(D(2019, 2, 1), D(2019, 2, 28))),
    ("2020-02", Bounds(D(2020, 2, 1), D(2020, 2, 29))),  # leap year
    ("2019-02-14", Bounds(D(2019, 2, 14), D(2019, 2, 14))),
    ("2012-10~", Bounds(D(2012, 10, 1), D(2012, 10, 31))),  # qualifiers keep the stated span
    ("2018?", Bounds(D(2018, 1, 1), D(2018, 12, 31))),
    ("2018-02?", Bounds(D(2018, 2, 1), D(2018, 2, 28))),  # a qualified month
    ("2018%", Bounds(D(2018, 1, 1), D(2018, 12, 31))),
    ("201X", Bounds(D(2010, 1, 1), D(2019, 12, 31))),  # unspecified digit
    ("2019-XX", Bounds(D(2019, 1, 1), D(2019, 12, 31))),
    ("2018/2019", Bounds(D(2018, 1, 1), D(2019, 12, 31))),
    ("2018-04-24/2018-04-30", Bounds(D(2018, 4, 24), D(2018, 4, 30))),
    ("1967/1968", Bounds(D(1967, 1, 1), D(1968, 12, 31))),
    ("2018-04~/2018-06", Bounds(D(2018, 4, 1), D(2018, 6, 30))),
    ("2018/..", Bounds(D(2018, 1, 1), None)),  # open end: the edtf package raises here
    ("../2018", Bounds(None, D(2018, 12, 31))),
    ("2018/", Bounds(D(2018, 1, 1), None)),  # unknown end: the package invents 2028
    ("/2018-06", Bounds(None, D(2018, 6, 30))),
])
def test_bounds_of_each_accepted_form(text: str, expected: Bounds) -> None:
    assert bounds(text) == expected


@pytest.mark.parametrize("text, reason", [
    ("2019-13-45", "not a valid EDTF date"),
    ("2019-02-30", "not a valid EDTF date"),
    ("2019-02-29", "no such day"),
    ("19-02-2019", "not a valid EDTF date"),
    ("Feb-2019", "not a valid EDTF date"),
    ("Feb 2019", "contains a space"),
    ("2019-02-14 ", "contains a space"),
    ("2019-21", "season"),
    ("2019/2018", "ends before it starts"),
    ("../..", "no known end"),
    ("/", "no known end"),
    ("2018/2019/2020", "more than one '/'"),
    ("2019-02-14T10:00", "time"),
])
def test_bad_dates_are_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(EdtfError, match=reason):
        bounds(text)
