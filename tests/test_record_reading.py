"""Reading records/ never drops a file silently, never depends on libyaml, and never raises on the tree."""

from __future__ import annotations

import errno
import os
import random
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, messages, run_build, snapshot

from pipeline import cli
from pipeline.reading import strict_yaml
from pipeline.reading.read import read_all
from pipeline.reading.strict_yaml import parse, to_python
from pipeline.reading.tree import WorkTree

SOURCE = "records/sources/pant-2012-11-16-pakistan-russia.yaml"


def test_a_record_holding_only_a_comment_fails_check_and_build(built_repo: Path) -> None:
    before = snapshot(built_repo / "dist")
    (built_repo / SOURCE).write_text("# emptied\n")

    result = run_build(built_repo)

    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{SOURCE}: file holds no data, only comments or blank lines" in result.stdout
    assert snapshot(built_repo / "dist") == before


def _verdicts(loader: type, files: list[Path]) -> dict[str, tuple[object, int]]:
    strict_yaml_loader = strict_yaml._Loader
    strict_yaml._Loader = loader
    try:
        out = {}
        for file in files:
            # scope.yaml and retired.yaml, beside the table folders, are read with the register files' cap
            cap = strict_yaml.MAX_REGISTER_FILE_BYTES if file.parent.name == "records" else strict_yaml.MAX_BYTES
            root, problems = parse(file.name, file.read_bytes(), cap)
            out[file.as_posix()] = (to_python(root) if root is not None else None, len(problems))
        return out
    finally:
        strict_yaml._Loader = strict_yaml_loader


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml: nothing to compare")
def test_every_committed_record_reads_the_same_with_and_without_libyaml() -> None:
    files = sorted((ROOT / "records").rglob("*.yaml"))
    assert len(files) > 1000
    python, libyaml = _verdicts(strict_yaml._PythonLoader, files), _verdicts(yaml.CSafeLoader, files)
    differing = [name for name in python if python[name] != libyaml[name]]
    assert differing == []
    assert all(count == 0 for _, count in python.values())


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml: nothing to compare")
def test_mangled_records_get_the_same_verdict_with_and_without_libyaml() -> None:
    """Committed records with YAML's significant characters inserted and removed at random: both
    parsers accept the same files, with the same data, and refuse the same files."""
    files = sorted((ROOT / "records").rglob("*.yaml"))
    pieces = list(":?,[]{}#&*!|>'\"%@`- \n\\") + ["  ", ": ", "- ", "\n  ", "\\x", "\\u", "é", "…"]
    rng = random.Random(9)
    differing = []
    for _ in range(1500):
        text = rng.choice(files).read_text(encoding="utf-8")
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(pieces) + text[at:] if rng.random() < 0.6 else text[:at] + text[at + 1:]
        data = text.encode()
        verdicts = []
        for loader in (strict_yaml._PythonLoader, yaml.CSafeLoader):
            root, problems = _parse_with(loader, data)
            verdicts.append((to_python(root) if root is not None else None, bool(problems)))
        if verdicts[0] != verdicts[1]:
            differing.append(text)
    assert differing == []


def _parse_with(loader: type, data: bytes) -> tuple[object, list[object]]:
    saved, strict_yaml._Loader = strict_yaml._Loader, loader
    try:
        return parse("r.yaml", data)
    finally:
        strict_yaml._Loader = saved


def test_check_passes_on_the_records_without_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strict_yaml, "_Loader", strict_yaml._PythonLoader)
    records, problems = cli.check(ROOT)
    assert [str(p) for p in problems] == []
    assert records.files > 1000


@pytest.mark.parametrize("data, value", [
    (b"a: {date: 2022-12?, quantity: 1}\n", {"a": {"date": "2022-12?", "quantity": "1"}}),
    (b"a: [2019?, x?y]\n", {"a": ["2019?", "x?y"]}),
])
def test_a_question_mark_inside_a_flow_scalar_reads_the_same_under_both_parsers(
        parser: None, data: bytes, value: object) -> None:
    root, problems = parse("r.yaml", data)
    assert problems == [] and to_python(root) == value


@pytest.mark.parametrize("data", [b"a: [b:]\n", b"a: {b:}\n", b"a: [b:,c]\n", b"a: {b:,c: d}\n", b"a: [b:[c]]\n"])
def test_a_colon_before_a_flow_indicator_is_a_syntax_error_under_both_parsers(parser: None, data: bytes) -> None:
    found = messages(data)
    assert len(found) == 1 and "found unexpected ':'" in found[0]


