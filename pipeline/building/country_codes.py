"""The `country_codes` resource: every code a country has in each system, with the years it holds.

ISO codes come from pycountry, SIPRI names and the COW / Gleditsch–Ward numbers from the country records,
and the years of each COW or G–W number from the state-year lists snapshotted in upstream/state-systems/
(checked against the sha256 in its SNAPSHOT.json). Where two ISO codes share a number (SUN and RUS are both
COW 365), a record's `existed` keeps each code to its own years, so a join on number and year finds one
country — except in a year both existed (1991), which both rows cover.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pycountry
from pydantic import BaseModel

from pipeline.building.tables import Row, TableOut, _field
from pipeline.reading.problems import Problem, ProblemsFound
from schema.edtf import bounds
from schema.types import known_country_codes

SNAPSHOT = "upstream/state-systems"
SYSTEMS = ["iso3", "iso2", "iso_numeric", "cow", "cow_abbr", "gw", "gw_abbr", "sipri"]
# file → (system, number column, abbreviation column)
_LISTS = {"cow-state-years.csv": ("cow", "cown", "cowc"), "gw-state-years.csv": ("gw", "gwn", "gwc")}


@dataclass(frozen=True)
class Membership:
    """One system's list: number → (abbreviation, years), and the list's last year."""

    numbers: dict[int, tuple[str, list[int]]]
    last_year: int


def _snapshot_files(root: Path) -> dict[str, bytes]:
    folder = root / SNAPSHOT
    manifest_path = folder / "SNAPSHOT.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = {name: (folder / name).read_bytes() for name in _LISTS}
    except (OSError, ValueError) as err:
        raise ProblemsFound([Problem(f"{SNAPSHOT}/", message=f"cannot read the state-system snapshot: {err}")]) from None
    problems = []
    for name, data in files.items():
        expected = manifest.get("files", {}).get(name)
        actual = "sha256:" + hashlib.sha256(data).hexdigest()
        if expected != actual:
            problems.append(Problem(f"{SNAPSHOT}/{name}", message=f"content differs from SNAPSHOT.json ({actual}, "
                                    f"expected {expected}); restore the file or refresh the snapshot"))
    if problems:
        raise ProblemsFound(problems)
    return files


def memberships(root: Path) -> dict[str, Membership]:
    out = {}
    for name, data in _snapshot_files(root).items():
        system, number_column, abbr_column = _LISTS[name]
        years: dict[int, list[int]] = defaultdict(list)
        abbrs: dict[int, str] = {}
        for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
            number = int(row[number_column])
            years[number].append(int(row["year"]))
            abbrs[number] = row[abbr_column]
        last = max(y for ys in years.values() for y in ys)
        out[system] = Membership({n: (abbrs[n], sorted(ys)) for n, ys in years.items()}, last)
    return out


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive years as (first, last) runs: 1918–1938, 1945–1992."""
    runs: list[tuple[int, int]] = []
    for year in years:
        if runs and year == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
    return runs


def _existed(record: BaseModel | None) -> tuple[int | None, int | None]:
    value = getattr(record, "existed", None)
    if value is None:
        return None, None
    earliest, latest = bounds(value)
    return (earliest.year if earliest else None), (latest.year if latest else None)


def _periods(record: BaseModel | None, membership: Membership, number: int) -> list[tuple[int, int | None]]:
    """The years a number stands for this country: its runs in the list, within the record's `existed`;
    a run reaching the list's last year stays open (the state is still a member)."""
    first_existed, last_existed = _existed(record)
    out = []
    for first, last in _runs(membership.numbers.get(number, ("", []))[1]):
        end: int | None = None if last == membership.last_year else last
        if first_existed is not None:
            first = max(first, first_existed)
        if last_existed is not None:
            end = last_existed if end is None else min(end, last_existed)
        if end is None or first <= end:
            out.append((first, end))
    return out


def build(root: Path, models: list[BaseModel]) -> TableOut:
    lists = memberships(root)
    records = {m.code: m for m in models}  # type: ignore[attr-defined]
    system = _field("system", None, type_="string", required=True,
                    description="Coding system: iso3, iso2, iso_numeric (ISO 3166), cow and cow_abbr (Correlates of "
                    "War), gw and gw_abbr (Gleditsch–Ward), sipri (SIPRI's country name).")
    system["constraints"]["enum"] = SYSTEMS
    fields = [
        _field("country", None, type_="string", required=True, description="The package's country code (join to countries)."),
        system,
        _field("code", None, type_="string", required=True, description="The code or name in that system."),
        _field("period", None, type_="integer", required=True, description="1, 2 … where a code holds in several spans."),
        _field("start", None, type_="integer", description="First year the code stands for the country; empty: "
               "not stated (ISO codes and SIPRI names of states without a recorded `existed`)."),
        _field("end", None, type_="integer", description="Last year; empty: still valid (for COW and G–W: a "
               "member in the last year of the list, 2016 and 2017)."),
    ]
    table = TableOut("country_codes", "Every code a country has in each system, with the years it stands for "
                     "the country: join on (system, code) and year.", fields, ["country", "system", "code", "period"],
                     [{"fields": ["country"], "reference": {"resource": "countries", "fields": ["code"]}}])
    current = {c.alpha_3: c for c in pycountry.countries}
    former = {c.alpha_3: c for c in pycountry.historic_countries}
    for code in sorted(known_country_codes()):
        record = records.get(code)
        first, last = _existed(record)
        rows: list[tuple[str, str, int | None, int | None]] = [("iso3", code, first, last)]
        iso = current.get(code) or former.get(code)
        if getattr(iso, "alpha_2", None):
            rows.append(("iso2", iso.alpha_2, first, last))  # type: ignore[union-attr]
        if getattr(iso, "numeric", None):
            rows.append(("iso_numeric", iso.numeric, first, last))  # type: ignore[union-attr]
        for sys_name, attr, earlier in (("cow", "cow_code", "earlier_cow_codes"), ("gw", "gw_code", "earlier_gw_codes")):
            membership = lists[sys_name]
            numbers = [getattr(record, attr, None)] + list(getattr(record, earlier, None) or [])
            for number in [n for n in numbers if n is not None]:
                abbr = membership.numbers.get(number, ("", []))[0]
                for start, end in _periods(record, membership, number):
                    rows.append((sys_name, str(number), start, end))
                    if abbr:
                        rows.append((f"{sys_name}_abbr", abbr, start, end))
        if record is not None and record.sipri_name:  # type: ignore[attr-defined]
            rows.append(("sipri", record.sipri_name, first, last))  # type: ignore[attr-defined]
        counter: dict[tuple[str, str], int] = defaultdict(int)
        for sys_name, value, start, end in sorted(rows, key=lambda r: (SYSTEMS.index(r[0]), r[1], r[2] or 0)):
            counter[sys_name, value] += 1
            out: Row = {"country": code, "system": sys_name, "code": value, "period": counter[sys_name, value],
                        "start": start, "end": end}
            table.rows.append(out)
    return table


def problems_in(root: Path) -> list[Any]:
    """The snapshot's own problems, for `check` (a changed or missing list file)."""
    try:
        _snapshot_files(root)
    except ProblemsFound as found:
        return list(found.problems)
    return []
