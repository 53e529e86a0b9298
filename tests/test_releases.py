"""Releases and change tracking: `diff`, `release`, stable ids and the retired table.

Each test works in a temporary git repository made from tests/fixtures/repo, released once as
9.9.9 (the fixture's version) and committed, as a real repository is after its first release.
"""

from __future__ import annotations

import copy
import csv
import json
import subprocess
from pathlib import Path

import frictionless
import pytest
from conftest import ROOT, run_build

from pipeline.reading.read import read_all, read_tree
from pipeline.reading.tree import GitTree
from pipeline.releasing import manifests
from pipeline.releasing.versioning import Bump, compare_schemas

KAYANI = "records/visits/2012-10-kayani-russia.yaml"
PUTIN = "records/visits/2012-putin-pakistan.yaml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture
def released(repo: Path) -> Path:
    """The fixture repository as a git repository with its first release (9.9.9) committed."""
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "tests@example.org")
    git(repo, "config", "user.name", "Tests")
    result = run_build(repo, "release")
    assert result.returncode == 0, result.stdout + result.stderr
    commit_all(repo, "release 9.9.9")
    return repo


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def retire_putin(repo: Path) -> None:
    (repo / PUTIN).unlink()
    (repo / "records" / "retired.yaml").write_text(
        "retired:\n"
        "  - id: 2012-putin-pakistan\n"
        "    table: visits\n"
        "    reason: Recorded twice; the visit that took place is the other record.\n"
        "    replaced_by: 2012-10-kayani-russia\n",
        encoding="utf-8",
    )


