"""Work done aside, in a forked process, while this one goes on: the second core a build would leave idle.

The job is inherited by the fork (its closure and the models it reads are not pickled); only its result
comes back through a pipe. Where there is one core, or not Linux (where fork() is used), or the worker
dies, the job runs here instead: the result is the same either way, only the wall time differs.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")

_JOB: Callable[[], Any] | None = None  # set just before the fork, read by the forked worker


def _run() -> Any:
    assert _JOB is not None
    return _JOB()


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def aside(job: Callable[[], T], parallel: bool = True) -> Iterator[Callable[[], T]]:
    """Start `job` in a forked process; inside the block, the callable given waits for its result (or runs
    the job here). Leaving the block, by an error too, ends the worker and thaws the collector."""
    # fork() only where it is safe for a process that has imported system libraries: macOS's frameworks
    # are not fork-safe (Python starts processes there by spawning), and Windows has no fork
    if not (parallel and _cores() > 1 and sys.platform.startswith("linux")):
        yield job
        return
    global _JOB
    _JOB = job
    gc.freeze()  # the fork's collector then leaves the inherited objects alone instead of copying their pages
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    try:
        future = pool.submit(_run)

        def result() -> T:
            try:
                return future.result()
            except BrokenProcessPool:  # killed, or out of memory: do it here instead
                return job()
        yield result
    finally:
        pool.shutdown(cancel_futures=True)  # a job already running is let finish: it writes nothing
        _JOB = None
        gc.unfreeze()
