"""`build.py export`: the SQLite database, Parquet files and Datasette metadata, built from dist/.

They read only dist/datapackage.json and its CSVs (the writers live in the installed package, so
`saa.to_sqlite` and `saa.path(..., "parquet")` run the same code from a wheel). Their bytes depend on the
SQLite and Arrow versions, so they go to exports/ (not committed) and are attached to releases;
tests/test_exports.py checks their rows and types against the CSVs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from pipeline.exports.datasette import metadata_bytes

FOLDER = "exports"
SQLITE_NAME = "south-asia-alignments.sqlite"


def export(root: Path, parquet: bool = True) -> list[str]:
    """Write exports/ from dist/; the paths written, relative to root."""
    from south_asia_alignments import _sqlite

    dist, out = root / "dist", root / FOLDER
    descriptor = json.loads((dist / "datapackage.json").read_text(encoding="utf-8"))
    out.mkdir(exist_ok=True)
    written = []
    _sqlite.write(dist, descriptor, out / SQLITE_NAME)
    written.append(f"{FOLDER}/{SQLITE_NAME}")
    (out / "datasette-metadata.json").write_bytes(metadata_bytes(descriptor, Path(SQLITE_NAME).stem))
    written.append(f"{FOLDER}/datasette-metadata.json")
    if parquet:
        from south_asia_alignments import _parquet

        counts = _parquet.write(dist, descriptor, out / "parquet")
        written.append(f"{FOLDER}/parquet/ ({len(counts)} files)")
    # The stamps tell saa.path() these files match this dist/.
    stamp = hashlib.sha256((dist / "datapackage.json").read_bytes()).hexdigest() + "\n"
    for kind in ("sqlite", "parquet") if parquet else ("sqlite",):
        (out / f".{kind}.sha256").write_text(stamp, encoding="utf-8")
    return written


def cmd_export(args: argparse.Namespace) -> int:
    try:
        written = export(args.root, parquet=not args.no_parquet)
    except ImportError as error:
        print(f"export: {error} (or pass --no-parquet)", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"export: {error}", file=sys.stderr)
        return 1
    print(f"export: wrote {', '.join(written)}")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-parquet", action="store_true", help="skip the Parquet files (no pyarrow needed)")
