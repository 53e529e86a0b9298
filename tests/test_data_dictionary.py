"""docs/data-dictionary.md documents every output table and column, with real examples."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.building import generated
from pipeline.building.build_state import Build
from pipeline.building.data_dictionary import render as render_dictionary
from pipeline.building.write import render as render_package
from pipeline.cli import check


def render(repo: Path) -> bytes:
    records, problems = check(repo)
    assert not problems
    return render_dictionary(Build(repo, records, render_package(repo, records)))


def _rows(text: str) -> dict[str, dict[str, list[str]]]:
    """table → column → its cells (type, required, description, allowed values, example)."""
    out: dict[str, dict[str, list[str]]] = {}
    table = None
    for line in text.splitlines():
        if line.startswith("## "):
            table = line[3:]
            out[table] = {}
        elif table and (cell := re.match(r"^\| `([a-z0-9_]+)` \| (.*) \|$", line)):
            out[table][cell.group(1)] = [c.strip() for c in re.split(r"(?<!\\)\|", cell.group(2))]
    return out


def test_every_table_and_column_in_dist_is_documented(built_repo: Path) -> None:
    """Each table of the package, retired ids included, with the columns its CSV has."""
    descriptor = json.loads((built_repo / "dist" / "datapackage.json").read_text())
    documented = _rows((built_repo / "docs" / "data-dictionary.md").read_text())
    in_dist = {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in descriptor["resources"]
               if r.get("format") == "csv"}
    assert list(documented) == list(in_dist)
    for name in in_dist:
        assert list(documented[name]) == in_dist[name], name
    assert "retired" in documented
    # Child tables and derived bounds are there, as analysts see them.
    assert {"agreement_parties", "arms_deal_deliveries", "visit_sources"} <= set(documented)
    assert documented["visits"]["start_earliest"][0] == "date"


def test_examples_are_the_first_non_empty_values_in_key_order(repo: Path) -> None:
    rows = _rows(render(repo).decode())
    # visits in id order: 2012-10-kayani-russia (start 2012-10~), 2012-putin-pakistan, …
    assert rows["visits"]["start"][-1] == "`2012-10~`"
    assert rows["visits"]["start_earliest"][-1] == "`2012-10-01`"
    assert rows["visits"]["start_latest"][-1] == "`2012-10-31`"
    # The first agreement in id order has no value; the second has one.
    assert rows["agreements"]["value_amount"][-1] == "`10600000`"
    assert rows["agreement_parties"]["role"][-1] == "`donor`"
    assert rows["countries"]["cow_code"][-1] == "`770`"  # only PAK has a crosswalk in the fixture


def test_allowed_values_types_and_required_flags_are_stated(repo: Path) -> None:
    rows = _rows(render(repo).decode())
    kind, required, _, values, _ = rows["agreements"]["domains"]
    assert kind.startswith("list of string") and required == "yes"
    assert values.startswith("each item one of `defence`, `security`")
    assert rows["agreements"]["stage"][3].startswith("ordered: `under_negotiation` < `agreed_in_principle`")
    assert rows["visits"]["id"][3] == "pattern `^[a-z0-9]+(-[a-z0-9]+)*$`"
    assert rows["arms_deals"]["quantity"][3] == "≥ 1"
    assert "EDTF" in rows["visits"]["end"][3]


def test_the_dictionary_is_a_generated_file_kept_fresh() -> None:
    assert generated.GENERATORS["docs/data-dictionary.md"] is render_dictionary
