"""The editor schemas accept every valid record as an editor reads it, and reject what the check rejects."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURE, ROOT
from editor_yaml import load, load_file
from pydantic import ValidationError

from pipeline.building import generated
from pipeline.contributing import editor_schema
from pipeline.reading.strict_yaml import parse, to_python
from schema.edtf import bounds
from schema.registry import BY_NAME, TABLES


def _validator(table: str) -> jsonschema.Draft7Validator:
    schema = editor_schema.schema(BY_NAME[table])
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def _check_accepts(table: str, path: Path) -> str | None:
    """Why the check rejects the record on its own (strict loader and model), or None."""
    node, problems = parse(path.name, path.read_bytes())
    if node is None or problems:
        return str(problems[0])
    try:
        BY_NAME[table].model.model_validate(to_python(node))
    except ValidationError as err:
        return str(err)
    return None


@pytest.mark.parametrize("base", [ROOT, FIXTURE], ids=["records", "fixture"])
@pytest.mark.parametrize("table", [t.name for t in TABLES])
def test_every_valid_record_passes_its_editor_schema(base: Path, table: str) -> None:
    """Records the check rejects on their own are left out: the editor may rightly reject them too."""
    validator = _validator(table)
    paths = [p for p in sorted((base / "records" / table).glob("*.yaml")) if _check_accepts(table, p) is None]
    errors = [f"{p.relative_to(base)}: {list(e.absolute_path)}: {e.message}"
              for p in paths for e in validator.iter_errors(load_file(p))]
    assert paths
    assert not errors, "\n".join(errors)


KAYANI = FIXTURE / "records/visits/2012-10-kayani-russia.yaml"
GRANT = FIXTURE / "records/agreements/2019-02-japan-pakistan-grant.yaml"
MI35 = FIXTURE / "records/arms_deals/2015-russia-pakistan-mi-35m.yaml"
PANT = FIXTURE / "records/sources/pant-2012-11-16-pakistan-russia.yaml"

# (name, record, text to replace, replacement, where the editor schema must report it)
BROKEN = [
    ("misspelt vocabulary", KAYANI, "role: military_chief", "role: presidnet", ["visitor", "role"]),
    ("unknown field", KAYANI, "status: completed\n", "status: completed\nstatuss: completed\n", []),
    ("required field left out", KAYANI, "kind: official\n", "", []),
    ("lowercase country code", KAYANI, "to_country: RUS", "to_country: rus", ["to_country"]),
    ("id not a slug", KAYANI, "id: 2012-10-kayani-russia", "id: 2012_10_Kayani", ["id"]),
    ("yes instead of true", GRANT, "approximate: false", "approximate: no", ["value", "approximate"]),
    ("one party", GRANT, "  - {country: PAK, role: recipient}\n", "", ["parties"]),
    ("no sources", GRANT, "sources:\n  - {source: mahapatra-2019-06-22-pakistan-japan, locator: para 11}\n",
     "sources: []\n", ["sources"]),
    ("zero quantity", MI35, "quantity: 4", "quantity: 0", ["quantity"]),
    ("quantity in words", MI35, "quantity: 4", "quantity: four", ["quantity"]),
    ("formula in notes", MI35, "notes: The 2018", "notes: =The 2018", ["deliveries", 0, "notes"]),
    ("date in words", PANT, "published: 2012-11-16", "published: 16 November 2012", ["published"]),
    ("list delimiter in an item", PANT, "authors: [Harsh V. Pant]", "authors: [Harsh V. Pant; Someone]", ["authors", 0]),
]


@pytest.mark.parametrize("name, path, old, new, where", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_record_fails_both_check_and_editor_schema(tmp_path: Path, name: str, path: Path, old: str,
                                                          new: str, where: list[object]) -> None:
    text = path.read_text()
    assert old in text
    broken = tmp_path / path.name
    broken.write_text(text.replace(old, new))
    table = path.parent.name

    rejected = _check_accepts(table, broken)
    errors = list(_validator(table).iter_errors(load_file(broken)))

    assert rejected, "the check should reject it"
    assert errors, "the editor schema should reject it"
    assert where in [list(e.absolute_path) for e in errors], [(list(e.absolute_path), e.message) for e in errors]


@pytest.mark.parametrize("form", ["2019", "2019-02", "2019-02-14", "2012-10~", "2018?", "2018%", "201X", "2019-XX",
                                  "2018/2019", "2018-04-24/2018-04-30", "2018/..", "2018/", "2012-10~/2013"])
def test_editor_schema_accepts_each_edtf_form_the_check_accepts(form: str) -> None:
    bounds(form)  # the check accepts it
    start = editor_schema.schema(BY_NAME["visits"])["properties"]["start"]
    value = load(f"start: {form}\n")["start"]
    jsonschema.validate(value, start)


def test_a_blank_optional_field_is_accepted_and_a_blank_required_one_is_not() -> None:
    text = KAYANI.read_text()
    validator = _validator("visits")
    assert not list(validator.iter_errors(load(text + "end:\n")))
    assert list(validator.iter_errors(load(text.replace("kind: official", "kind:"))))


def test_each_table_has_a_committed_schema_that_the_build_writes() -> None:
    for table in TABLES:
        path = f"schema/json/{table.name}.schema.json"
        assert path in generated.GENERATORS  # so the freshness test in test_outputs covers it
        assert json.loads((ROOT / path).read_text())["title"] == f"{table.name} record"


def test_vscode_maps_each_records_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == editor_schema.EDITOR_MAP
    assert all(f"records/{t.name}/*.yaml" in sum(editor_schema.EDITOR_MAP.values(), []) for t in TABLES)


@pytest.mark.parametrize("base", [ROOT, FIXTURE], ids=["records", "fixture"])
def test_the_scope_file_passes_its_editor_schema_and_a_typo_does_not(base: Path) -> None:
    schema = json.loads(editor_schema.render_single("scope"))
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    scope = load_file(base / "records" / "scope.yaml")
    assert not [e.message for e in validator.iter_errors(scope)]
    scope["pairs"][0]["visits"]["completeness"] = "systematik"
    assert [e.message for e in validator.iter_errors(scope)] == [
        "'systematik' is not one of ['systematic', 'partial', 'milestones_only']"]
