"""The CI workflow, the pre-commit hooks and the contributors' docs say and run what they should."""

from __future__ import annotations

import re
import tomllib

import pytest
from conftest import ROOT
from editor_yaml import (
    load_file,  # YAML 1.2: the workflow's `on:` stays a key, not True
)

from pipeline.reading.strict_yaml import parse, to_python
from schema.registry import BY_NAME


def _build_extra() -> list[str]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["optional-dependencies"]["build"]


def test_workflow_runs_on_pull_requests_and_pushes_the_check_tests_and_freshness() -> None:
    workflow = load_file(ROOT / ".github" / "workflows" / "check.yml")
    assert {"pull_request", "push"} <= set(workflow["on"])
    steps = workflow["jobs"]["check"]["steps"]
    python = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["python-version"] == "3.11"
    script = "\n".join(s.get("run", "") for s in steps)
    order = ["pip install -e '.[test]'", "python build.py check", "python -m pytest", "python build.py\n",
             "git diff --exit-code"]
    positions = [script.find(command) for command in order]
    assert -1 not in positions and positions == sorted(positions), dict(zip(order, positions))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "dist/"


@pytest.mark.parametrize("path", [".pre-commit-hooks.yaml", ".pre-commit-config.yaml"])
def test_pre_commit_hook_runs_the_check_when_records_or_schema_change(path: str) -> None:
    data = load_file(ROOT / path)
    hooks = data if isinstance(data, list) else [h for repo in data["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    (hook,) = hooks
    assert hook["entry"] == "python build.py check" and hook["pass_filenames"] is False
    pattern = re.compile(hook["files"])
    assert pattern.search("records/visits/2012-10-kayani-russia.yaml") and pattern.search("schema/vocab.py")
    assert not pattern.search("README.md") and not pattern.search("tests/fixtures/repo/records/x.yaml")
    # The hook installs what the build needs: exactly pyproject.toml's `build` extra.
    assert hook["additional_dependencies"] == _build_extra(), "copy pyproject.toml's build extra into the hook"


def test_contributing_guide_covers_records_conventions_and_review() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text()
    for needed in ["python build.py new", "python build.py check", "EDTF", "own words", "exact URL",
                   "from memory", "docs/data-dictionary.md", "pre-commit", "GITHUB_ACTIONS"]:
        assert needed in text, needed
    # The worked example is a real record, shown as it stands in records/, so it cannot drift from the rules.
    example = re.search(r"```yaml\n# records/(\w+)/([a-z0-9-]+)\.yaml\n(.*?)```", text, re.DOTALL)
    assert example, "a worked example: a yaml block starting with '# records/<table>/<id>.yaml'"
    table, key, body = example.groups()
    record = ROOT / "records" / table / f"{key}.yaml"
    assert body == record.read_text(encoding="utf-8"), f"copy {record.relative_to(ROOT)} into the worked example"
    node, problems = parse(f"{key}.yaml", body.encode())
    assert node is not None and not problems, problems
    BY_NAME[table].model.model_validate(to_python(node))  # the example is valid as shown
