"""Read YAML the way editors do (yaml-language-server: the YAML 1.2 core schema), for the tests.

PyYAML implements YAML 1.1. This loader swaps its implicit types for the 1.2 core schema's: no
timestamps (`2019-02-14` stays a string); booleans only true/false in three spellings (`no`, `on`
stay strings); integers decimal, `0o` octal or `0x` hex (`010` is ten); no sexagesimal numbers
(`1:20` stays a string); no `<<` merge keys.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


# libyaml, as our strict reader uses: the pure-Python scanner stops a flow-context plain scalar at
# `?` (`{date: 2022-12?}`), which neither libyaml nor editors do.
class CoreLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}


_CORE = [  # (tag, pattern, possible first characters): YAML 1.2.2, section 10.3.2
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]
for _tag, _pattern, _first in _CORE:
    CoreLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), _first)


def _int(loader: CoreLoader, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    if text.startswith(("0o", "0x")):
        return int(text[2:], 8 if text[1] == "o" else 16)
    return int(text)  # decimal even with leading zeros, unlike YAML 1.1


CoreLoader.add_constructor("tag:yaml.org,2002:int", _int)


def load(text: str) -> Any:
    return yaml.load(text, Loader=CoreLoader)  # noqa: S506 - a SafeLoader subclass


def load_file(path: Path) -> Any:
    return load(path.read_text(encoding="utf-8"))
