"""dist/json is written by a faster hand-rolled writer that must match json.dumps byte for byte."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.building.package import json_bytes

ROOT = Path(__file__).resolve().parent.parent


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@pytest.mark.parametrize("value", [
    [],
    {},
    [{"a": [], "b": {}, "c": [1, 2.5, -0.0, 1e300, None, True, False], "d": {"e": [{"f": [[]]}]}}],
    ["\u2028 \" \\ \x01 é 😀 \t\n"],
    [float("nan"), float("inf"), -float("inf"), 10**30],
    [{1: "a key json turns into text"}],
    [("a", "tuple")],
])
def test_the_json_writer_matches_json_dumps(value: Any) -> None:
    assert json_bytes(value) == _json(value)


def test_the_json_writer_matches_json_dumps_on_the_built_tables() -> None:
    paths = sorted((ROOT / "dist" / "json").glob("*.json"))
    assert paths
    for path in paths:
        assert json_bytes(json.loads(path.read_bytes())) == _json(json.loads(path.read_bytes())), path.name
