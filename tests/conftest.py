from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