@pytest.mark.parametrize("data, value", [(b"a: >-#note\n  x\n", {"a": "x"}), (b"a: |2#\n  x\n", {"a": "x\n"})])
def test_a_comment_straight_after_block_indicators_reads_the_same_under_both_parsers(
        parser: None, data: bytes, value: object) -> None:
    root, problems = parse("r.yaml", data)
    assert problems == [] and to_python(root) == value


@pytest.mark.parametrize("data", [b"kind:\tofficial\n", b"a: b\tc\n", b"a: b\t\n", b"a:\n\t- b\n"])
def test_a_tab_is_refused_at_its_place_under_both_parsers(parser: None, data: bytes) -> None:
    line = data[: data.index(b"\t")].count(b"\n") + 1
    column = data.index(b"\t") - (data.rfind(b"\n", 0, data.index(b"\t")) + 1) + 1
    assert messages(data) == [f"r.yaml:{line}:{column}: a tab character: YAML readers disagree on tabs, so "
                              "records indent and separate with spaces only"]


@pytest.mark.parametrize("escape", [b"\\ud800", b"\\uDFFF", b"\\U00110000", b"\\UFFFFFFFF"])
def test_an_escape_of_no_character_is_a_syntax_error_under_both_parsers(parser: None, escape: bytes) -> None:
    found = messages(b'a: "x' + escape + b'"\n')
    assert len(found) == 1 and "invalid Unicode character escape code" in found[0]


def test_a_forbidden_character_after_non_ascii_text_is_located_in_characters(parser: None) -> None:
    assert messages('a: "éééé" \x07\n'.encode()) == ["r.yaml:1:11: character U+0007 is not allowed in YAML"]
    assert messages('a: é\nb: x\x01\n'.encode()) == ["r.yaml:2:5: character U+0001 is not allowed in YAML"]


@pytest.mark.parametrize("character", ["\x85", "\u2028", "\u2029"])
def test_unicode_line_breaks_are_refused_in_a_record(parser: None, character: str) -> None:
    found = messages(f"a: b\nc: 'x{character}y'\n".encode())
    expected = (f"r.yaml:2:6: character U+{ord(character):04X} is a line break to some YAML readers "
                "and not to others; use a plain line break")
    assert found == [expected]


def test_a_file_name_that_is_not_utf8_is_a_problem_in_check_and_diff(repo: Path) -> None:
    (repo / "records/visits" / os.fsdecode(b"caf\xe9.yaml")).write_bytes(b"id: cafe\n")

    result = run_build(repo, "check")

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "records/visits/caf\\xe9.yaml: the file name is not valid UTF-8; rename it" in result.stdout

    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
                   check=True)
    diff = run_build(repo, "diff", "HEAD")
    assert diff.returncode == 2 and "Traceback" not in diff.stderr
    assert "records/visits/caf\\xe9.yaml: the file name is not valid UTF-8; rename it (at HEAD)" in diff.stderr


def _denied(*_args: object, **_kwargs: object) -> object:
    raise PermissionError(errno.EACCES, "Permission denied")


def test_an_unreadable_record_is_a_problem_not_a_traceback(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod cannot make a file unreadable to root (these tests may run as root): the read fails instead.
    monkeypatch.setattr(WorkTree, "read", _denied)
    records, problems = read_all(repo, repo / "records")
    assert f"{SOURCE}: cannot read the file: Permission denied" in [str(p) for p in problems]
    assert records.all() == []


def test_an_unreadable_folder_is_a_problem_not_a_traceback(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = WorkTree.items

    def items(self: WorkTree, folder: str) -> object:
        return _denied() if folder == "records/visits" else real(self, folder)

    monkeypatch.setattr(WorkTree, "items", items)
    records, problems = read_all(repo, repo / "records")
    assert "records/visits: cannot read the folder: Permission denied" in [str(p) for p in problems]
    assert len(records.by_table["sources"]) == 5


def test_a_records_folder_that_is_a_symlink_is_refused(tmp_path: Path, repo: Path) -> None:
    outside = tmp_path / "elsewhere"
    (repo / "records").rename(outside)
    (repo / "records").symlink_to(outside)

    result = run_build(repo, "check")

    assert result.returncode == 1
    assert "records: is a symbolic link; the records must be a real folder inside the repository" in result.stdout
