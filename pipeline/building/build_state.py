"""What a build has in hand once the package is rendered, for the generators of other files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.reading.read import Records


@dataclass(frozen=True)
class Build:
    root: Path
    records: Records
    dist: dict[str, bytes]  # path inside dist/ → contents, as about to be written

    def descriptor(self) -> dict[str, Any]:
        return json.loads(self.dist["datapackage.json"])
