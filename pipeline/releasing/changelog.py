"""CHANGELOG.md: one `## <version> — <date>` section per release, newest first, written by `release`."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap

from pipeline.releasing.versioning import Bump, Change

PATH = "CHANGELOG.md"
HEADER = """# Changelog

What changed in the data, record by record, and in the scope's claims (which panel counts are numbers).
Versions are SemVer as the
[Data Package Version](https://datapackage.org/recipes/data-package-version/) recipe applies it:
MAJOR when a field is removed, renamed or retyped, a constraint gets stricter or a published record or
claim is removed; MINOR for new tables, fields, records or claims, or a looser constraint; PATCH for
corrected values and changed claims.
Removed ids are listed, with their replacements, in the `retired` table (`csv/retired.csv`).
Each section is written by `python build.py release`.
"""

_CONTENTS = (
    "Agreements, official visits and arms deals that trace the alignments around South Asia, each "
    "row citing the published texts it rests on, with dates kept as precise as the sources give them "
    "(EDTF, with derived earliest and latest days) and countries as ISO 3166 codes with Correlates of "
    "War, Gleditsch–Ward and SIPRI crosswalks. The records are curated one at a time from the sources "
    "cited, so coverage is partial: docs/coverage.md shows which country pairs and years they reach."
)


def _rows(data: bytes) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8")))) - 1


def first_section(version: str, date: str, files: dict[str, bytes]) -> str:
    """The first release: what the data is, and how many rows each table of the package holds."""
    descriptor = json.loads(files["datapackage.json"])
    intro = textwrap.fill(f"First release. {_CONTENTS}", width=100)
    lines = [f"## {version} — {date}", "", intro, "", "| table | rows | what a row is |", "| --- | ---: | --- |"]
    for res in descriptor["resources"]:
        if res.get("format") == "csv":
            lines.append(f"| `{res['name']}` | {_rows(files[res['path']])} | {res['description']} |")
    return "\n".join(lines) + "\n"


def section(version: str, date: str, level: Bump, changes: list[Change], records_markdown: str) -> str:
    lines = [f"## {version} — {date}", "", f"{level.name} release, because:", ""]
    lines += [f"- {c.bump.name}: {c.reason}" for c in sorted(changes, key=lambda c: -c.bump)]
    return "\n".join(lines) + "\n\n" + records_markdown


def upsert(text: str | None, version: str, body: str) -> str:
    """The changelog with the version's section replaced, or inserted above the newest one."""
    text = text if text and text.strip() else HEADER
    sections = re.split(r"(?m)^(?=## )", text)
    head, rest = sections[0], sections[1:]
    rest = [s for s in rest if not re.match(rf"## {re.escape(version)}(\s|$)", s)]
    return head.rstrip("\n") + "\n\n" + "\n".join(s.rstrip("\n") + "\n" for s in [body] + rest)
