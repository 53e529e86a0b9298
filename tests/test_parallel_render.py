"""The nested JSON rendered by a forked process is the JSON rendered in line, and a worker that dies
costs a slower build, never a wrong or missing file."""

from __future__ import annotations

import os

import pytest
from conftest import ROOT

from pipeline import cli
from pipeline.building import write


@pytest.fixture(scope="module")
def models() -> dict[str, list]:
    records, problems = cli.check(ROOT)  # the committed records: every table has nested fields to render
    assert not problems
    return {name: [r.model for r in rows] for name, rows in records.by_table.items()}


def _with_pid(models: dict[str, list]) -> tuple[int, dict]:
    return os.getpid(), _ORIGINAL(models)


_ORIGINAL = write.event_json_files


def _dies() -> dict:
    os._exit(3)  # as a worker killed by the kernel would: no exception, no result


def test_the_json_rendered_aside_is_the_json_rendered_in_line(models: dict[str, list],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "_cores", lambda: 2)  # take the forked path even on a one-core machine
    monkeypatch.setattr(write, "event_json_files", _with_pid)
    pid, aside = write._json_aside(models, parallel=True)()
    assert pid != os.getpid()  # it was rendered by another process
    assert aside == _ORIGINAL(models)
    assert set(aside) == {"sources", "visits", "agreements", "arms_deals"}


def test_a_worker_that_dies_is_redone_in_line(models: dict[str, list], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "_cores", lambda: 2)
    monkeypatch.setattr(write, "_render_forked", _dies)
    assert write._json_aside(models, parallel=True)() == _ORIGINAL(models)


def test_a_whole_package_is_the_same_rendered_either_way() -> None:
    records, problems = cli.check(ROOT)
    assert not problems
    assert write.render(ROOT, records, parallel=True) == write.render(ROOT, records, parallel=False)
