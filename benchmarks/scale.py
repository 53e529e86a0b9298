"""How `build.py check` and the build scale: N record files, timed against a bare PyYAML parse of them.

Run: python benchmarks/scale.py [--records 20000] [--sizes 20000,100000] [--keep DIR]

For each size it makes a throwaway repository (outside this one) holding the real records plus copies
of the sources, visits, agreements and arms deals under new ids (`<id>-x<k>`, a source's url gets
`#x<k>` so no two sources share one), with countries, records/scope.yaml, releases/, upstream/ and
pyproject.toml as they are. Then, each in a fresh process as a contributor runs it:

  bare parse     `yaml.load(..., Loader=CSafeLoader)` of every record file: the yardstick
  imports        python starting and importing pipeline.cli: the floor under any check
  check          `build.py check --no-cache`: every file read and validated, every rule
  filling        `build.py check` with no cache yet (it writes .cache/check/)
  warm           `build.py check` again, nothing changed
  edited         `build.py check` after changing one record, the cache warm
  build          `build.py build --no-cache`: check, then write dist/ and the generated docs (the
                 nested JSON rendered by a forked process where there is a second core)
  build, one     the same with --one-process: everything rendered in the one process
  build, warm    `build.py build` with the cache warm
  watch          `build.py check --watch` running: from saving an edit to one record to its verdict
                 printed, for --edits edits in turn (a comment added, a field broken, the file restored)

and prints each one's wall time (the fastest of --repeat runs), its CPU time (user + system, which other busy processes on the
machine do not inflate) and its peak RSS, with both times as ratios to the bare parse. With several
sizes it also prints how the peak RSS grows.
"""

from __future__ import annotations

