"""Importers: upstream lists → ordinary YAML records (`build.py import <source>`).

Each importer registers here: name → (run, add_arguments, help). `run(args)` returns an exit code.
The Office of the Historian's lists are snapshotted in upstream/history-state/; SIPRI's register is
read from a path the curator gives and never committed (its terms forbid a bulk copy).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

Importer = tuple[Callable[[argparse.Namespace], int], Callable[[argparse.ArgumentParser], None], str]


def _history_state_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="print what would change; write nothing")
    parser.add_argument("--snapshot-from", type=Path, metavar="DIR",
                        help="first replace the snapshot with the files from an upstream copy at DIR")
    parser.add_argument("--commit", action="append", default=[], metavar="FOLDER=SHA",
                        help="with --snapshot-from: the upstream commit of each folder (travels=…, visits=…)")


def _history_state(args: argparse.Namespace) -> int:
    from pipeline.importers import history_state

    if args.snapshot_from is None:
        return history_state.run(args.root, args.dry_run)
    commits = dict(item.split("=", 1) for item in args.commit)
    if args.dry_run:  # read the new files where they are; the snapshot stays as it was
        return history_state.run(args.root, True, base=args.snapshot_from.resolve(), verify=False, commits=commits)
    problems = history_state.take_snapshot(args.root, args.snapshot_from.resolve(), commits)
    for problem in problems:
        print(problem)
    return 1 if problems else history_state.run(args.root, False)


def _registry() -> dict[str, Importer]:
    from pipeline.importers import sipri

    return {
        "history-state": (_history_state, _history_state_arguments,
                          "visits to and from the United States from the Office of the Historian's lists "
                          "(upstream/history-state/)"),
        "sipri": (sipri.run, sipri.add_arguments, sipri.HELP),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sources = parser.add_subparsers(dest="source", metavar="source", required=True)
    for name, (run, add, help_text) in _registry().items():
        command = sources.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        add(command)
        command.set_defaults(importer=run)


def cmd_import(args: argparse.Namespace) -> int:
    return args.importer(args)
