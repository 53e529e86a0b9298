"""`build.py check --watch` says after each save what a fresh `check` would say then."""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_bad_input import KAYANI, VISIT

from pipeline.cli import ROOT, across, check
from pipeline.contributing import watch

Verdicts = queue.Queue[list[str]]


class Watching:
    """watch.run in a thread on a copy of the fixture repository, its verdicts in a queue."""

    def __init__(self, repo: Path) -> None:
        self.repo, self.verdicts, self.stop = repo, Verdicts(), threading.Event()
        self.codes: list[int] = []

        def verdict(records: object, problems: list[object]) -> int:
            self.verdicts.put([str(p) for p in problems])
            return 1 if problems else 0

        self.thread = threading.Thread(target=lambda: self.codes.append(watch.run(
            repo, lambda records, problems, released: across(repo, records, problems, released), verdict, self.stop)))
        self.thread.start()

    def now(self) -> list[str]:
        """What a fresh check says of the repository as it is."""
        return [str(p) for p in check(self.repo)[1]]

    def settles_on(self, expected: list[str], within: float = 15.0) -> list[list[str]]:
        """The verdicts until one equals `expected` (an editor's save may come as two events: the
        round between may see a half-written file, and the next must put it right)."""
        seen: list[list[str]] = []
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                seen.append(self.verdicts.get(timeout=max(0.01, deadline - time.monotonic())))
            except queue.Empty:
                break
            if seen[-1] == expected:
                return seen
        raise AssertionError(f"watch never said {expected!r}; it said {seen!r}")


@pytest.fixture
def watching(repo: Path) -> Iterator[Watching]:
    w = Watching(repo)
    try:
        w.settles_on([], within=60)  # the first round: every file, and the fixture is valid
        yield w
    finally:
        w.stop.set()
        w.thread.join(10)


def test_each_save_gets_the_verdict_a_fresh_check_would_give(watching: Watching) -> None:
    repo = watching.repo
    original = (repo / VISIT).read_text(encoding="utf-8")
    (repo / VISIT).write_text(KAYANI.replace("role: military_chief", "role: presidnet"), encoding="utf-8")
    expected = watching.now()
    assert any(p.startswith(f"{VISIT}:4:9: visitor.role: 'presidnet'") for p in expected)
    watching.settles_on(expected)
    (repo / VISIT).write_text(original, encoding="utf-8")
    watching.settles_on([])


def test_a_change_to_one_record_is_judged_with_all_the_others(watching: Watching) -> None:
    repo = watching.repo
    source = repo / "records" / "sources" / "pant-2012-11-16-pakistan-russia.yaml"
    kept = source.read_bytes()
    source.unlink()  # the visit fixture cites it: the rule across records must say so
    expected = watching.now()
    assert any("no source with id 'pant-2012-11-16-pakistan-russia'" in p for p in expected)
    watching.settles_on(expected)
    source.write_bytes(kept)
    watching.settles_on([])


def test_an_editor_saving_through_a_temporary_file_is_followed(watching: Watching) -> None:
    repo = watching.repo
    temporary = repo / "records" / "visits" / ".kayani.yaml.swp-tmp"
    temporary.write_text(KAYANI + "end: 2012-09\n", encoding="utf-8")
    os.replace(temporary, repo / VISIT)
    watching.settles_on([f"{VISIT}:12:6: end: 2012-09 is before start 2012-10~"])


def test_files_that_are_not_records_are_reported_as_a_full_check_would(watching: Watching) -> None:
    repo = watching.repo
    (repo / "records" / "visits" / "notes.txt").write_text("to do\n", encoding="utf-8")
    expected = watching.now()
    assert any("records/visits/notes.txt" in p and "unexpected file" in p for p in expected)
    watching.settles_on(expected)
    (repo / "records" / "visits" / "notes.txt").unlink()
    watching.settles_on([])


def test_a_folder_moved_away_and_back_is_read_again(watching: Watching, tmp_path: Path) -> None:
    repo = watching.repo
    shutil.move(repo / "records" / "sources", tmp_path / "sources")
    expected = watching.now()
    assert any("no source with id" in p for p in expected)
    watching.settles_on(expected)
    shutil.move(tmp_path / "sources", repo / "records" / "sources")
    watching.settles_on([])


def test_stopping_returns_the_last_verdict(repo: Path) -> None:
    (repo / VISIT).write_text(KAYANI.replace("role: military_chief", "role: presidnet"), encoding="utf-8")
    w = Watching(repo)
    w.settles_on(w.now(), within=60)
    w.stop.set()
    w.thread.join(10)
    assert not w.thread.is_alive() and w.codes == [1]


def test_watch_from_the_command_line_prints_a_verdict_per_save(repo: Path) -> None:
    child = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(repo), "check", "--watch"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert child.stdout is not None
        lines = [child.stdout.readline(), child.stdout.readline()]
        assert lines[0].startswith("check: ") and " records OK " in lines[0]
        assert lines[1].startswith("watch: read every file, checked in ")
        (repo / VISIT).write_text(KAYANI.replace("role: military_chief", "role: presidnet"), encoding="utf-8")
        round_: list[str] = []  # problems go to stdout, the summaries to stderr: their order between may vary
        while not (line := child.stdout.readline()).startswith("watch: "):
            assert line, "watch stopped"
            round_.append(line)
        assert line.startswith("watch: read 1 changed file(s), checked in ")
        assert any(r.startswith("check: 1 problem(s) in 1 file(s)") for r in round_)
        assert any(r.startswith(f"{VISIT}:4:9: visitor.role: 'presidnet'") for r in round_)
    finally:
        child.terminate()
        child.wait(10)


@pytest.mark.parametrize("after", ["check: ", "watch: "])  # as the cache is written; while waiting
def test_ctrl_c_stops_watching_without_a_traceback(repo: Path, after: str) -> None:
    import signal

    child = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--root", str(repo), "check", "--watch"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert child.stdout is not None
    while not (line := child.stdout.readline()).startswith(after):
        assert line, "watch stopped"
    child.send_signal(signal.SIGINT)
    rest = child.communicate(timeout=30)[0]
    assert child.returncode in (0, 130), rest
    assert "Traceback" not in rest