import argparse
import os
import re
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("sources", "visits", "agreements", "arms_deals")  # countries are keyed by ISO code: kept as they are
BARE_PARSE = """
import sys, yaml
from pathlib import Path
for path in sorted(Path(sys.argv[1]).glob("*/*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


def _copy(text: str, rid: str, k: int, table: str) -> str:
    """The record under id `<rid>-x<k>`; its references still name the real records."""
    # the record's own id: in block or flow style, quoted or not
    text, found = re.subn(rf"""((?:^|[{{,])[ \t]*id:[ \t]*)(["']?){re.escape(rid)}\2(?=[ \t]*(?:[,}}]|$))""",
                          rf"\g<1>\g<2>{rid}-x{k}\g<2>", text, count=1, flags=re.MULTILINE)
    if not found:
        raise SystemExit(f"cannot find the id line of {table}/{rid}.yaml to copy it")
    if table == "sources" and (url := yaml.load(text, Loader=yaml.CSafeLoader).get("url")):
        text = text.replace(url, f"{url}#x{k}", 1)  # sources_distinct refuses two sources at one url
    return text


def generate(target: Path, records: int) -> int:
    """A repository at `target` with `records` record files (at least the real ones); returns the count."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("pyproject.toml",):
        shutil.copy2(ROOT / name, target / name)
    for name in ("releases", "upstream"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copytree(ROOT / "records", target / "records")
    originals = [(table, path.stem, path.read_text(encoding="utf-8"))
                 for table in COPIED for path in sorted((ROOT / "records" / table).glob("*.yaml"))]
    count = sum(1 for _ in (target / "records").glob("*/*.yaml"))
    k = 0
    while count < records:
        k += 1
        for table, rid, text in originals:
            if count >= records:
                break
            (target / "records" / table / f"{rid}-x{k}.yaml").write_text(_copy(text, rid, k, table), encoding="utf-8")
            count += 1
    return count


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child: what contention from other processes leaves alone
    peak_mb: float  # the child's own peak resident set


def run(args: list[str], cwd: Path) -> Run:
    """One fresh process, as a contributor starts it; its own rusage from wait4, not the children's sum."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        child = subprocess.Popen(args, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            out.seek(0)
            raise SystemExit(f"{' '.join(args)} failed:\n{out.read()[-3000:].decode()}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def build_py(repo: Path, *args: str) -> list[str]:
    # the worktree's code, pointed at the generated repository
    return [sys.executable, str(ROOT / "build.py"), *args, "--root", str(repo)]


STEPS = (  # (label, key) in the order they run
    ("bare CSafeLoader parse", "parse"),
    ("python + imports of check", "imports"),
    ("check --no-cache", "check"),
    ("check, filling the cache", "check_fill"),
    ("check, warm cache", "check_warm"),
    ("check after editing one file", "edited"),
    ("full build --no-cache", "build"),
    ("  the same, in one process", "build_one"),
    ("full build, warm cache", "build_warm"),
)


def best(runs: list[Run]) -> Run:
    """Fastest of the repeats: other processes on the machine only ever add time."""
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs), max(r.peak_mb for r in runs))


def measure(repo: Path, size: int, repeat: int) -> tuple[int, dict[str, Run]]:
    files = generate(repo, size)
    edited = min((repo / "records" / "visits").glob("*.yaml"))
    steps: dict[str, tuple[Callable[[], None], list[str]]] = {  # key → (what to do first, command)
        "parse": (lambda: None, [sys.executable, "-c", BARE_PARSE, str(repo / "records")]),
        "imports": (lambda: None, [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r}); import pipeline.cli"]),
        "check": (lambda: None, build_py(repo, "check", "--no-cache")),
        "check_fill": (lambda: shutil.rmtree(repo / ".cache", ignore_errors=True), build_py(repo, "check")),
        "check_warm": (lambda: None, build_py(repo, "check")),
        "edited": (lambda: edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8"),
                   build_py(repo, "check")),
        "build": (lambda: None, build_py(repo, "build", "--no-cache")),
        "build_one": (lambda: None, build_py(repo, "build", "--no-cache", "--one-process")),
        "build_warm": (lambda: None, build_py(repo, "build")),
    }
    runs: dict[str, list[Run]] = {key: [] for key in steps}
    for _ in range(repeat):  # round after round, so a busy spell on the machine hits every step alike
        for key, (prepare, command) in steps.items():
            prepare()
            runs[key].append(run(command, repo))
    return files, {key: best(found) for key, found in runs.items()}


class Lines:
    """A child's output line by line, with a timeout: read from the pipe itself, since a buffered
    reader would hold lines that select() can no longer see."""

    def __init__(self, child: subprocess.Popen[bytes]) -> None:
        assert child.stdout is not None
        self.child, self.fd, self.pending = child, child.stdout.fileno(), b""

    def until(self, prefix: str, timeout: float = 120.0) -> list[str]:
        """The lines up to and including the first that starts with `prefix`."""
        lines: list[str] = []
        deadline = time.perf_counter() + timeout
        with selectors.DefaultSelector() as selector:
            selector.register(self.fd, selectors.EVENT_READ)
            while True:
                while b"\n" in self.pending:
                    line, self.pending = self.pending.split(b"\n", 1)
                    lines.append(line.decode(errors="replace"))
                    if lines[-1].startswith(prefix):
                        return lines
                left = deadline - time.perf_counter()
                if left <= 0 or not selector.select(left) or not (chunk := os.read(self.fd, 65536)):
                    self.child.kill()
                    raise SystemExit(f"check --watch printed no {prefix!r} line:\n" + "\n".join(lines)[-3000:])
                self.pending += chunk


def watch_latency(repo: Path, edits: int) -> list[float]:
    """Seconds from writing an edit to `check --watch` printing the round's last line, edit after edit."""
    targets = sorted((repo / "records" / "visits").glob("*.yaml"))[: max(1, edits // 3 + 1)]
    child = subprocess.Popen(build_py(repo, "check", "--watch"), cwd=repo, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
    output = Lines(child)
    try:
        output.until("watch: ")  # the first round: every file
        out = []
        for i in range(edits):
            path = targets[i // 3]
            text = path.read_text(encoding="utf-8")
            if i % 3 == 0:
                original, edited = text, text + f"# edit {i}\n"
            elif i % 3 == 1:
                edited = text.replace("\nkind: ", "\nkind: not-a-kind-", 1)
            else:
                edited = original
            time.sleep(0.3)  # a contributor's saves are apart: each is its own round
            start = time.perf_counter()
            path.write_text(edited, encoding="utf-8")
            lines = output.until("watch: ")
            out.append(time.perf_counter() - start)
            if (i % 3 == 1) == ("check: 1 problem" not in "\n".join(lines)):
                raise SystemExit("unexpected verdict after edit {i}:\n" + "\n".join(lines))
        return out
    finally:
        child.terminate()
        child.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20000, help="record files to generate (default 20000)")
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 20000,100000 (overrides --records)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step; the fastest counts (default 3)")
    parser.add_argument("--keep", type=Path, help="generate here and keep it (default: a temporary folder)")
    parser.add_argument("--edits", type=int, default=12, help="edits timed under check --watch (default 12; 0: skip)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.records]
    base = args.keep or Path(tempfile.mkdtemp(prefix="scale-"))
    try:
        peaks = []
        for size in sizes:
            files, r = measure(base / str(size), size, args.repeat)
            parse = r["parse"]
            print(f"{files} record files, fastest of {args.repeat}; ratios to the bare parse (wall, and CPU: user + system)")
            print(f"  {'':32} {'wall s':>7} {'×':>6} {'CPU s':>7} {'×':>6} {'peak MB':>8}")
            for label, key in STEPS:
                x = r[key]
                print(f"  {label:32} {x.wall:7.2f} {x.wall / parse.wall:6.2f} {x.cpu:7.2f} {x.cpu / parse.cpu:6.2f} {x.peak_mb:8.0f}")
            peaks.append((files, r["check"].peak_mb, r["build"].peak_mb))
            if args.edits:
                waits = watch_latency(base / str(size), args.edits)
                print(f"  check --watch, saving an edit → its verdict: median {statistics.median(waits):.2f} s, "
                      f"slowest {max(waits):.2f} s, over {len(waits)} edits (wall)")
        if len(peaks) > 1:
            print("peak RSS per record file (check --no-cache, build):")
            for files, check_mb, build_mb in peaks:
                print(f"  {files:>7} files  {check_mb * 1024 / files:5.1f} KB  {build_mb * 1024 / files:5.1f} KB")
            (n0, c0, b0), (n1, c1, b1) = peaks[0], peaks[-1]
            print(f"  growth {n0}→{n1} files (×{n1 / n0:.1f}): check ×{c1 / c0:.2f}, build ×{b1 / b0:.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
