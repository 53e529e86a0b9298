"""A build replaces dist/ and the generated files whole or not at all: after a failure, a kill or a
concurrent build there is always a complete package, and an operating-system error is a message."""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import ROOT, run_build, snapshot

from pipeline import cli

GRANT = "records/agreements/2019-02-japan-pakistan-grant.yaml"


def _edit(repo: Path, old: str = "amount: 10600000", new: str = "amount: 10700000") -> None:
    """A change that alters every package file that carries hashes: a build then has work to do."""
    grant = repo / GRANT
    grant.write_text(grant.read_text().replace(old, new))


def _leftovers(repo: Path) -> list[str]:
    return sorted(p.relative_to(repo).as_posix() for p in repo.rglob(".*") if ".dist-" in p.name or ".new-" in p.name)


def _build_in_process(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main(["--root", str(repo), "build"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# --- operating-system errors are messages (defect 11) ---

def test_a_full_disk_while_writing_leaves_dist_alone_and_says_so(
        built_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(built_repo / "dist")
    _edit(built_repo)

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    code, output = _build_in_process(built_repo, capsys)

    assert code == 1
    assert ": No space left on device" in output
    assert snapshot(built_repo / "dist") == before
    assert _leftovers(built_repo) == []


def test_a_read_only_tree_is_a_message_not_a_traceback(
        built_repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # chmod does not stop root, as these tests may run: the system call fails as on a read-only mount.
    def read_only(*_args: object, dir: object = None, **_kwargs: object) -> str:
        raise OSError(errno.EROFS, "Read-only file system", str(dir))

    before = snapshot(built_repo / "dist")
    _edit(built_repo)
    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    code, output = _build_in_process(built_repo, capsys)

    assert code == 1
    assert output.strip().endswith(": Read-only file system")
    assert snapshot(built_repo / "dist") == before


def test_new_with_an_id_too_long_for_a_file_name_is_a_message(repo: Path) -> None:
    result = run_build(repo, "new", "visits", "a" * 300)
    assert result.returncode == 1
    assert "File name too long" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_release_manifest_that_is_a_folder_is_a_problem(repo: Path) -> None:
    (repo / "releases/1.0.0.json").mkdir(parents=True)
    result = run_build(repo, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "releases/1.0.0.json: cannot read the release manifest: Is a directory" in result.stdout


def test_an_unreadable_pyproject_is_a_message(repo: Path) -> None:
    (repo / "pyproject.toml").unlink()
    (repo / "pyproject.toml").mkdir()  # unreadable even to root
    result = run_build(repo)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "pyproject.toml: Is a directory" in result.stderr
    assert not (repo / "dist").exists()


# --- a failure writes nothing (defect 12) ---

def test_a_failure_writing_docs_leaves_dist_as_it_was(built_repo: Path) -> None:
    before = snapshot(built_repo / "dist")
    shutil.rmtree(built_repo / "docs")
    (built_repo / "docs").write_text("a file where the build wants a folder\n")
    _edit(built_repo)

    result = run_build(built_repo)

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "docs" in result.stderr
    assert snapshot(built_repo / "dist") == before
    assert _leftovers(built_repo) == []


# --- the swap is atomic, locked and cleans up after a kill (defect 13) ---

def _start(repo: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(repo), "build"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_build_killed_at_random_moments_leaves_the_old_or_the_new_package(built_repo: Path) -> None:
    packages = [snapshot(built_repo / "dist")]
    _edit(built_repo)
    assert run_build(built_repo).returncode == 0
    packages.append(snapshot(built_repo / "dist"))
    edits = [("amount: 10700000", "amount: 10600000"), ("amount: 10600000", "amount: 10700000")]
    random.seed(9)
    for attempt in range(12):
        _edit(built_repo, *edits[attempt % 2])
        earlier = set(built_repo.glob(".dist-new-*"))  # a killed build's, until the next one cleans up
        process = _start(built_repo)
        # Wait for the build to reach its writing phase (its staging folder appears), then kill it
        # a random moment later: before, during or after the swap.
        deadline = time.monotonic() + 60
        while (not set(built_repo.glob(".dist-new-*")) - earlier and process.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.0005)
        time.sleep(random.uniform(0, 0.02))
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert (built_repo / "dist").is_dir(), f"no dist/ after kill {attempt}"
        assert snapshot(built_repo / "dist") in packages, f"a mixed or partial dist/ after kill {attempt}"
    assert run_build(built_repo).returncode == 0
    assert _leftovers(built_repo) == []


def test_a_build_after_a_kill_between_two_renames_restores_dist_and_cleans_up(built_repo: Path) -> None:
    # What the two-rename fallback leaves when killed between its renames: dist/ renamed aside, staging.
    before = snapshot(built_repo / "dist")
    (built_repo / "dist").rename(built_repo / ".dist-old-12345")
    (built_repo / ".dist-new-abc").mkdir()
    (built_repo / ".dist-new-abc/datapackage.json").write_text("{}")

    assert run_build(built_repo, "check").returncode == 0
    result = run_build(built_repo)

    assert result.returncode == 0, result.stderr
    assert snapshot(built_repo / "dist") == before
    assert _leftovers(built_repo) == []


def test_a_build_waits_while_another_holds_the_build_lock(built_repo: Path) -> None:
    import fcntl

    before = snapshot(built_repo / "dist")
    _edit(built_repo)
    with (built_repo / ".build.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running build holds it
        process = _start(built_repo)
        time.sleep(3)  # a build of the fixture takes about one second
        assert process.poll() is None, "the build ran although another held the lock"
        assert snapshot(built_repo / "dist") == before
    assert process.wait(timeout=120) == 0
    assert snapshot(built_repo / "dist") != before


def test_two_builds_at_once_both_succeed(built_repo: Path) -> None:
    _edit(built_repo)
    for _ in range(3):
        first, second = _start(built_repo), _start(built_repo)
        assert (first.wait(timeout=120), second.wait(timeout=120)) == (0, 0)
    assert _leftovers(built_repo) == []
    assert run_build(built_repo, "check").returncode == 0


def test_the_swap_exchanges_folders_in_one_step_on_linux(tmp_path: Path) -> None:
    from pipeline.building.publish import _exchange

    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux-only; elsewhere the two-rename fallback runs")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a/old").write_text("")
    (tmp_path / "b/new").write_text("")
    assert _exchange(tmp_path / "a", tmp_path / "b") is True
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["new"]
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["old"]
    assert os.path.isdir(tmp_path / "a") and os.path.isdir(tmp_path / "b")
