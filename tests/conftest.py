from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pipeline.reading import strict_yaml
from pipeline.reading.strict_yaml import parse

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "repo"


def run_build(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python build.py` as a contributor runs it, against a copy of a repository."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--root", str(repo), *args],
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A small repository of real records (tests/fixtures/repo), copied so tests may break it."""
    target = tmp_path / "repo"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture
def built_repo(repo: Path) -> Path:
    result = run_build(repo)
    assert result.returncode == 0, result.stdout + result.stderr
    return repo


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# Both parsers the strict reader may run on: PyYAML's pure-Python one (mended to read as libyaml does) and libyaml.
PARSERS = [pytest.param(strict_yaml._PythonLoader, id="python")]
if hasattr(yaml, "CSafeLoader"):
    PARSERS.append(pytest.param(yaml.CSafeLoader, id="libyaml"))


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the test once under each parser."""
    monkeypatch.setattr(strict_yaml, "_Loader", request.param)


def messages(data: bytes) -> list[str]:
    """The problems the strict reader finds in a file's bytes, as printed."""
    return [str(p) for p in parse("r.yaml", data)[1]]
