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


def _library_bounds(text: str) -> Bounds:
    import time as _time

    import edtf

    parsed = edtf.parse_edtf(text)
    as_date = lambda t: D(t.tm_year, t.tm_mon, t.tm_mday)  # noqa: E731
    assert isinstance(parsed.lower_strict(), _time.struct_time)
    return Bounds(as_date(parsed.lower_strict()), as_date(parsed.upper_strict()))


def _record_dates() -> list[str]:
    import re

    from conftest import ROOT

    found: set[str] = set()
    for path in (ROOT / "records").glob("*/*.yaml"):
        found |= set(re.findall(r"(?:start|end|signed|in_force|ended|ordered|published|date): ['\"]?([0-9X?~%./-]+)",
                                path.read_text()))
    return sorted(side for value in found for side in value.split("/") if side not in ("", ".."))


@pytest.mark.parametrize("text", ["1952", "2019-02", "2020-02", "2019-12", "2000-02-29", "1900-02", "2019-02-28",
                                  "2012-10~", "2018?", "2018-02%", "2019-12-31~", "0001"])
def test_fast_path_agrees_with_the_edtf_package(text: str) -> None:
    from schema.edtf import plain_bounds

    assert plain_bounds(text) == _library_bounds(text)


def test_fast_path_agrees_with_the_package_on_every_date_in_the_records() -> None:
    from schema.edtf import plain_bounds

    dates = _record_dates()
    checked = [d for d in dates if plain_bounds(d) is not None]
    assert len(checked) > 500
    assert [d for d in checked if plain_bounds(d) != _library_bounds(d)] == []


@pytest.mark.parametrize("text", ["2019-21", "0000", "201X", "2019-XX", "?2018", "2004-06-~11"])
def test_other_forms_are_left_to_the_package(text: str) -> None:
    from schema.edtf import plain_bounds

    assert plain_bounds(text) is None
