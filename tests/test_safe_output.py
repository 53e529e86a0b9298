"""What contributors write (keys, file names, values) is printed escaped, on one line, without tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_build

VISIT = "records/visits/2012-10-kayani-russia.yaml"


def _lines(output: str) -> list[str]:
    return output.splitlines()


def test_a_key_cannot_start_a_github_workflow_command(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")  # also print the annotations
    visit = repo / VISIT
    visit.write_text(visit.read_text() + '"x\\n::warning::INJECTED": 1\n')

    result = run_build(repo, "check")

    assert result.returncode == 1
    assert not [line for line in _lines(result.stdout + result.stderr)
                if line.startswith("::") and not line.startswith("::error ")]
    assert f"{VISIT}:14:1: x\\n::warning::INJECTED: unknown field 'x\\n::warning::INJECTED'" in result.stdout


def test_a_file_name_cannot_start_a_line_or_drive_the_terminal(repo: Path) -> None:
    (repo / "records/visits/a\n::warning::INJECTED\x1b[2J.yaml").write_text("id: a\n")

    result = run_build(repo, "check")

    assert result.returncode == 1
    assert "\x1b" not in result.stdout
    assert not [line for line in _lines(result.stdout) if line.startswith("::")]
    assert "records/visits/a\\n::warning::INJECTED\\x1b[2J.yaml:1:1: " in result.stdout


def test_a_value_with_an_escape_sequence_is_printed_escaped(repo: Path) -> None:
    visit = repo / VISIT
    visit.write_text(visit.read_text().replace("kind: official", 'kind: "official\\e[31m\\u202e"'))

    output = run_build(repo, "check").stdout

    assert "\x1b" not in output and "\u202e" not in output
    assert "'official\\x1b[31m\\u202e' is not one of" in output


def test_check_into_a_closed_pipe_exits_quietly(repo: Path) -> None:
    (repo / VISIT).write_text("")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(repo), "check"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # as `| head -0` would: the reader is gone before the first line
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr and "Exception ignored" not in stderr
