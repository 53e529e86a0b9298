"""Datasette's metadata.json, generated from datapackage.json: titles, licence, descriptions, facets, labels.

Cells holding just a URL (sources.url) Datasette already shows as links; foreign keys show the label
column named here (a source's title, a country's name) instead of a bare id.
"""

from __future__ import annotations

import json
from typing import Any

# Facets offered where the column exists: the pair, who, what kind and how far it got.
FACETS = ("event_type", "pair", "from_country", "to_country", "supplier", "recipient", "kind", "category",
          "status", "stage", "outcome", "completeness")
LABELS = ("title", "name", "designation")  # the first that a table has labels its rows in links
VIEWS = {
    "events": "All visits, agreements and arms deals, one row per event and pair of countries (an agreement "
              "with three parties gives three pairs), with the derived event date and the kind (an arms deal's category).",
    "dyad_year_panel": "The dyad-year panel (dyad_years) with the pair and the countries' names.",
}
VIEW_COLUMNS = {
    "event_type": "visit, agreement or arms_deal: the table the row comes from.",
    "pair": "The two countries' codes in alphabetical order, joined by '-'.",
    "country_a": "The alphabetically first country of the pair.",
    "country_b": "The alphabetically second country of the pair.",
    "from_country": "The visitor's or the supplier's country; empty for agreements.",
    "to_country": "The host or the recipient country; empty for agreements.",
    "kind": "The visit's or agreement's kind, or the arms deal's category.",
    "country_a_name": "The name of country_a.",
    "country_b_name": "The name of country_b.",
}


def metadata(descriptor: dict[str, Any], database: str) -> dict[str, Any]:
    licence = (descriptor.get("licenses") or [{}])[0]
    tables: dict[str, Any] = {}
    columns_seen: dict[str, str] = {}
    for resource in descriptor["resources"]:
        if resource.get("type") != "table" or resource.get("format") != "csv":
            continue
        fields = resource["schema"]["fields"]
        names = [f["name"] for f in fields]
        entry: dict[str, Any] = {
            "description": resource.get("description", ""),
            "columns": {f["name"]: f.get("description", "") for f in fields},
        }
        facets = [n for n in FACETS if n in names]
        if facets:
            entry["facets"] = facets
        label = next((n for n in LABELS if n in names), None)
        if label:
            entry["label_column"] = label
        tables[resource["name"]] = entry
        for f in fields:
            columns_seen.setdefault(f["name"], f.get("description", ""))
    for view, description in VIEWS.items():
        entry = {"description": description,
                 "columns": {n: d for n, d in (columns_seen | VIEW_COLUMNS).items()}}
        entry["facets"] = [n for n in FACETS if n in ("event_type", "pair", "kind")] if view == "events" else ["pair"]
        tables[view] = entry
    source = (descriptor.get("sources") or [{}])[0]
    return {
        "title": descriptor.get("title", descriptor["name"]),
        "description": descriptor.get("description", ""),
        "license": licence.get("title") or licence.get("name", ""),
        "license_url": licence.get("path", ""),
        "source": source.get("title", ""),
        "databases": {database: {"description": f"Version {descriptor.get('version', '')}", "tables": tables}},
    }


def metadata_bytes(descriptor: dict[str, Any], database: str) -> bytes:
    return (json.dumps(metadata(descriptor, database), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
