"""The strict reader behaves the same with libyaml's parser and PyYAML's pure-Python one."""

from __future__ import annotations

import pytest
from conftest import messages

from pipeline.reading import strict_yaml
from pipeline.reading.strict_yaml import MAX_DEPTH, parse, to_python


def test_scalars_stay_text(parser: None) -> None:
    root, problems = parse("r.yaml", b"a: NO\nb: 010\nc: 1:20\nd: 2019-02-14\ne: yes\nf: 1e3\ng: 'null'\nh:\ni: ~\n")
    assert problems == []
    assert to_python(root) == {"a": "NO", "b": "010", "c": "1:20", "d": "2019-02-14", "e": "yes", "f": "1e3",
                               "g": "null", "h": None, "i": None}


def test_positions_are_one_based_lines_and_columns(parser: None) -> None:
    root, _ = parse("r.yaml", b"a: 1\nvisitor:\n  role: x\n")
    assert (root.values["visitor"].values["role"].line, root.values["visitor"].values["role"].column) == (3, 9)


@pytest.mark.parametrize("data, expected", [
    (b"a: 1\na: 2\n", "r.yaml:2:1: duplicate key 'a' (first at line 1)"),
    (b"a: &x 1\nb: *x\n", "r.yaml:1:4: anchors (&x) are not allowed"),
    (b"a: *x\n", "r.yaml:1:4: aliases (*x) are not allowed; write the value out"),
    (b"a: !!python/object:os.system x\n", "r.yaml:1:4: tags (!!python/object:os.system) are not allowed"),
    (b"a: !custom x\n", "r.yaml:1:4: tags (!custom) are not allowed"),
    (b"a: 1\n---\na: 2\n", "r.yaml:2:1: more than one YAML document in the file (a second '---')"),
    (b"- a\n", "r.yaml:1:1: the top level must be a mapping of field: value, not a list"),
    (b"just text\n", "r.yaml:1:1: the top level must be a mapping of field: value, not a single value"),
    (b"? [a, b]\n: c\n", "r.yaml:1:3: keys must be plain field names"),
    (b"\n\n   \n", "r.yaml: file is empty"),
])
def test_hostile_yaml_is_refused_with_its_position(parser: None, data: bytes, expected: str) -> None:
    assert expected in messages(data)


def test_duplicate_keeps_the_first_value_and_goes_on(parser: None) -> None:
    root, problems = parse("r.yaml", b"a: first\na: second\nb:\n  c: 1\n  c: 2\n")
    assert to_python(root) == {"a": "first", "b": {"c": "1"}}
    assert [p.line for p in problems] == [2, 5]


def test_nesting_is_capped(parser: None) -> None:
    deep = b"a: " + b"[" * (MAX_DEPTH + 2) + b"]" * (MAX_DEPTH + 2) + b"\n"
    assert any("nesting deeper than" in m for m in messages(deep))


def test_control_characters_and_bad_utf8_are_located(parser: None) -> None:
    assert "r.yaml:2:4: character U+0007 is not allowed in YAML" in messages(b"a: 1\nb: \x07\n")
    assert messages(b"a: 1\nb: \xc3\x28\n") == ["r.yaml:2:4: invalid UTF-8 (byte 0xc3); save the file as UTF-8"]


def test_text_is_nfc_normalised_and_bom_ignored(parser: None) -> None:
    decomposed = "Istanbul: Erdog\u0306an".encode()
    root, problems = parse("r.yaml", b"\xef\xbb\xbfname: " + decomposed.split(b": ")[1] + b"\n")
    assert problems == [] and to_python(root) == {"name": "Erdo\u011fan"}


def test_size_cap_is_checked_before_parsing() -> None:
    big = b"a: " + b"x" * strict_yaml.MAX_BYTES + b"\n"
    assert messages(big)[0].startswith("r.yaml: file is") and "cap" in messages(big)[0]
