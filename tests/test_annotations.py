"""In GitHub Actions the check also prints each problem as a workflow annotation, escaped by GitHub's rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_build

from pipeline.contributing.annotations import annotation, in_github_actions
from pipeline.reading.problems import Problem

VISIT = "records/visits/2012-10-kayani-russia.yaml"


def test_annotation_carries_file_line_column_and_field() -> None:
    problem = Problem(VISIT, 4, 9, "visitor.role", "'presidnet' is not one of head_of_state")
    assert annotation(problem) == (
        f"::error file={VISIT},line=4,col=9,title=visitor.role::'presidnet' is not one of head_of_state"
    )


def test_annotation_escapes_message_and_properties() -> None:
    problem = Problem("records/a,b:c.yaml", 2, 1, "sources[0].source", "100% wrong,\r\nsee: line 1")
    assert annotation(problem) == (
        "::error file=records/a%2Cb%3Ac.yaml,line=2,col=1,title=sources[0].source::100%25 wrong,%0D%0Asee: line 1"
    )
    percent_first = Problem("x.yaml", 1, 1, "a%3A", "%0A")  # % is escaped before anything else
    assert annotation(percent_first) == "::error file=x.yaml,line=1,col=1,title=a%253A::%250A"


def test_annotation_of_a_problem_without_a_line_names_only_the_file() -> None:
    assert annotation(Problem(VISIT, message="file is empty")) == f"::error file={VISIT},title=record file::file is empty"


def test_only_github_actions_counts_as_ci() -> None:
    assert in_github_actions({"GITHUB_ACTIONS": "true"})
    assert not in_github_actions({"CI": "true"})
    assert not in_github_actions({})


@pytest.mark.parametrize("in_ci", [True, False], ids=["GITHUB_ACTIONS=true", "elsewhere"])
def test_check_prints_annotations_only_in_github_actions(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                         in_ci: bool) -> None:
    record = repo / VISIT
    record.write_text(record.read_text().replace("role: military_chief", "role: presidnet"))
    if in_ci:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
    else:
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)

    result = run_build(repo, "check")

    assert result.returncode == 1
    plain = f"{VISIT}:5:9: visitor.role: 'presidnet' is not one of head_of_state,"
    marked = f"::error file={VISIT},line=5,col=9,title=visitor.role::'presidnet' is not one of head_of_state,"
    assert plain in result.stdout
    assert (marked in result.stdout) == in_ci, result.stdout