def read_csv(repo: Path, name: str) -> list[dict[str, str]]:
    with (repo / "dist" / "csv" / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# --- the first release ---------------------------------------------------------------------------

def test_first_release_keeps_the_version_and_records_ids_and_schema(released: Path) -> None:
    manifest = json.loads((released / "releases" / "9.9.9.json").read_text())
    assert manifest["version"] == "9.9.9"
    assert set(manifest["ids"]["visits"]) == {"2012-10-kayani-russia", "2012-putin-pakistan", "2018-04-bajwa-russia"}
    visits = next(r for r in manifest["package"]["resources"] if r["name"] == "visits")
    assert {"name": "id", "type": "string"} .items() <= visits["schema"]["fields"][0].items()
    assert 'version = "9.9.9"' in (released / "pyproject.toml").read_text()
    changelog = (released / "CHANGELOG.md").read_text()
    assert "## 9.9.9 — " in changelog and "| `visits` | 3 |" in changelog


# --- diff ----------------------------------------------------------------------------------------

def test_diff_names_the_changed_record_and_field_with_old_and_new_values(released: Path) -> None:
    edit(released, KAYANI, "start: 2012-10~", "start: 2012-11~")
    text = run_build(released, "diff", "HEAD")
    assert text.returncode == 1, text.stderr
    assert "visits: 0 added, 0 removed, 1 changed" in text.stdout
    assert "~ 2012-10-kayani-russia\n      start: 2012-10~ → 2012-11~" in text.stdout
    markdown = run_build(released, "diff", "HEAD", "--format", "markdown")
    assert "### visits" in markdown.stdout
    assert "- `2012-10-kayani-russia`: `start`: `2012-10~` → `2012-11~`" in markdown.stdout


def test_diff_reports_nested_fields_by_dotted_path(released: Path) -> None:
    edit(released, KAYANI, "role: military_chief", "role: official")
    result = run_build(released, "diff", "HEAD")
    assert "visitor.role: military_chief → official" in result.stdout


def test_diff_of_an_unchanged_tree_exits_0(released: Path) -> None:
    result = run_build(released, "diff", "HEAD")
    assert (result.returncode, result.stdout) == (0, "no changes\n")


def test_diff_of_an_unknown_ref_exits_2_with_a_message(released: Path) -> None:
    result = run_build(released, "diff", "no-such-branch")
    assert result.returncode == 2
    assert "'no-such-branch' is not a commit" in result.stderr and "Traceback" not in result.stderr


def test_diff_outside_a_git_repository_exits_2(repo: Path) -> None:
    result = run_build(repo, "diff", "HEAD")
    assert result.returncode == 2 and "not the top of a git repository" in result.stderr


def test_records_at_a_ref_go_through_the_strict_loader(released: Path) -> None:
    edit(released, KAYANI, "kind: official", "kind: official\nkind: state")
    commit_all(released, "a duplicate key")
    edit(released, KAYANI, "kind: official\nkind: state", "kind: official")
    result = run_build(released, "diff", "HEAD")
    assert result.returncode == 2
    assert f"{KAYANI}:10:1: duplicate key 'kind' (first at line 9) (at HEAD)" in result.stderr


def test_a_commit_reads_like_the_working_tree(released: Path) -> None:
    at_head, problems = read_tree(GitTree(released, "HEAD"))
    on_disk, _ = read_all(released, released / "records")
    assert not problems
    assert {r.path: r.model for r in at_head.all()} == {r.path: r.model for r in on_disk.all()}


# --- release: the bump ---------------------------------------------------------------------------

def test_a_corrected_value_is_a_patch_and_dry_run_writes_nothing(released: Path) -> None:
    edit(released, KAYANI, "start: 2012-10~", "start: 2012-11~")
    result = run_build(released, "release", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "release: 9.9.9 → 9.9.10 (PATCH)" in result.stdout
    assert "corrected: 2012-10-kayani-russia" in result.stdout
    assert not (released / "releases" / "9.9.10.json").exists()
    assert git(released, "status", "--porcelain") == f" M {KAYANI}\n"


def test_a_re_cut_release_is_compared_from_its_re_cut_commit(released: Path) -> None:
    """Correcting a release that was never published rewrites its manifest in place; what is
    released from then on is the re-cut, not the first cut."""
    edit(released, KAYANI, "start: 2012-10~", "start: 2012-11~")
    (released / "releases" / "9.9.9.json").unlink()
    assert run_build(released, "release").returncode == 0
    commit_all(released, "re-cut 9.9.9")

    result = run_build(released, "release", "--dry-run")

    assert result.returncode == 0, result.stderr
    assert "corrected" not in result.stdout and "9.9.10" not in result.stdout, result.stdout


def test_a_changed_scope_claim_is_released_and_named_in_the_changelog(released: Path) -> None:
    """Which panel counts are numbers is part of the data: a claim narrowed by a gap (or otherwise changed)
    makes a release even when no record changed, and the changelog says which claim and how."""
    edit(released, "records/scope.yaml", "      end: 2018-12-31\n",
         "      end: 2018-12-31\n      gaps:\n        - start: 2015-03\n          end: 2015-04\n"
         "          why: A test gap.\n")
    commit_all(released, "a gap")  # the first release had no gaps: the field is new, so only the end shows
    edit(released, "records/scope.yaml", "      end: 2018-12-31\n", "      end: 2017-12-31\n")
    result = run_build(released, "release", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "release: 9.9.9 → 9.9.10 (PATCH)" in result.stdout, result.stdout
    assert "scope: 1 claim(s) changed: visits-PAK-RUS" in result.stdout, result.stdout
    assert run_build(released, "release").returncode == 0
    changelog = (released / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "### scope" in changelog and "`visits-PAK-RUS`: `end`: `2018-12-31` → `2017-12-31`" in changelog, changelog
    commit_all(released, "release 9.9.10")
    edit(released, "records/scope.yaml", "          end: 2015-04\n", "          end: 2015-06\n")
    again = run_build(released, "release", "--dry-run")
    assert "scope: 1 claim(s) changed: visits-PAK-RUS" in again.stdout, again.stdout  # now the gaps are compared
    assert run_build(released, "release").returncode == 0
    commit_all(released, "release 9.9.11")
    edit(released, "records/scope.yaml", "          why: A test gap.\n",
         "          why: A test gap.\n          roles: [military_chief]\n")  # the leaders' years come back
    narrowed = run_build(released, "release", "--dry-run")
    assert "scope: 1 claim(s) changed: visits-PAK-RUS" in narrowed.stdout, narrowed.stdout


def test_an_added_record_is_minor(released: Path) -> None:
    text = (released / KAYANI).read_text().replace("id: 2012-10-kayani-russia", "id: 2012-11-kayani-russia")
    (released / "records/visits/2012-11-kayani-russia.yaml").write_text(text)
    result = run_build(released, "release", "--dry-run")
    assert "release: 9.9.9 → 9.10.0 (MINOR)" in result.stdout
    assert "visits: 1 record(s) added" in result.stdout


def test_a_field_missing_from_the_schema_since_the_release_is_major(released: Path) -> None:
    """Simulated by giving the released schema a field the current one lacks."""
    path = released / "releases" / "9.9.9.json"
    manifest = json.loads(path.read_text())
    visits = next(r for r in manifest["package"]["resources"] if r["name"] == "visits")
    visits["schema"]["fields"].append({"name": "host", "type": "string"})
    path.write_text(json.dumps(manifest))
    result = run_build(released, "release", "--dry-run")
    assert "release: 9.9.9 → 10.0.0 (MAJOR)" in result.stdout
    assert "visits.host: field removed (or renamed)" in result.stdout


def test_release_sets_the_version_rebuilds_and_writes_manifest_and_changelog(released: Path) -> None:
    edit(released, KAYANI, "start: 2012-10~", "start: 2012-11~")
    result = run_build(released, "release")
    assert result.returncode == 0, result.stderr
    assert 'version = "9.9.10"' in (released / "pyproject.toml").read_text()
    assert json.loads((released / "dist" / "datapackage.json").read_text())["version"] == "9.9.10"
    assert json.loads((released / "releases" / "9.9.10.json").read_text())["version"] == "9.9.10"
    changelog = (released / "CHANGELOG.md").read_text()
    assert changelog.index("## 9.9.10") < changelog.index("## 9.9.9")
    assert "- `2012-10-kayani-russia`: `start`: `2012-10~` → `2012-11~`" in changelog
    commit_all(released, "release 9.9.10")
    again = run_build(released, "release", "--dry-run")
    assert "nothing changed since 9.9.10" in again.stdout


# --- the schema comparison, as a pure function of two descriptors ---------------------------------

@pytest.fixture
def descriptor(released: Path) -> dict:
    return json.loads((released / "dist" / "datapackage.json").read_text())


def _field(desc: dict, resource: str, name: str) -> dict:
    res = next(r for r in desc["resources"] if r["name"] == resource)
    return next(f for f in res["schema"]["fields"] if f["name"] == name)


def _bumps(old: dict, new: dict) -> set[Bump]:
    return {c.bump for c in compare_schemas(old, new)}


def test_the_same_schema_needs_no_bump(descriptor: dict) -> None:
    assert compare_schemas(descriptor, copy.deepcopy(descriptor)) == []


def test_removing_a_field_is_major(descriptor: dict) -> None:
    new = copy.deepcopy(descriptor)
    visits = next(r for r in new["resources"] if r["name"] == "visits")
    visits["schema"]["fields"] = [f for f in visits["schema"]["fields"] if f["name"] != "purpose"]
    changes = compare_schemas(descriptor, new)
    assert [(c.bump, c.reason) for c in changes] == [(Bump.MAJOR, "visits.purpose: field removed (or renamed)")]


@pytest.mark.parametrize("change, expected", [
    ("enum value removed", Bump.MAJOR),
    ("enum value added", Bump.MINOR),
    ("retyped", Bump.MAJOR),
    ("pattern added", Bump.MAJOR),
    ("required dropped", Bump.MINOR),
    ("optional field added", Bump.MINOR),
    ("required field added", Bump.MAJOR),
    ("resource added", Bump.MINOR),
])
def test_each_kind_of_schema_change_gets_its_bump(descriptor: dict, change: str, expected: Bump) -> None:
    new = copy.deepcopy(descriptor)
    kind = _field(new, "visits", "kind")
    if change == "enum value removed":
        kind["constraints"]["enum"].remove("summit")
    elif change == "enum value added":
        kind["constraints"]["enum"].append("secret")
    elif change == "retyped":
        _field(new, "arms_deals", "quantity")["type"] = "number"
    elif change == "pattern added":
        _field(new, "visits", "purpose").setdefault("constraints", {})["pattern"] = "^[A-Z]"
    elif change == "required dropped":
        del kind["constraints"]["required"]
    elif change.endswith("field added"):
        fields = next(r for r in new["resources"] if r["name"] == "visits")["schema"]["fields"]
        fields.append({"name": "host", "type": "string", **({"constraints": {"required": True}} if "required" in change else {})})
    else:
        new["resources"].append({"name": "summits", "schema": {"fields": [{"name": "id", "type": "string"}]}})
    assert _bumps(descriptor, new) == {expected}


# --- stable ids ----------------------------------------------------------------------------------

def test_deleting_a_released_record_without_retiring_it_fails_check(released: Path) -> None:
    (released / PUTIN).unlink()
    result = run_build(released, "check")
    assert result.returncode == 1
    assert f"{PUTIN}: id '2012-putin-pakistan' has no record but was released in 9.9.9" in result.stdout


def test_the_committed_dist_guards_ids_before_any_release(repo: Path) -> None:
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "tests@example.org")
    git(repo, "config", "user.name", "Tests")
    assert run_build(repo).returncode == 0
    commit_all(repo, "first build")
    (repo / PUTIN).unlink()
    result = run_build(repo)  # building does not launder the id: the committed dist/ still lists it
    assert result.returncode == 1
    assert "listed in the committed dist/json/visits.json" in result.stdout


def test_retiring_the_id_passes_check_and_publishes_it(released: Path) -> None:
    retire_putin(released)
    assert run_build(released, "check").returncode == 0
    assert run_build(released).returncode == 0
    assert read_csv(released, "retired") == [{
        "id": "2012-putin-pakistan", "table": "visits",
        "reason": "Recorded twice; the visit that took place is the other record.",
        "replaced_by": "2012-10-kayani-russia", "retired_in": "",
    }]
    report = frictionless.validate(str(released / "dist" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    proposal = run_build(released, "release", "--dry-run")
    assert "(MAJOR)" in proposal.stdout and "removed: 2012-putin-pakistan" in proposal.stdout


def test_a_release_stamps_its_version_on_new_retirements(released: Path) -> None:
    retire_putin(released)
    assert run_build(released, "release").returncode == 0
    assert read_csv(released, "retired")[0]["retired_in"] == "10.0.0"
    assert manifests.last(released).retired == ["2012-putin-pakistan"]
    changelog = (released / "CHANGELOG.md").read_text()
    assert "`2012-putin-pakistan` (retired: Recorded twice" in changelog
    assert "replaced by `2012-10-kayani-russia`" in changelog


def test_retired_ids_are_checked_against_the_records(released: Path) -> None:
    (released / "records" / "retired.yaml").write_text(
        "retired:\n"
        "  - id: 2012-putin-pakistan\n"  # still a record: a retired id may not be used
        "    table: agreements\n"  # it was released in visits
        "    reason: Test.\n"
        "    replaced_by: 2013-no-such-visit\n",
        encoding="utf-8",
    )
    out = run_build(released, "check").stdout
    assert f"{PUTIN}:1:5: id: '2012-putin-pakistan' is retired (records/retired.yaml:2)" in out
    assert "records/retired.yaml:3:12: retired[0].table: '2012-putin-pakistan' was published in visits, not agreements" in out
    assert "records/retired.yaml:5:18: retired[0].replaced_by: no record with id '2013-no-such-visit'" in out


def test_retired_yaml_is_read_strictly_with_located_errors(released: Path) -> None:
    (released / "records" / "retired.yaml").write_text(
        "retired:\n"
        "  - id: 2012-putin-pakistan\n"
        "    table: visit\n"
        "    reason: Test.\n"
        "    reason: Again.\n"
        "    sucessor: x\n",
        encoding="utf-8",
    )
    result = run_build(released, "check")
    assert result.returncode == 1
    assert "records/retired.yaml:3:12: retired[0].table: 'visit' is not one of sources, visits, agreements, arms_deals; did you mean 'visits'?" in result.stdout
    assert "records/retired.yaml:5:5: duplicate key 'reason' (first at line 4)" in result.stdout
    assert "records/retired.yaml:6:5: retired[0].sucessor: unknown field 'sucessor'" in result.stdout
    assert "unexpected entry" not in result.stdout


def test_a_release_compares_what_was_published_so_a_renamed_field_is_no_obstacle(released: Path) -> None:
    """The last release is compared as it was published (dist/json at its commit), not by reading its
    records through today's models: here the release published agreements with a `status` field that
    today's model calls `stage`, as 0.1.0 did before the stage/outcome split."""
    edit(released, "dist/json/agreements.json", '"stage":', '"status":')
    git(released, "commit", "-q", "-a", "--amend", "--no-edit")
    edit(released, PUTIN.replace("visits/2012-putin-pakistan", "visits/2012-10-kayani-russia"),
         "start: 2012-10~", "start: 2012-10-03")
    result = run_build(released, "release", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "release: 9.9.9 → 9.9.10 (PATCH)" in result.stdout
    assert "visits: 1 record(s) corrected: 2012-10-kayani-russia" in result.stdout
    assert "agreements:" not in result.stdout  # the renamed field is a schema matter, not a change to each record


@pytest.mark.parametrize("table", ["sources", "visits", "agreements", "arms_deals"])
def test_ids_read_off_the_json_lines_equal_a_full_parse(table: str) -> None:
    from pipeline.releasing.stable_ids import listed_ids

    data = (ROOT / "dist" / "json" / f"{table}.json").read_bytes()
    expected = [item["id"] for item in json.loads(data)]
    assert listed_ids(data, "id") == expected
    indented = (json.dumps(json.loads(data), ensure_ascii=False, indent=2) + "\n").encode()  # an older build's shape
    assert listed_ids(indented, "id") == expected
    escaped = data.replace(b'{"id": "', b'{"id": "\\u00e9', 1)  # not a slug: read the long way
    assert listed_ids(escaped, "id")[0] == "é" + expected[0]
