"""`build.py check --watch`: check once, then again after each change, redoing only what changed.

A contributor editing a record wants the verdict as they save. The first round reads every file,
through the check cache. After it, each change under records/ re-reads only the files the
file-system events name (watchfiles: inotify on Linux, FSEvents on macOS, polling where neither
works), and the rules across records run again over the findings already worked out for the rest
(schema/rules.py). A change the events cannot pin to one record file (a folder, scope.yaml,
retired.yaml, a name that is not a record's) re-reads the whole tree, still through the cache.

What a round prints is what `build.py check` would print at that moment. A change to the code under
schema/ or pipeline/ restarts the process, since the models it holds would be stale; a change
under releases/ or dist/, or a new commit, refreshes the published ids the stable-id rule needs.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import watchfiles

from pipeline.reading.check_cache import Cache
from pipeline.reading.problems import Problem
from pipeline.reading.read import SUFFIX, Loaded, Records, read_record, read_tree
from pipeline.reading.tree import Item, WorkTree
from pipeline.releasing import stable_ids
from schema.registry import BY_NAME

RECORDS = "records"
CODE = ("schema", "pipeline")  # a .py change here restarts: the models held would be stale
PUBLISHED = ("releases", "dist")  # what stable_ids.published reads
WATCHED = (RECORDS, *CODE, *PUBLISHED, "upstream")
STEP = 20  # ms without a new event that ends a burst of them (an editor's save is a few)
TICK = 200  # ms: how often the watcher looks up from waiting (and a stop is noticed)

Across = Callable[[Records, list[Problem], stable_ids.Published], list[Problem]]
Report = Callable[[Records, list[Problem]], int]


class State:
    """The last reading of records/: each record file's result, and the problems no record file holds."""

    def __init__(self, root: Path, cache: Cache) -> None:
        self.root, self.cache, self.tree = root, cache, WorkTree(root)
        self.files: dict[str, tuple[str, Loaded | None, list[Problem]]] = {}  # path → (table, record, problems)
        self.others: list[Problem] = []
        self.single: Records = Records({}, 0)
        self.read_everything()

    def read_everything(self) -> None:
        records, problems = read_tree(self.tree, RECORDS, self.cache)
        by_path: dict[str, list[Problem]] = {}
        for problem in problems:
            by_path.setdefault(problem.path, []).append(problem)
        loaded = {r.path: r for r in records.all()}
        self.files = {}
        for table, ids in records.seen.items():
            for rid in ids:
                path = f"{RECORDS}/{table}/{rid}{SUFFIX}"
                self.files[path] = (table, loaded.get(path), by_path.pop(path, []))
        self.others = [p for found in by_path.values() for p in found]
        self.single = records

    def update(self, paths: Iterable[str]) -> bool:
        """Re-read these files (relative paths under records/); False when one is not a plain record
        file, or is gone from a folder that is gone too, and the whole tree must be read again."""
        for path in paths:
            parts = path.split("/")
            table = BY_NAME.get(parts[1]) if len(parts) == 3 else None
            name = parts[-1]
            if not os.path.lexists(self.root / path):
                if path in self.files:
                    self.files.pop(path)
                    continue
                if len(parts) == 3 and not any(p.path == path for p in self.others):
                    continue  # an editor's or sed's temporary file, come and gone: nothing to check
                return False  # a folder, scope.yaml, retired.yaml or a file with a problem went: read all again
            if table is None or not name.endswith(SUFFIX) or name.startswith(".") or not name.isprintable():
                return False
            try:
                st = os.lstat(self.root / path)
            except FileNotFoundError:
                if not (self.root / RECORDS / table.name).is_dir():
                    return False
                self.files.pop(path, None)
                continue
            except OSError:
                return False  # let the full reading say what is wrong with it
            if not os.path.isfile(self.root / path) or os.path.islink(self.root / path):
                return False
            stamp = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)
            loaded, problems = read_record(table, self.tree, Item(path, "file", st.st_size, stamp=stamp), self.cache)
            self.files[path] = (table.name, loaded, problems)
        return True

    def records(self) -> tuple[Records, list[Problem]]:
        """The files as read_tree would give them: tables in order, records in file-name order."""
        by_table: dict[str, list[Loaded]] = {name: [] for name in BY_NAME}
        seen: dict[str, set[str]] = {name: set() for name in BY_NAME}
        problems = list(self.others)
        for path in sorted(self.files):
            table, loaded, found = self.files[path]
            seen[table].add(path.rpartition("/")[2].removesuffix(SUFFIX))
            problems += found
            if loaded is not None:
                by_table[table].append(loaded)
        records = Records(by_table, len(self.files), self.single.retired, self.single.scope, seen)
        return records, problems


