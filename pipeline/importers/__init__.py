"""Importers: upstream/<source>/ snapshots → ordinary YAML records (`build.py import <source>`).

Each importer is registered in IMPORTERS by its source name (the folder under upstream/), as a
function `(root, dry_run) -> exit code`; add an importer by adding one entry.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from pipeline.importers import history_state

Importer = Callable[[Path, bool], int]
IMPORTERS: dict[str, Importer] = {
    history_state.NAME: lambda root, dry_run: history_state.run(root, dry_run),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", choices=list(IMPORTERS), help="the upstream source, a folder under upstream/")
    parser.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    parser.add_argument("--snapshot-from", type=Path, metavar="DIR",
                        help="first replace the snapshot with the files from an upstream copy at DIR")
    parser.add_argument("--commit", action="append", default=[], metavar="FOLDER=SHA",
                        help="with --snapshot-from: the upstream commit of each folder (travels=…, visits=…)")


def cmd_import(args: argparse.Namespace) -> int:
    if args.snapshot_from is not None:
        if args.source != history_state.NAME:
            print(f"import: --snapshot-from is not supported for {args.source}")
            return 2
        commits = dict(item.split("=", 1) for item in args.commit)
        if args.dry_run:  # read the new files where they are; the snapshot stays as it was
            return history_state.run(args.root, True, base=args.snapshot_from.resolve(), verify=False, commits=commits)
        problems = history_state.take_snapshot(args.root, args.snapshot_from.resolve(), commits)
        if problems:
            for problem in problems:
                print(problem)
            return 1
    return IMPORTERS[args.source](args.root, args.dry_run)
