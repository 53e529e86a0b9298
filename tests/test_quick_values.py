"""The reader's fast path never disagrees with the full strict reader: it gives the same values for a
clean file, and hands everything else (errors, anchors, tags, duplicates, deep nesting) back to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PARSERS
from test_bad_input import CASES

from pipeline.reading import strict_yaml
from pipeline.reading.strict_yaml import MAX_DEPTH, parse, quick_values, to_python

ROOT = Path(__file__).resolve().parent.parent

TRICKY = [
    b"a: NO\nb: 010\nc: 1:20\nd: 2019-02-14\ne: yes\nf: 1e3\ng: 'null'\nh:\ni: ~\nj: Null\nk: ''\n",
    b"a: 1\na: 2\n",
    "caf\u0065\u0301: x\ncaf\u00e9: y\n".encode(),  # the same key once normalised
    "a: caf\u0065\u0301\n".encode(),
    b"\xef\xbb\xbfa: 1\n",
    b"a: &x 1\nb: *x\n",
    b"a: *x\n",
    b"a: !!str 1\n",
    b"a: ! 1\n",
    b"!!map {a: 1}\n",
    b"? [a]\n: 1\n",
    b"a: 1\n---\nb: 2\n",
    b"--- \na: 1\n...\n",
    b"- a\n- b\n",
    b"just text\n",
    b"",
    b"# only a comment\n",
    b"a: [1, {b: [c, d]}]\n",
    b"a:\n\t- b\n",
    b"a: 'unclosed\n",
    b"a: \x07\n",
    b"a: \xff\n",
    b"null: 1\n~: 2\n",
    ("a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n").encode(),
    ("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n").encode(),
    b"a: x" + b"y" * strict_yaml.MAX_BYTES + b"\n",
]
REAL = sorted((ROOT / "records").glob("*/*.yaml"))  # the records in the table folders (scope.yaml is read whole)


def _agrees(data: bytes) -> None:
    quick = quick_values(data)
    if quick is None:
        return  # the full reader takes the file: nothing to compare
    node, problems = parse("r.yaml", data)
    assert problems == [] and node is not None
    assert quick == to_python(node)


@pytest.mark.parametrize("data", TRICKY, ids=range(len(TRICKY)))
@pytest.mark.parametrize("loader", PARSERS)
def test_fast_path_agrees_with_the_strict_reader_on_tricky_input(data: bytes, loader: type,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(strict_yaml, "_Loader", loader)
    _agrees(data)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_fast_path_agrees_with_the_strict_reader_on_every_bad_record_case(case: tuple) -> None:
    content = case[2]
    _agrees(content if isinstance(content, bytes) else content.encode())


def test_fast_path_refuses_what_the_strict_reader_reports() -> None:
    for data in (b"a: 1\na: 2\n", b"a: &x 1\n", b"a: *x\n", b"a: !!str 1\n", b"a: 1\n---\nb: 2\n", b"- a\n", b""):
        assert quick_values(data) is None, data


def test_fast_path_reads_every_real_record_like_the_strict_reader() -> None:
    assert len(REAL) > 1000
    taken = 0
    for path in REAL:
        data = path.read_bytes()
        _agrees(data)
        taken += quick_values(data) is not None
    assert taken == len(REAL)  # real records are clean: all of them take the fast path
