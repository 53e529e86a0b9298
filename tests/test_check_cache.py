"""The check cache never changes what `check` finds: it only spares reading unchanged files again."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import run_build
from test_bad_input import KAYANI, VISIT

from pipeline.cli import check
from pipeline.reading import check_cache
from pipeline.reading.check_cache import FOLDER, SHARDS, Cache, shard
from pipeline.reading.tree import Item, WorkTree


def _broken(repo: Path) -> None:
    """One record with a located problem, so the cache holds problems as well as models."""
    (repo / VISIT).write_text(KAYANI.replace("role: military_chief", "role: presidnet"), encoding="utf-8")


def _models(records: object) -> dict[str, object]:
    return {r.path: r.model for r in records.all()}  # type: ignore[attr-defined]


def test_a_warm_cache_gives_the_same_problems_and_models_as_a_cold_run(repo: Path) -> None:
    _broken(repo)
    cold_records, cold_problems = check(repo, cache=False)
    assert not (repo / FOLDER).exists()  # without the cache nothing is written
    filled_records, filled_problems = check(repo, cache=True)
    warm_records, warm_problems = check(repo, cache=True)
    assert cold_problems and cold_problems == filled_problems == warm_problems
    assert _models(cold_records) == _models(filled_records) == _models(warm_records)
    assert cold_records.seen == warm_records.seen and cold_records.files == warm_records.files
    assert len(Cache.open(repo).entries) == cold_records.files


def test_a_record_from_the_cache_still_locates_a_rule_problem(repo: Path) -> None:
    check(repo, cache=True)
    (repo / VISIT).write_text(KAYANI + "end: 2012-09\n", encoding="utf-8")
    first = [str(p) for p in check(repo, cache=True)[1]]
    again = [str(p) for p in check(repo, cache=True)[1]]  # the record now comes from the cache
    assert f"{VISIT}:12:6: end: 2012-09 is before start 2012-10~" in first
    assert first == again


def test_editing_a_file_replaces_its_entry(repo: Path) -> None:
    check(repo, cache=True)
    before = Cache.open(repo).entries[VISIT]
    _broken(repo)
    problems = [str(p) for p in check(repo, cache=True)[1]]
    assert any(p.startswith(f"{VISIT}:4:9: visitor.role: 'presidnet'") for p in problems)
    after = Cache.open(repo).entries[VISIT]
    assert after.sha256 != before.sha256 and after.model is None and after.problems


def test_a_removed_file_leaves_the_cache(repo: Path) -> None:
    check(repo, cache=True)
    (repo / VISIT).unlink()
    check(repo, cache=True)
    assert VISIT not in Cache.open(repo).entries


def test_a_changed_schema_fingerprint_discards_every_entry(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(repo, cache=True)
    assert Cache.open(repo).entries
    monkeypatch.setattr(check_cache, "fingerprint", lambda: "another schema")
    assert Cache.open(repo).entries == {}
    _broken(repo)
    assert check(repo, cache=True)[1] == check(repo, cache=False)[1]


def test_the_fingerprint_follows_the_reading_code(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code = tmp_path / "code"
    for folder in ("schema", "pipeline/reading"):
        (code / folder).mkdir(parents=True)
        (code / folder / "m.py").write_text("X = 1\n")
    monkeypatch.setattr(check_cache, "_CODE", code)
    first = check_cache.fingerprint()
    (code / "schema" / "m.py").write_text("X = 2\n")
    assert check_cache.fingerprint() != first


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05garbage", b"\x80\x04\x95\x05\x00\x00\x00\x00\x00\x00\x00K\x01."])
def test_a_corrupt_cache_file_is_ignored_and_rewritten(repo: Path, content: bytes) -> None:
    _broken(repo)
    expected = check(repo, cache=False)[1]
    (repo / FOLDER).mkdir(parents=True)
    for number in range(SHARDS):
        (repo / FOLDER / f"records-{number:02d}.pickle").write_bytes(content)
    assert check(repo, cache=True)[1] == expected
    assert len(Cache.open(repo).entries) == check(repo)[0].files  # every shard rewritten


def test_check_from_the_command_line_uses_the_cache_unless_told_not_to(repo: Path) -> None:
    assert run_build(repo, "check", "--no-cache").returncode == 0
    assert not (repo / FOLDER).exists()
    assert run_build(repo, "check").returncode == 0
    assert list((repo / FOLDER).glob("records-*.pickle"))


def test_editing_a_file_rewrites_only_its_shard(repo: Path) -> None:
    check(repo, cache=True)
    before = {p.name: p.stat().st_ino for p in (repo / FOLDER).glob("*.pickle")}
    _broken(repo)
    check(repo, cache=True)
    after = {p.name: p.stat().st_ino for p in (repo / FOLDER).glob("*.pickle")}
    assert [name for name in after if after[name] != before.get(name)] == [f"records-{shard(VISIT):02d}.pickle"]
    assert not list((repo / FOLDER).glob(".tmp-*"))


def _record_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The record files read from disk from now on (scope.yaml and retired.yaml are always read)."""
    reads: list[str] = []
    real = WorkTree.read

    def counting(self: WorkTree, item: Item, limit: int) -> bytes:
        if item.path.count("/") == 2:
            reads.append(item.path)
        return real(self, item, limit)

    monkeypatch.setattr(WorkTree, "read", counting)
    return reads


def test_a_settled_unchanged_file_comes_from_the_cache_unread(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_cache, "SETTLED", -(10**18))  # every file counts as settled at once
    filled = check(repo, cache=True)
    reads = _record_reads(monkeypatch)
    warm = check(repo, cache=True)
    assert reads == [] and warm[1] == filled[1] and _models(warm[0]) == _models(filled[0])
    _broken(repo)
    problems = [str(p) for p in check(repo, cache=True)[1]]
    assert reads == [VISIT]  # the edited file, and only it
    assert any(p.startswith(f"{VISIT}:4:9: visitor.role: 'presidnet'") for p in problems)


def test_a_file_written_moments_ago_is_read_again_until_it_settles(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check(repo, cache=True)  # the fixture was copied just now: no file has settled
    assert [e.stamp for e in Cache.open(repo).entries.values()] == [None] * check(repo)[0].files
    reads = _record_reads(monkeypatch)
    check(repo, cache=True)
    assert len(reads) == check(repo)[0].files  # read and hashed, not trusted on its stamp


def test_a_rewrite_keeping_size_and_mtime_is_still_seen(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_cache, "SETTLED", -(10**18))
    check(repo, cache=True)
    path = repo / VISIT
    before = path.stat()
    time.sleep(0.05)  # past the clock tick of the stamp just taken
    path.write_text(path.read_text(encoding="utf-8").replace("military_chief", "presidnet_____"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as a careless tool might: only ctime tells
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert any("'presidnet_____'" in str(p) for p in check(repo, cache=True)[1])


def test_findings_from_the_cache_give_the_rules_across_records_the_same_problems(repo: Path) -> None:
    (repo / VISIT).write_text(KAYANI.replace("pant-2012-11-16-pakistan-russia", "no-such-source") + "end: 2012-09\n",
                              encoding="utf-8")
    cold = [str(p) for p in check(repo, cache=False)[1]]
    check(repo, cache=True)
    warm = [str(p) for p in check(repo, cache=True)[1]]
    assert cold == warm
    assert f"{VISIT}:12:6: end: 2012-09 is before start 2012-10~" in warm  # a one-record rule, cached
    assert any(p.startswith(f"{VISIT}:11:") and "no source with id 'no-such-source'" in p for p in warm)  # across
