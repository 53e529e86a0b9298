"""`build.py new`: a template that names every field, fails the check at each blank, passes once filled."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import run_build
from editor_yaml import load, load_file

from pipeline.contributing import editor_schema
from schema.introspect import shapes
from schema.registry import BY_NAME

# One real record per table, to fill a template with.
FILLED_FROM = [
    ("countries", "PAK"),
    ("sources", "pant-2012-11-16-pakistan-russia"),
    ("visits", "2012-10-kayani-russia"),
    ("agreements", "2019-02-japan-pakistan-grant"),
    ("arms_deals", "2015-russia-pakistan-mi-35m"),
]


def _fill(template: str, field_names: list[str], values: dict[str, object]) -> str:
    """What a curator does: each top-level field's block (commented out or blank) becomes its value.

    A block starts at `name:` or `# name:` in the first column and runs to the next such line.
    Values are written as JSON, which is YAML too. Fields without a value are left as they are.
    """
    starts = re.compile(rf"^(?:# )?({'|'.join(field_names)}):", re.MULTILINE)
    marks = list(starts.finditer(template))
    out = [template[: marks[0].start()]]
    for mark, following in zip(marks, marks[1:] + [None]):
        block = template[mark.start(): following.start() if following else len(template)]
        name = mark.group(1)
        out.append(f"{name}: {json.dumps(values[name], ensure_ascii=False)}\n" if name in values else block)
    return "".join(out)


def _placeholders(lines: list[str]) -> set[int]:
    """Line numbers of the fields left blank (not commented out) that hold no nested fields."""
    out = set()
    for i, line in enumerate(lines):
        field = re.match(r"^([ -]*)[a-z_]+:\s*(#.*)?$", line)
        if not field:
            continue
        following = next((n for n in lines[i + 1:] if not n.lstrip().startswith("#")), "")
        if len(re.match(r"^[ -]*", following).group()) <= len(field.group(1)):  # type: ignore[union-attr]
            out.add(i + 1)
    return out


def _new(repo: Path, table: str, key: str) -> Path:
    result = run_build(repo, "new", table, key)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"new: wrote records/{table}/{key}.yaml" in result.stdout
    return repo / "records" / table / f"{key}.yaml"


@pytest.mark.parametrize("table, key", FILLED_FROM, ids=[t for t, _ in FILLED_FROM])
def test_template_filled_in_with_a_real_record_passes_check(repo: Path, table: str, key: str) -> None:
    record = repo / "records" / table / f"{key}.yaml"
    values = load_file(record)  # typed as an editor types them: `quantity: 4` stays a number
    record.unlink()

    path = _new(repo, table, key)
    path.write_text(_fill(path.read_text(), [s.name for s in shapes(BY_NAME[table].model)], values))

    result = run_build(repo, "check")
    assert result.returncode == 0, path.read_text() + result.stdout + result.stderr
    # The filled template is valid in an editor too, with its own schema line.
    assert path.read_text().startswith(f"# yaml-language-server: $schema=../../schema/json/{table}.schema.json\n")
    jsonschema.validate(load(path.read_text()), editor_schema.schema(BY_NAME[table]))


@pytest.mark.parametrize("table", list(BY_NAME))
def test_unfilled_template_fails_check_at_each_placeholder(repo: Path, table: str) -> None:
    key = "BTN" if table == "countries" else "2031-01-new-record"
    path = _new(repo, table, key)
    placeholders = _placeholders(path.read_text().splitlines())

    result = run_build(repo, "check")

    assert result.returncode == 1
    reported = {int(m.group(1)) for m in re.finditer(rf"records/{table}/{key}\.yaml:(\d+):\d+: \S+: is blank", result.stdout)}
    assert placeholders and reported == placeholders, (result.stdout, sorted(placeholders))
    other = [line for line in result.stdout.splitlines() if f"{key}.yaml" in line and "is blank" not in line]
    assert not other, other


def test_template_names_every_field_optional_ones_commented_out() -> None:
    from pipeline.contributing.template import render

    text = render(BY_NAME["arms_deals"], "2031-russia-pakistan-x")
    for shape in shapes(BY_NAME["arms_deals"].model):
        prefix = "" if shape.required else "# "
        assert re.search(rf"^{prefix}{shape.name}:", text, re.MULTILINE), shape.name
    assert "One of: reported, negotiating," in text  # allowed values beside a field
    assert re.search(r"^# quantity: +# optional\. Number ordered", text, re.MULTILINE)
    assert re.search(r"^#     # quantity: +# optional\. How many were delivered", text, re.MULTILINE)


@pytest.mark.parametrize("table, key, message", [
    ("visits", "2012-10-kayani-russia", "records/visits/2012-10-kayani-russia.yaml: already exists; edit it instead"),
    ("agreements", "2012-10-kayani-russia",
     "records/agreements/2012-10-kayani-russia.yaml: id: '2012-10-kayani-russia' is already used by "
     "records/visits/2012-10-kayani-russia.yaml; ids are unique across tables"),
    ("visits", "2012-10-Kayani_Russia", "records/visits/2012-10-Kayani_Russia.yaml: id: '2012-10-Kayani_Russia' is "
     "not a lowercase slug"),
    ("visits", "../../escape", "is not a lowercase slug"),
    ("countries", "pak", "records/countries/pak.yaml: code: unknown country code 'pak'"),
    ("countries", "PAK", "records/countries/PAK.yaml: already exists"),
])
def test_new_refuses_an_existing_file_or_a_bad_id(repo: Path, table: str, key: str, message: str) -> None:
    before = sorted(p.relative_to(repo) for p in repo.rglob("*"))
    result = run_build(repo, "new", table, key)
    assert result.returncode == 1
    assert message in result.stdout, result.stdout + result.stderr
    assert sorted(p.relative_to(repo) for p in repo.rglob("*")) == before  # nothing written


def test_new_refuses_an_unknown_table(repo: Path) -> None:
    result = run_build(repo, "new", "treaties", "2031-x")
    assert result.returncode == 2 and "invalid choice: 'treaties'" in result.stderr
