#!/usr/bin/env python3
"""Check the records and build dist/. Usage: python build.py [check|build]  (default: both)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
