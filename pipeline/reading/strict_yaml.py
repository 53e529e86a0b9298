"""Read one YAML record so that YAML 1.1 cannot quietly change the data.

We build the tree from the parser's events ourselves instead of using a constructor: every scalar
stays a string (`NO`, `1:20`, `010` reach the model as typed), and anchors, aliases and tags are
refused the moment they appear, so an alias bomb never expands and no tag can construct an object.
Duplicate keys, several documents and a top level other than a mapping are errors. Each node keeps
its 1-based line and column, so later errors can point at the exact spot.

The verdict must not depend on whether PyYAML has libyaml: `_PythonLoader` mends the two places where
the pure-Python parser differs (a `?` inside a plain scalar in a flow collection, and escapes of
surrogates or past U+10FFFF), and characters are checked by us before either parser sees them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import yaml
from yaml.scanner import ScalarToken, ScannerError

from pipeline.reading.problems import Problem


class _PythonLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser, made to give libyaml's events for what records may hold."""

    def scan_plain(self) -> ScalarToken:
        # PyYAML's own, except in a flow collection: `?` does not end a plain scalar (libyaml reads
        # `{date: 2022-12?}` as the date `2022-12?`, and records rely on it), and `:` directly before
        # `,?[]{}` is an error, as in libyaml.
        chunks: list[str] = []
        start_mark = end_mark = self.get_mark()
        indent = self.indent + 1
        spaces: list[str] = []
        breaks = "\0 \t\r\n\x85\u2028\u2029"
        while True:
            length = 0
            if self.peek() == "#":
                break
            while True:
                ch = self.peek(length)
                if self.flow_level and ch == ":" and self.peek(length + 1) in ",?[]{}":
                    # libyaml refuses `[b:]` and `{b:,c}`; PyYAML would read an empty value.
                    raise ScannerError("while scanning a plain scalar", start_mark, "found unexpected ':'",
                                       self.get_mark())
                if (ch in breaks
                        or (ch == ":" and self.peek(length + 1) in breaks + (",[]{}" if self.flow_level else ""))
                        or (self.flow_level and ch in ",[]{}")):
                    break
                length += 1
            if length == 0:
                break
            self.allow_simple_key = False
            chunks.extend(spaces)
            chunks.append(self.prefix(length))
            self.forward(length)
            end_mark = self.get_mark()
            spaces = self.scan_plain_spaces(indent, start_mark)
            if not spaces or self.peek() == "#" or (not self.flow_level and self.column < indent):
                break
        return ScalarToken("".join(chunks), True, start_mark, end_mark)

    def scan_block_scalar_indicators(self, start_mark: yaml.Mark) -> tuple[bool | None, int | None]:
        # PyYAML's own, except that a comment may follow the indicators at once (`>-#`), as in libyaml.
        chomping: bool | None = None
        increment: int | None = None
        for _ in range(2):
            ch = self.peek()
            if ch in "+-" and chomping is None:
                chomping = ch == "+"
            elif ch in "0123456789" and increment is None:
                if ch == "0":
                    raise ScannerError("while scanning a block scalar", start_mark,
                                       "expected indentation indicator in the range 1-9, but found 0", self.get_mark())
                increment = int(ch)
            else:
                break
            self.forward()
        if self.peek() not in "\0 \r\n\x85\u2028\u2029#":
            raise ScannerError("while scanning a block scalar", start_mark,
                               f"expected chomping or indentation indicators, but found {self.peek()!r}",
                               self.get_mark())
        return chomping, increment

    def scan_flow_scalar_non_spaces(self, double: bool, start_mark: yaml.Mark) -> list[str]:
        # libyaml refuses an escape of a surrogate or past U+10FFFF; PyYAML keeps the surrogate
        # (which no UTF-8 file can hold) or raises ValueError from chr().
        try:
            chunks = super().scan_flow_scalar_non_spaces(double, start_mark)
        except (ValueError, OverflowError):  # chr() of a number past U+10FFFF
            chunks = ["\ud800"]
        if any("\ud800" <= ch <= "\udfff" for chunk in chunks for ch in chunk):
            raise ScannerError("while parsing a quoted scalar", start_mark,
                               "found invalid Unicode character escape code", self.get_mark())
        return chunks


