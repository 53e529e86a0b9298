"""Write a record's YAML, or change some top-level fields of an existing one, keeping the rest as written.

A new record is written field by field in the order of docs/record-format.md (id, the table's own
fields, then sources and notes), in block style. An edit replaces or inserts only the top-level
fields it changes: each field's text runs from its key at column 1 to the next such key, so a
curator's quoting, folding and comments in the other fields stay byte for byte as they were.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from pydantic import BaseModel

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)[ \t]*:")
_WIDTH = 110  # the longest lines in the curated records are about this long
_LAST = ("sources", "notes")


def field_order(model: type[BaseModel], key: str = "id") -> list[str]:
    own = [name for name in model.model_fields if name not in (key, *_LAST)]
    return [key, *own, *_LAST]


class _Dumper(yaml.SafeDumper):
    """Block style; lists of scalars inside a mapping stay under their key (`- Tokyo`)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump_field(name: str, value: Any) -> str:
    return yaml.dump({name: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=_WIDTH,
                     default_flow_style=False)


def render(data: dict[str, Any], order: list[str]) -> str:
    """A whole record: the fields present in `data`, in `order`."""
    unknown = set(data) - set(order)
    if unknown:
        raise ValueError(f"fields not in the model: {sorted(unknown)}")
    return "".join(dump_field(name, data[name]) for name in order if data.get(name) is not None)


def _chunks(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(text before the first key, [(key, the key's text up to the next key)])."""
    head, chunks = "", []
    for line in text.splitlines(keepends=True):
        match = _KEY.match(line)
        if match:
            chunks.append((match.group(1), line))
        elif chunks:
            chunks[-1] = (chunks[-1][0], chunks[-1][1] + line)
        else:
            head += line
    return head, chunks


def edit(text: str, changes: dict[str, Any], order: list[str]) -> str:
    """`text` with each field in `changes` set to its value (None removes it); other fields untouched."""
    head, chunks = _chunks(text if text.endswith("\n") else text + "\n")
    for name, value in changes.items():
        new = dump_field(name, value) if value is not None else ""
        at = next((i for i, (key, _) in enumerate(chunks) if key == name), None)
        if at is not None:
            chunks[at] = (name, new)
            continue
        if value is None:
            continue
        rank = order.index(name)
        before = [i for i, (key, _) in enumerate(chunks) if key in order and order.index(key) < rank]
        position = before[-1] + 1 if before else 0
        if before and not chunks[before[-1]][1].endswith("\n"):
            chunks[before[-1]] = (chunks[before[-1]][0], chunks[before[-1]][1] + "\n")
        chunks.insert(position, (name, new))
    return head + "".join(chunk for _, chunk in chunks if chunk)
