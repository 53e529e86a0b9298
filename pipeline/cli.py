"""`python build.py [check|build|new|diff|release|import]`: the contributors' and CI's entry point.

With no command it checks, then builds. Each command is a function `(args) -> exit code`,
registered in COMMANDS with its arguments; add a command by adding one entry.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pipeline import importers
from pipeline.building import country_codes, generated
from pipeline.building.build_state import Build
from pipeline.building.publish import locked, publish
from pipeline.building.write import render
from pipeline.contributing import annotations, template
from pipeline.exports import add_arguments as export_arguments
from pipeline.exports import cmd_export
from pipeline.reading.problems import Problem
from pipeline.reading.read import Records, read_all
from pipeline.releasing import diff, release, stable_ids
from schema import rules

ROOT = Path(__file__).resolve().parent.parent


def check(root: Path, cache: bool = False) -> tuple[Records, list[Problem]]:
    """Read every record and apply every rule; problems sorted by file and line. `cache`: reuse
    each unchanged file's reading from .cache/check/ (rules across records always run in full)."""
    records, problems = read_all(root, root / "records", cache)
    return records, across(root, records, problems)


def across(root: Path, records: Records, problems: list[Problem],
           released: stable_ids.Published | None = None) -> list[Problem]:
    """The reading's problems and those of every rule that needs all the records, sorted by file and line.
    `released`: the published ids, when the caller knows them already (`check --watch`)."""
    everything = records.all()
    problems = problems + rules.check(everything, records.seen)
    problems += rules.check_scope(records.scope, everything)
    problems += country_codes.problems_in(root)
    problems += stable_ids.check(root, records, released)
    return sorted(set(problems))


def report(records: Records, problems: list[Problem]) -> int:
    for problem in problems:
        print(problem)
    if annotations.in_github_actions():  # also as annotations at the lines of a pull request's diff
        for problem in problems:
            print(annotations.annotation(problem))
    if problems:
        files = len({p.path for p in problems})
        print(f"check: {len(problems)} problem(s) in {files} file(s); {records.files} record files read", file=sys.stderr)
        return 1
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in records.by_table.items())
    print(f"check: {records.files} records OK ({counts})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    if args.watch:
        from pipeline.contributing import watch  # imports watchfiles: only for the watching contributor

        return watch.run(args.root, lambda records, problems, released: across(args.root, records, problems, released),
                         report)
    return report(*check(args.root, args.cache))


def check_arguments(command: argparse.ArgumentParser) -> None:
    add_no_cache(command)
    command.add_argument("--watch", action="store_true",
                         help="keep checking: again after each change under records/, redoing only what "
                              "changed (Ctrl-C stops)")


def cmd_build(args: argparse.Namespace) -> int:
    with locked(args.root):  # a second build waits, then reads the records as the first left them
        records, problems = check(args.root, args.cache)
        if report(records, problems):
            print("build: dist/ left unchanged", file=sys.stderr)
            return 1
        files = render(args.root, records, parallel=not args.one_process)
        extra = generated.render(Build(args.root, records, files))  # rendered before anything is written
        publish(args.root, files, extra)  # staged in full, then swapped: a failure writes nothing
    sizes = Counter(path.split("/")[0] for path in files)
    print(f"build: wrote dist/ ({len(files)} files: {dict(sizes)}) and {', '.join(extra)}")
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    with locked(args.root):
        records, problems = check(args.root)
        if report(records, problems):
            print("release: nothing written", file=sys.stderr)
            return 1
        return release.run(args.root, records, args.dry_run)


def add_no_cache(command: argparse.ArgumentParser) -> None:
    command.add_argument("--no-cache", dest="cache", action="store_false", default=argparse.SUPPRESS,
                         help="read every record afresh, ignoring and leaving alone .cache/check/")


def build_arguments(command: argparse.ArgumentParser) -> None:
    add_no_cache(command)
    command.add_argument("--one-process", action="store_true", default=argparse.SUPPRESS,
                         help="render every file in this process (by default a second one renders the nested "
                              "JSON where there is a second core); the package is the same")


Command = Callable[[argparse.Namespace], int]
# name → (handler, help, function adding the command's own arguments)
COMMANDS: dict[str, tuple[Command, str, Callable[[argparse.ArgumentParser], None]]] = {
    "check": (cmd_check, "validate every record and cross-record rule", check_arguments),
    "build": (cmd_build, "check, then write dist/ (the default)", build_arguments),
    "new": (template.cmd_new, "start records/<table>/<id>.yaml from a template of its fields", template.add_arguments),
    "diff": (diff.cmd_diff, "list the records added, removed and changed since a git ref (exit 1 if any)",
             diff.add_arguments),
    "release": (cmd_release, "work out the SemVer bump since the last release and make the release",
                lambda p: p.add_argument("--dry-run", action="store_true", help="print the proposal only")),
    "import": (importers.cmd_import, "create or complete records from an upstream list", importers.add_arguments),
    "export": (cmd_export, "write exports/: the SQLite database, Parquet files and Datasette metadata, from dist/",
               export_arguments),
}


def parser(root: Path) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="build.py", description="Check the records and build the data package.")
    top.add_argument("--root", type=Path, default=root, help=argparse.SUPPRESS)  # tests build copies
    sub = top.add_subparsers(dest="command", metavar="command")
    for name, (handler, help_text, add_arguments) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        add_arguments(command)
        command.set_defaults(handler=handler)
    top.set_defaults(handler=cmd_build, cache=True, one_process=False)
    return top


def _shown(root: Path, name: object) -> str:
    """A path from an OSError, relative to the root where it is inside it."""
    path = Path(os.fsdecode(name)) if isinstance(name, (str, bytes, os.PathLike)) else None
    if path is None:
        return "build.py"
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    args = parser(root).parse_args(argv)
    args.root = args.root.resolve()
    try:
        code = args.handler(args)
        sys.stdout.flush()  # inside the try: a closed pipe must fail here, not at interpreter exit
        return code
    except BrokenPipeError:
        # `check | head -1`: the reader has gone. Send the rest to /dev/null so the exit flush is
        # quiet too (the recipe of Python's signal docs), and fail: the output was cut short.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as err:  # a full disk, a read-only tree, an unreadable file: no traceback
        print(Problem(_shown(args.root, err.filename), message=err.strerror or str(err)), file=sys.stderr)
        return 1
