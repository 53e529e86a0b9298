"""Importers: upstream lists → ordinary YAML records (`build.py import <source>`).

Each importer registers here: name → (run, add_arguments, help). `run(args)` returns an exit code.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

Importer = tuple[Callable[[argparse.Namespace], int], Callable[[argparse.ArgumentParser], None], str]


def _registry() -> dict[str, Importer]:
    from pipeline.importers import sipri

    return {
        "sipri": (sipri.run, sipri.add_arguments, sipri.HELP),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sources = parser.add_subparsers(dest="source", metavar="source", required=True)
    for name, (run, add, help_text) in _registry().items():
        command = sources.add_parser(name, help=help_text, description=help_text)
        add(command)
        command.set_defaults(importer=run)


def cmd_import(args: argparse.Namespace) -> int:
    return args.importer(args)
