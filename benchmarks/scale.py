"""How `build.py check` and the build scale: N record files, timed against a bare PyYAML parse of them.

Run: python benchmarks/scale.py [--records 20000] [--sizes 20000,100000] [--keep DIR]

For each size it makes a throwaway repository (outside this one) holding the real records plus copies
of the sources, visits, agreements and arms deals under new ids (`<id>-x<k>`, a source's url gets
`#x<k>` so no two sources share one), with countries, records/scope.yaml, releases/, upstream/ and
pyproject.toml as they are. Then, each in a fresh process as a contributor runs it:

  parse     a bare `yaml.load(..., Loader=CSafeLoader)` of every record file: the yardstick
  check     `build.py check --no-cache`: every file read and validated, every rule
  check     `build.py check` with an empty cache (it fills the cache)
  build     `build.py build --no-cache`: check, then write dist/ and the generated docs
  edited    `build.py check` after changing one record, with the cache warm
  peak RSS  of the `check --no-cache` process (ru_maxrss of the child)

and prints each time with its ratio to the parse.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
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
    text = text.replace(f"id: {rid}", f"id: {rid}-x{k}", 1)  # the record's own id comes first
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


def run(args: list[str], cwd: Path) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in MB of the child, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: meaningful when this child is the largest
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return seconds, max(peak, before) // 1024, done.stdout + done.stderr


def build_py(repo: Path, *args: str) -> list[str]:
    # --root points the worktree's code at the generated repository
    return [sys.executable, str(ROOT / "build.py"), *args, "--root", str(repo)]


def measure(repo: Path, size: int) -> dict[str, float]:
    files = generate(repo, size)
    out: dict[str, float] = {"files": files}
    out["parse"], _, _ = run([sys.executable, "-c", BARE_PARSE, str(repo / "records")], repo)
    out["check"], out["rss_mb"], _ = run(build_py(repo, "check", "--no-cache"), repo)
    out["check_cold_cache"], _, _ = run(build_py(repo, "check"), repo)
    out["check_warm"], _, _ = run(build_py(repo, "check"), repo)
    out["build"], _, _ = run(build_py(repo, "build", "--no-cache"), repo)
    edited = next((repo / "records" / "visits").glob("*-x1.yaml"))
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    out["edited"], _, _ = run(build_py(repo, "check"), repo)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20000, help="record files to generate (default 20000)")
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 20000,100000 (overrides --records)")
    parser.add_argument("--keep", type=Path, help="generate here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.records]
    base = args.keep or Path(tempfile.mkdtemp(prefix="scale-"))
    try:
        results = []
        for size in sizes:
            r = measure(base / str(size), size)
            results.append(r)
            p = r["parse"]
            print(f"{int(r['files'])} record files (bare CSafeLoader parse {p:.2f} s):")
            for label, key in (("check", "check"), ("check, filling the cache", "check_cold_cache"),
                               ("check, warm cache", "check_warm"), ("full build", "build"),
                               ("check after editing one file", "edited")):
                print(f"  {label:30} {r[key]:6.2f} s  {r[key] / p:5.2f}×")
            print(f"  peak RSS of check              {r['rss_mb']:6.0f} MB  ({r['rss_mb'] * 1024 / r['files']:.1f} KB a record)")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
