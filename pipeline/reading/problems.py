"""A problem found in the records, printed as `path:line:column: field: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int = 0  # 1-based; 0 where the problem has no line (a missing file, a whole file)
    column: int = 0
    field: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = self.path + (f":{self.line}:{self.column}" if self.line else "")
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ProblemsFound(Exception):
    """Raised by a step that cannot go on; carries everything it found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