# libyaml's parser when PyYAML was built with it, else the mended pure-Python one.
_Loader = getattr(yaml, "CSafeLoader", _PythonLoader)
MAX_BYTES = 64 * 1024  # a record is a few hundred bytes; anything this big is a mistake or an attack
# records/scope.yaml and records/retired.yaml each cover the whole register, so they grow with it: a
# larger cap of their own, still small enough that a runaway file is refused unread.
MAX_REGISTER_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 16
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_CORE_TAG = "tag:yaml.org,2002:"
# What YAML allows in a stream (PyYAML's reader and libyaml agree), less U+0085, U+2028 and U+2029
# (YAML 1.1 reads them as line breaks, most editors and YAML 1.2 do not) and the tab (libyaml takes
# `kind:<tab>x` and `b<tab>c` as values, PyYAML's parser refuses them): one file, one reading.
_FORBIDDEN = re.compile("[^\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class Node:
    line: int
    column: int


@dataclass
class Scalar(Node):
    value: str | None


@dataclass
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass
class Mapping(Node):
    keys: dict[str, Scalar] = field(default_factory=dict)
    values: dict[str, Node] = field(default_factory=dict)


def to_python(node: Node) -> object:
    """Plain dicts, lists, strings and None, for the model to type."""
    if isinstance(node, Mapping):
        return {k: to_python(v) for k, v in node.values.items()}
    if isinstance(node, Sequence):
        return [to_python(item) for item in node.items]
    assert isinstance(node, Scalar)
    return node.value


def locate(root: Node, loc: tuple[int | str, ...], at_key: bool = False) -> Node:
    """The deepest node along a model error's location (the key itself when `at_key`)."""
    node = root
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, Mapping) and isinstance(step, str) and step in node.values:
            node = node.keys[step] if (last and at_key) else node.values[step]
        elif isinstance(node, Sequence) and isinstance(step, int) and 0 <= step < len(node.items):
            node = node.items[step]
        else:
            break
    return node


class _Reject(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str) -> None:
        self.mark, self.message = mark, message


def _pos(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _codepoint(character: str | int) -> int:
    return character if isinstance(character, int) else ord(character)  # libyaml gives an int


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE_TAG):] if tag.startswith(_CORE_TAG) else tag


