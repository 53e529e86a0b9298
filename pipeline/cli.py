"""`python build.py [check|build]`: the contributors' and CI's entry point."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from pipeline.problems import Problem
from pipeline.read import Records, read_all
from pipeline.write import render, swap_in
from schema import rules

ROOT = Path(__file__).resolve().parent.parent


def check(root: Path) -> tuple[Records, list[Problem]]:
    records, problems = read_all(root, root / "records")
    problems += rules.check(records.all())
    return records, sorted(set(problems))


def _report(records: Records, problems: list[Problem]) -> int:
    for problem in problems:
        print(problem)
    counts = ", ".join(f"{name} {len(rows)}" for name, rows in records.by_table.items())
    if problems:
        files = len({p.path for p in problems})
        print(f"check: {len(problems)} problem(s) in {files} file(s); {records.files} record files read", file=sys.stderr)
        return 1
    print(f"check: {records.files} records OK ({counts})")
    return 0


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__)
    parser.add_argument("command", nargs="?", default="all", choices=["check", "build", "all"],
                        help="check: validate records; build: check, then write dist/ (default: both)")
    parser.add_argument("--root", type=Path, default=root, help=argparse.SUPPRESS)  # tests build copies
    args = parser.parse_args(argv)
    root = args.root.resolve()
    records, problems = check(root)
    status = _report(records, problems)
    if status or args.command == "check":
        if status and args.command != "check":
            print("build: dist/ left unchanged", file=sys.stderr)
        return status
    files = render(root, records)
    swap_in(files, root / "dist")
    sizes = Counter(path.split("/")[0] for path in files)
    print(f"build: wrote dist/ ({len(files)} files: {dict(sizes)})")
    return 0
