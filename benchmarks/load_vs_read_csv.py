"""How much typing costs: `saa.load(table)` against a plain `pandas.read_csv` of the same file.

Run: python benchmarks/load_vs_read_csv.py [--repeat N]. Prints the median of N runs per table.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import pandas as pd

import south_asia_alignments as saa
from south_asia_alignments._data import _root


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm the file cache and imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    resources = {r["name"]: r for r in saa.datapackage()["resources"] if r.get("type") == "table"}
    print(f"{'table':<22}{'rows':>6}{'read_csv ms':>13}{'load ms':>10}{'ratio':>7}")
    for name in saa.tables():
        path = _root().joinpath(resources[name]["path"])
        plain = median_ms(lambda: pd.read_csv(path), args.repeat)
        typed = median_ms(lambda: saa.load(name), args.repeat)
        rows = len(saa.load(name))
        print(f"{name:<22}{rows:>6}{plain:>13.2f}{typed:>10.2f}{typed / plain:>7.1f}")


if __name__ == "__main__":
    main()
