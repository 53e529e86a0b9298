"""Work done aside in a forked process gives what it would give in line, and a worker that dies costs
a slower build, never a wrong or missing file."""

from __future__ import annotations

import gc
import multiprocessing
import os
from pathlib import Path

import pytest
from conftest import ROOT, run_build, snapshot

from pipeline import cli
from pipeline.building import aside, write


def _dies() -> object:
    os._exit(3)  # as a worker killed by the kernel would end: no exception, no result


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aside, "_cores", lambda: 2)  # take the forked path even on a one-core machine


@pytest.mark.usefixtures("two_cores")
def test_a_job_set_aside_runs_in_another_process_and_returns_its_result() -> None:
    here = os.getpid()
    with aside.aside(lambda: (os.getpid(), sum(range(1000)))) as result:
        pid, value = result()
    assert pid != here  # it ran in the fork
    assert value == 499500


@pytest.mark.usefixtures("two_cores")
def test_a_worker_that_dies_is_redone_in_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(aside, "_run", _dies)
    here = os.getpid()
    with aside.aside(lambda: os.getpid()) as result:
        assert result() == here  # the fork died; the job ran here instead


def test_without_parallel_the_job_runs_here() -> None:
    with aside.aside(lambda: os.getpid(), parallel=False) as result:
        assert result() == os.getpid()


@pytest.mark.usefixtures("two_cores")
def test_an_error_before_the_result_ends_the_worker_and_thaws_the_collector() -> None:
    with pytest.raises(ZeroDivisionError), aside.aside(lambda: os.getpid()):
        1 / 0  # as a failing CSV writer would: the result is never asked for
    assert gc.get_freeze_count() == 0
    assert aside._JOB is None
    assert not multiprocessing.active_children()


@pytest.mark.usefixtures("two_cores")
def test_a_whole_package_is_the_same_rendered_either_way() -> None:
    records, problems = cli.check(ROOT)  # the committed records: every table has nested parts to render
    assert not problems
    assert write.render(ROOT, records, parallel=True) == write.render(ROOT, records, parallel=False)


def test_build_one_process_writes_the_package_a_default_build_writes(repo: Path) -> None:
    assert run_build(repo, "build", "--no-cache").returncode == 0
    default = snapshot(repo / "dist")
    done = run_build(repo, "build", "--no-cache", "--one-process")
    assert done.returncode == 0, done.stdout + done.stderr
    assert snapshot(repo / "dist") == default
