"""The Office of the Historian's XML → entries: who travelled where and when, with the remarks.

Reads the President's and the Secretary of State's trips (HistoryAtState/travels) and the visits of
foreign leaders to the United States (HistoryAtState/visits), keeping the entries between the United
States and an in-scope country from 2000 on. A visitor's title must be one we know how to map to a
role; any other title is a problem at its file and line, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from pipeline.reading.problems import Problem, ProblemsFound
from schema.vocab import VisitorRole

# Our country code → the Historian's country id. A later scope file will list the pairs.
IN_SCOPE: dict[str, str] = {"IND": "india", "PAK": "pakistan", "JPN": "japan"}
COUNTRY_NAMES: dict[str, str] = {"IND": "India", "PAK": "Pakistan", "JPN": "Japan"}
SINCE = "2000-01-01"

# The travel files read: every President and Secretary of State in office since 2000
# (file stem → slug used in record ids).
PRESIDENTS: dict[str, str] = {
    "clinton-william-j": "clinton", "bush-george-w": "bush", "obama-barack": "obama",
    "trump-donald-j": "trump", "biden-joseph-r": "biden",
}
SECRETARIES: dict[str, str] = {
    "albright-madeleine-korbel": "albright", "powell-colin-luther": "powell", "rice-condoleezza": "rice",
    "clinton-hillary-rodham": "hillary-clinton", "kerry-john-forbes": "kerry", "tillerson-rex-w": "tillerson",
    "pompeo-michael-r": "pompeo", "blinken-antony-j": "blinken", "rubio-marco": "rubio",
}
VISITS_FILES = ("2000.xml", "2010.xml", "2020.xml")  # one file per decade; 2000 on
ROLE_CODES = "travels/code-tables/travel-role-codes.xml"

# The travels' role code → (role, office). The US President is head of state and of government;
# the project's role for him is head_of_state.
TRAVEL_ROLES: dict[str, tuple[VisitorRole, str]] = {
    "president": (VisitorRole.head_of_state, "President of the United States"),
    "secretary": (VisitorRole.foreign_minister, "Secretary of State"),
}

# A visitor's title → role. Head titles depend on the country's constitution, so they are listed per
# country; a minister's or a service chief's title means the same everywhere (key None).
TITLE_ROLES: dict[tuple[str | None, str], VisitorRole] = {
    ("IND", "President"): VisitorRole.head_of_state,
    ("IND", "Prime Minister"): VisitorRole.head_of_government,
    ("PAK", "President"): VisitorRole.head_of_state,
    ("PAK", "Prime Minister"): VisitorRole.head_of_government,
    ("JPN", "Prime Minister"): VisitorRole.head_of_government,
    ("JPN", "Emperor"): VisitorRole.head_of_state,
    (None, "Foreign Minister"): VisitorRole.foreign_minister,
    (None, "Minister of Foreign Affairs"): VisitorRole.foreign_minister,
    (None, "External Affairs Minister"): VisitorRole.foreign_minister,
    (None, "Minister of External Affairs"): VisitorRole.foreign_minister,
    (None, "Chief of Army Staff"): VisitorRole.military_chief,
}
_TITLES = sorted({title for _, title in TITLE_ROLES}, key=len, reverse=True)  # longest first


@dataclass(frozen=True)
class Entry:
    """One trip or visit as the Historian lists it."""

    list: str  # "president", "secretary" or "visits": which list (and source page) it is on
    id: str  # the upstream entry id
    path: str  # file it was read from, as shown in messages
    line: int
    name: str
    office: str
    role: VisitorRole
    slug: str  # who, in a record id
    from_country: str
    to_country: str
    start: str
    end: str
    places: tuple[str, ...] | None
    remarks: str  # whitespace collapsed, as the site shows it

    @property
    def country(self) -> str:
        """The in-scope country (the other side is the United States)."""
        return self.to_country if self.from_country == "USA" else self.from_country

    @property
    def sort_key(self) -> tuple[int, str, int]:
        """The President's trips first, so a Secretary who accompanied him finds his trip's record."""
        return ("president", "secretary", "visits").index(self.list), self.start, int(self.id)


def role_for_title(country: str, visitor: str) -> tuple[str, str, VisitorRole] | str:
    """(title, name, role) from 'Prime Minister Atal Vajpayee', or why it cannot be mapped."""
    for title in _TITLES:
        if visitor.startswith(title + " "):
            role = TITLE_ROLES.get((country, title)) or TITLE_ROLES.get((None, title))
            if role is None:
                return f"title '{title}' of {country} has no role in TITLE_ROLES"
            return title, visitor[len(title) + 1:].strip(), role
    return "no title in TITLE_ROLES starts it"


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _root(path: Path, shown: str) -> tuple[ET.Element, dict[str, int]]:
    """The parsed file and the line of each entry's <id>; DTDs are refused (no entity expansion)."""
    text = path.read_text(encoding="utf-8")
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise ProblemsFound([Problem(shown, message="a DTD or entity declaration; the Historian's data has none")])
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        line, column = err.position
        raise ProblemsFound([Problem(shown, line, column + 1, "", f"not well-formed XML: {err}")]) from None
    lines = {m.group(1): text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<id>(\d+)</id>", text)}
    return root, lines


def _places(locale: str) -> tuple[str, ...] | None:
    items = tuple(p.strip() for p in locale.split(",") if p.strip())
    return items or None


def _role_codes(files: dict[str, Path]) -> set[str]:
    root, _ = _root(files[ROLE_CODES], ROLE_CODES)
    return {_text(item.find("value")) for item in root.iter("item")}


def travels(files: dict[str, Path], base: str) -> tuple[list[Entry], list[Problem]]:
    entries, problems = [], []
    codes = _role_codes(files)
    countries = {cid: code for code, cid in IN_SCOPE.items()}
    for folder, people in (("president-travels", PRESIDENTS), ("secretary-travels", SECRETARIES)):
        for stem, who in people.items():
            name = f"travels/{folder}/{stem}.xml"
            shown = f"{base}/{name}"
            root, lines = _root(files[name], shown)
            for trip in root.iter("trip"):
                country = countries.get(trip.find("country").get("id", "")) if trip.find("country") is not None else None
                start = _text(trip.find("start-date"))
                if country is None or start < SINCE:
                    continue
                trip_id = _text(trip.find("id"))
                code = _text(trip.find("role"))
                if code not in codes or code not in TRAVEL_ROLES:
                    problems.append(Problem(shown, lines.get(trip_id, 0), 1, "role",
                                            f"role code '{code}' is not in {ROLE_CODES} and TRAVEL_ROLES"))
                    continue
                role, office = TRAVEL_ROLES[code]
                entries.append(Entry(
                    code, trip_id, shown, lines.get(trip_id, 0), _text(trip.find("name")), office, role, who,
                    "USA", country, start, _text(trip.find("end-date")) or start,
                    _places(_text(trip.find("locale"))), _text(trip.find("remarks")),
                ))
    return entries, problems


def visits(files: dict[str, Path], base: str) -> tuple[list[Entry], list[Problem]]:
    entries, problems = [], []
    countries = {cid: code for code, cid in IN_SCOPE.items()}
    for stem in VISITS_FILES:
        name = f"visits/data/{stem}"
        shown = f"{base}/{name}"
        root, lines = _root(files[name], shown)
        for visit in root.iter("visit"):
            origin = visit.find("from")
            country = countries.get(origin.get("id", "")) if origin is not None else None
            start = _text(visit.find("start-date"))
            if country is None or start < SINCE:
                continue
            visit_id = _text(visit.find("id"))
            visitor = _text(visit.find("visitor"))
            mapped = role_for_title(country, visitor)
            if isinstance(mapped, str):
                problems.append(Problem(shown, lines.get(visit_id, 0), 1, "visitor",
                                        f"cannot map the title of '{visitor}' (entry {visit_id}) to a role: {mapped}; "
                                        "add it to TITLE_ROLES in pipeline/importers/history_state_data.py"))
                continue
            title, name_only, role = mapped
            entries.append(Entry(
                "visits", visit_id, shown, lines.get(visit_id, 0), name_only, f"{title} of {COUNTRY_NAMES[country]}",
                role, slug(name_only), country, "USA", start, _text(visit.find("end-date")) or start, None,
                _text(visit.find("description")),
            ))
    return entries, problems


def read_entries(files: dict[str, Path], base: str) -> list[Entry]:
    """Every in-scope entry, in date order; ProblemsFound if any entry cannot be read without a guess."""
    trips, problems = travels(files, base)
    leaders, more = visits(files, base)
    if problems + more:
        raise ProblemsFound(problems + more)
    return sorted(trips + leaders, key=lambda e: e.sort_key)


def snapshot_files() -> list[str]:
    """The upstream files the import reads, relative to upstream/history-state/."""
    return ([f"travels/president-travels/{s}.xml" for s in PRESIDENTS]
            + [f"travels/secretary-travels/{s}.xml" for s in SECRETARIES]
            + [ROLE_CODES, "travels/LICENSE.md"]
            + [f"visits/data/{s}" for s in VISITS_FILES] + ["visits/LICENSE.md"])
