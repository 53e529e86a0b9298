#!/usr/bin/env python3
"""Check the records and build dist/. Usage: python build.py [check|build]  (default: both)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    from pipeline.cli import main  # noqa: E402
except ModuleNotFoundError as missing:  # run by a Python without the project's dependencies
    if (missing.name or "").partition(".")[0] in ("pipeline", "schema"):
        raise
    sys.exit(f"build.py needs the project's dependencies, and {missing.name} is not installed in {sys.executable}: "
             "run `make build`, or `pip install -e '.[test]'` in a virtual environment and use its python")

if __name__ == "__main__":
    sys.exit(main())
