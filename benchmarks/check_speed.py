"""Time `build.py check` over the real records, with and without the EDTF fast path.

Run: python benchmarks/check_speed.py [--repeat N]. In-process, so interpreter start-up is left out.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.cli import check  # noqa: E402
from schema import edtf  # noqa: E402


def median_s(repeat: int) -> float:
    times = []
    for _ in range(repeat):
        edtf.bounds.cache_clear()  # each run parses every date afresh, as a new process would
        start = time.perf_counter()
        records, problems = check(ROOT)
        times.append(time.perf_counter() - start)
    assert not problems
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    fast = median_s(args.repeat)
    plain = edtf.plain_bounds
    edtf.plain_bounds = lambda text: None  # every date through the edtf package's grammar
    try:
        slow = median_s(args.repeat)
    finally:
        edtf.plain_bounds = plain
    files = check(ROOT)[0].files
    print(f"check of {files} record files, median of {args.repeat}:")
    print(f"  with the fast path     {fast:6.2f} s")
    print(f"  edtf package only      {slow:6.2f} s")


if __name__ == "__main__":
    main()
