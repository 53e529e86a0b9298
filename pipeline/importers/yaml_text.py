"""Writing records as YAML text the way curators write them, and adding to a record without
reformatting what is there (a curator's folded notes and flow lists stay as they were)."""

from __future__ import annotations

import json
import re
from typing import Any

from pipeline.reading.strict_yaml import Mapping, Sequence

# A plain scalar that no YAML reader can take for anything but this text.
_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 .,;()/'’+&_-]*[A-Za-z0-9.)']|[A-Za-z0-9]")


def scalar(value: Any, in_flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not (in_flow and "," in text) and text.lower() not in ("null", "true", "false"):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v, in_flow=True)}" for k, v in mapping.items()) + "}"


def _lines(name: str, value: Any) -> list[str]:
    if isinstance(value, dict):
        return [f"{name}:"] + [f"  {k}: {scalar(v)}" for k, v in value.items()]
    if isinstance(value, list):
        return [f"{name}:"] + [f"  - {_flow(item) if isinstance(item, dict) else scalar(item)}" for item in value]
    return [f"{name}: {scalar(value)}"]


def render(values: dict[str, Any]) -> str:
    """A whole record, one field a line, nested values in block style, list items in flow style."""
    return "".join(line + "\n" for name, value in values.items() for line in _lines(name, value))


def _next_key_line(node: Mapping, line: int, total: int) -> int:
    """The line of the first top-level key after `line`, or one past the end of the text."""
    later = [key.line for key in node.keys.values() if key.line > line]
    return min(later) if later else total + 1


def add_fields(text: str, node: Mapping, add: dict[str, Any]) -> str:
    """Insert fields just above `sources:` (or at the end), leaving every other line as it was; a
    field present with a placeholder value (`channel: unknown`) has its one line replaced."""
    if not add:
        return text
    lines = text.splitlines(keepends=True)
    for name in [n for n in add if n in node.keys]:
        line = node.keys[name].line - 1
        assert not isinstance(add[name], (dict, list)) and lines[line].startswith(f"{name}:"), name
        lines[line] = f"{name}: {scalar(add.pop(name))}\n"
    if not add:
        return "".join(lines)
    block = render(add)
    at = node.keys["sources"].line - 1 if "sources" in node.keys else len(lines)
    return "".join(lines[:at]) + block + "".join(lines[at:])


def add_citation(text: str, node: Mapping, citation: dict[str, str]) -> str:
    """Append a citation to `sources`, in the list's own style (flow `[a, b]` or block `- a`)."""
    lines = text.splitlines(keepends=True)
    key = node.keys["sources"]
    value = node.values["sources"]
    end = _next_key_line(node, key.line, len(lines)) - 1  # lines[key.line-1 : end] hold the list
    span = "".join(lines[key.line - 1:end])
    head = "".join(lines[: key.line - 1])
    tail = "".join(lines[end:])
    if span.split(":", 1)[1].lstrip().startswith("["):
        close = span.rindex("]")
        return head + span[:close].rstrip() + f", {_flow(citation)}" + span[close:] + tail
    assert isinstance(value, Sequence) and value.items
    first = lines[value.items[0].line - 1]
    indent = first[: first.index("-")]
    body = span.rstrip("\n").rstrip() + "\n"
    trailing = span[len(span.rstrip()):].replace("\n", "", 1)  # keep blank lines that followed the list
    return head + body + f"{indent}- {_flow(citation)}\n" + trailing + tail