@contextlib.contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Ctrl-C waits until the cache is written: a KeyboardInterrupt inside the temporary file's clean-up
    would be swallowed there ("Exception ignored"), and the process would go on watching."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending Ctrl-C is raised here


def _head(root: Path) -> str:
    """The commit checked out: stable ids compare with the dist/ committed there."""
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "-q", "--verify", "HEAD"],
                              capture_output=True, text=True, check=False)
    except OSError:  # no git here: there is no commit to follow either
        return ""
    return done.stdout.strip()


def _changed(root: Path, changes: set[tuple[watchfiles.Change, str]]) -> dict[str, set[str]]:
    """Top folder (records, schema, …) → paths relative to the root, of the files that changed."""
    out: dict[str, set[str]] = {}
    for _change, where in changes:
        try:
            relative = Path(where).relative_to(root).as_posix()
        except ValueError:
            continue
        out.setdefault(relative.split("/")[0], set()).add(relative)
    return out


def run(root: Path, across: Across, report: Report, stop: threading.Event | None = None) -> int:
    """Check, print, wait for a change, and again, until Ctrl-C (or `stop` is set: tests). Returns the
    last round's exit code (130 when Ctrl-C stops a round half-way)."""
    try:
        return _rounds(root, across, report, stop)
    except KeyboardInterrupt:  # pressed during a round rather than while waiting: stop quietly too
        print(file=sys.stderr)
        return 130


def _rounds(root: Path, across: Across, report: Report, stop: threading.Event | None) -> int:
    # The watcher starts before the first reading, so nothing saved during it goes unseen: it yields
    # an empty set every TICK ms while nothing changes, the first time once it is running.
    watcher = watchfiles.watch(*(root / p for p in WATCHED if (root / p).is_dir()), debounce=1600, step=STEP,
                               rust_timeout=TICK, yield_on_timeout=True, raise_interrupt=False, stop_event=stop)
    if next(watcher, None) is None:
        return 0  # stopped before it began
    started = time.perf_counter()
    cache = Cache.open(root)
    state = State(root, cache)
    head, released = _head(root), stable_ids.published(root)
    gc.freeze()  # the records live as long as the process: later collections skip them
    changed_files = -1
    while True:
        records, problems = state.records()
        code = report(records, across(records, problems, released))
        what = "every file" if changed_files < 0 else f"{changed_files} changed file(s)"
        checked = time.perf_counter() - started
        sys.stdout.flush()
        with _ctrl_c_held():  # after the verdict: the next process starts warm, and the contributor is not kept waiting
            cache.save()
        print(f"watch: read {what}, checked in {checked:.2f} s; waiting for changes (Ctrl-C stops)",
              file=sys.stderr, flush=True)
        changes: set[tuple[watchfiles.Change, str]] | None = set()
        while changes == set():
            changes = next(watcher, None)
        if changes is None:  # Ctrl-C, or stopped
            return code
        started = time.perf_counter()
        by_top = _changed(root, changes)
        if any(p.endswith(".py") for top in CODE for p in by_top.get(top, ())):
            print("watch: the code changed; starting again", file=sys.stderr, flush=True)
            os.execv(sys.executable, [sys.executable, *sys.argv])
        if (new_head := _head(root)) != head or any(top in by_top for top in (*PUBLISHED, "upstream")):
            head, released = new_head, stable_ids.published(root)
        paths = by_top.get(RECORDS, set())
        changed_files = len(paths)
        if not state.update(sorted(paths)):
            state.read_everything()
            changed_files = -1
