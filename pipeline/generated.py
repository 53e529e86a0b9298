"""Files the build writes outside dist/, each generated from the records or the models.

Listed in one place so that `build.py build` writes them all and one test checks that the committed
copies are fresh. Add an entry: relative path → function of the records returning bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipeline import coverage
from pipeline.read import Records

GENERATORS: dict[str, Callable[[Records], bytes]] = {
    "docs/coverage.md": coverage.render,
}


def render(records: Records) -> dict[str, bytes]:
    return {path: generate(records) for path, generate in GENERATORS.items()}


def write(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
