"""Files the build writes outside dist/, each generated from the records or the models.

Listed in one place so that `build.py build` writes them all and one test checks that the committed
copies are fresh. Add an entry: relative path → function of a Build returning bytes.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.building import coverage, data_dictionary
from pipeline.building.build_state import Build
from pipeline.contributing import editor_schema
from pipeline.releasing import citation

GENERATORS: dict[str, Callable[[Build], bytes]] = {
    "docs/coverage.md": coverage.render,
    "docs/data-dictionary.md": data_dictionary.render,
    **editor_schema.GENERATORS,  # schema/json/<table>.schema.json
    **citation.GENERATORS,  # CITATION.cff, .zenodo.json
}


def render(build: Build) -> dict[str, bytes]:
    return {path: generate(build) for path, generate in GENERATORS.items()}

