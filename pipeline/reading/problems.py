"""A problem found in the records, printed as `path:line:column: field: message`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Explicit bidirectional embeddings, overrides and isolates: they reorder what a terminal shows.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _escape(ch: str) -> str:
    if "\udc80" <= ch <= "\udcff":  # a byte of a name that is not UTF-8 (surrogateescape)
        return f"\\x{ord(ch) - 0xDC00:02x}"
    if unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs") or ch in _BIDI:
        return ch.encode("unicode_escape").decode("ascii")
    return ch


def printable(text: str) -> str:
    """Text safe to print on one line: file names, keys and values come from contributors, and a
    line break would let them start a line of their own (`::warning::` runs as a GitHub workflow
    command) and an escape sequence would drive the terminal."""
    return "".join(_escape(ch) for ch in text) if not text.isprintable() else text


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int = 0  # 1-based; 0 where the problem has no line (a missing file, a whole file)
    column: int = 0
    field: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = printable(self.path) + (f":{self.line}:{self.column}" if self.line else "")
        message = printable(self.message)
        return f"{where}: {printable(self.field)}: {message}" if self.field else f"{where}: {message}"


class ProblemsFound(Exception):
    """Raised by a step that cannot go on; carries everything it found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