class _Builder:
    def __init__(self, events: Iterator[yaml.Event]) -> None:
        self.events = events
        self.problems: list[tuple[yaml.Mark | None, str]] = []

    def next(self) -> yaml.Event:
        return next(self.events)

    def node(self, event: yaml.Event, depth: int) -> Node:
        line, col = _pos(event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            raise _Reject(event.start_mark, f"aliases (*{event.anchor}) are not allowed; write the value out")
        if event.anchor is not None:
            raise _Reject(event.start_mark, f"anchors (&{event.anchor}) are not allowed")
        if event.tag is not None and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
            raise _Reject(event.start_mark, f"tags ({_show_tag(event.tag)}) are not allowed")
        if depth > MAX_DEPTH:
            raise _Reject(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
        if isinstance(event, yaml.ScalarEvent):
            plain = not event.style  # libyaml reports plain style as '', the Python parser as None
            return Scalar(line, col, None if plain and event.value in _NULLS else _nfc(event.value))
        if isinstance(event, yaml.SequenceStartEvent):
            seq = Sequence(line, col)
            while not isinstance(ev := self.next(), yaml.SequenceEndEvent):
                seq.items.append(self.node(ev, depth + 1))
            return seq
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(Mapping(line, col), depth)
        raise _Reject(event.start_mark, f"unexpected YAML event {type(event).__name__}")

    def mapping(self, mapping: Mapping, depth: int) -> Mapping:
        while not isinstance(ev := self.next(), yaml.MappingEndEvent):
            key = self.node(ev, depth + 1)
            if not isinstance(key, Scalar):
                raise _Reject(ev.start_mark, "keys must be plain field names")
            key.value = name = _nfc(ev.value)  # a key is a name, even `null` or `~`
            value = self.node(self.next(), depth + 1)
            if name in mapping.keys:
                first = mapping.keys[name].line
                # Report and keep the first value: silently taking the last is what we guard against.
                self.problems.append((ev.start_mark, f"duplicate key '{name}' (first at line {first})"))
                continue
            mapping.keys[name], mapping.values[name] = key, value
        return mapping


def _decode(path: str, data: bytes) -> tuple[str | None, list[Problem]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        before = data[: err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [Problem(path, line, column, "", f"invalid UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8")]
    text = text.removeprefix("\ufeff")
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        at = bad.start()
        line, column = text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
        return None, [Problem(path, line, column, "", _forbidden(bad.group()))]
    return text, []


def _forbidden(character: str) -> str:
    if character == "\t":
        return "a tab character: YAML readers disagree on tabs, so records indent and separate with spaces only"
    if character in "\x85\u2028\u2029":
        return (f"character U+{ord(character):04X} is a line break to some YAML readers and not to others; "
                "use a plain line break")
    return f"character U+{ord(character):04X} is not allowed in YAML"


def too_big(path: str, size: int, cap: int) -> Problem:
    """The problem of a file over its cap (a record's, or the register files' larger one)."""
    what = "one record" if cap == MAX_BYTES else "this file"
    return Problem(path, message=f"file is {size} bytes, over the {cap}-byte cap for {what}")


def parse(path: str, data: bytes, cap: int = MAX_BYTES) -> tuple[Mapping | None, list[Problem]]:
    """The record's top-level mapping, or None, and every problem found on the way."""
    if len(data) > cap:
        return None, [too_big(path, len(data), cap)]
    text, problems = _decode(path, data)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [Problem(path, message="file is empty")]
    builder = _Builder(yaml.parse(text, Loader=_Loader))
    root: Node | None = None
    try:
        documents = 0
        for event in builder.events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Reject(event.start_mark, "more than one YAML document in the file (a second '---')")
            elif not isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                root = builder.node(event, 0)
    except _Reject as reject:
        builder.problems.append((reject.mark, reject.message))
        root = None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        reason = " ".join(str(p) for p in (err.context, err.problem) if p)
        builder.problems.append((mark, f"YAML syntax error: {reason}"))
        root = None
    except yaml.reader.ReaderError as err:  # _decode refuses these characters first; kept as a guard
        builder.problems.append((None, f"character U+{_codepoint(err.character):04X} is not allowed in YAML"))
        root = None
    problems += [Problem(path, *_pos(mark), "", message) for mark, message in builder.problems]
    if root is None and not problems:  # comments only: a record that is gone must not pass unseen
        return None, [Problem(path, message="file holds no data, only comments or blank lines")]
    if root is not None and not isinstance(root, Mapping):
        kind = "a list" if isinstance(root, Sequence) else "a single value"
        problems.append(Problem(path, root.line, root.column, "", f"the top level must be a mapping of field: value, not {kind}"))
        return None, problems
    return root, problems


def read(path: Path, shown_as: str, cap: int = MAX_BYTES) -> tuple[Mapping | None, list[Problem]]:
    """Read at most one byte past the cap, so a huge file costs nothing."""
    with path.open("rb") as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        return None, [too_big(shown_as, path.stat().st_size, cap)]
    return parse(shown_as, data, cap)


class _Unusual(Exception):
    """Anything the fast path does not handle: the full reader decides, and locates the problems."""


def _plain_value(event: yaml.ScalarEvent) -> str | None:
    if event.anchor is not None or (event.tag is not None and event.tag != "!"):
        raise _Unusual
    value = event.value
    if not event.style and value in _NULLS:
        return None
    return value if value.isascii() else _nfc(value)


def _quick_mapping(get: Callable[[], yaml.Event], depth: int) -> dict[str, object]:
    out: dict[str, object] = {}
    while (kind := type(event := get())) is not yaml.MappingEndEvent:
        if kind is not yaml.ScalarEvent or event.anchor is not None or event.tag is not None:
            raise _Unusual
        name = _nfc(event.value)
        if name in out:
            raise _Unusual
        out[name] = _quick_node(get, get(), depth + 1)
    return out


def _quick_sequence(get: Callable[[], yaml.Event], depth: int) -> list[object]:
    out: list[object] = []
    while type(event := get()) is not yaml.SequenceEndEvent:
        out.append(_quick_node(get, event, depth + 1))
    return out


def _quick_node(get: Callable[[], yaml.Event], event: yaml.Event, depth: int) -> object:
    kind = type(event)
    if kind is yaml.ScalarEvent:
        return _plain_value(event)
    if depth >= MAX_DEPTH or event.anchor is not None or event.tag is not None:
        raise _Unusual
    if kind is yaml.MappingStartEvent:
        return _quick_mapping(get, depth)
    if kind is yaml.SequenceStartEvent:
        return _quick_sequence(get, depth)
    raise _Unusual


def quick_values(data: bytes) -> dict[str, object] | None:
    """The values `to_python(parse(...))` gives for a clean record, without building located nodes;
    None for a file with anything unusual (an error, an anchor, a tag, a duplicate key, deep nesting),
    which must then go through `parse`. Most records are clean, so most never pay for positions.
    (Module-level helpers, not closures: closures calling each other would be garbage cycles.)"""
    if len(data) > MAX_BYTES:
        return None
    text, problems = _decode("", data)  # the same text, and the same checks before parsing, as `parse`
    if text is None or problems:
        return None
    try:
        parser = _Loader(text)  # the pure-Python reader checks the characters here already
    except yaml.YAMLError:
        return None
    get = parser.get_event  # called directly: no generator, no check_event per event
    try:
        if type(get()) is not yaml.StreamStartEvent or type(get()) is not yaml.DocumentStartEvent:
            return None
        start = get()
        if type(start) is not yaml.MappingStartEvent:
            return None
        root = _quick_node(get, start, 0)
        if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
            return None
        return root  # type: ignore[return-value]
    except (_Unusual, yaml.YAMLError):
        return None
    finally:
        parser.dispose()
