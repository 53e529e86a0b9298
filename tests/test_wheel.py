"""Thorough tier: the wheel, installed offline into a fresh environment, loads every table."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow

# Run in the fresh environment, from an unrelated folder: dump what an analyst would see.
PROBE = r"""
import json, sys
import south_asia_alignments as saa
out = {"file": saa.__file__, "version": saa.__version__, "tables": {}}
for name in saa.tables():
    df = saa.load(name)
    head = []
    for _, row in df.head(3).iterrows():
        cells = {}
        for col, v in row.items():
            if isinstance(v, list):
                cells[col] = v
            elif v is None or (not isinstance(v, list) and str(v) in ("<NA>", "NaT", "nan")):
                cells[col] = None
            elif hasattr(v, "strftime"):
                cells[col] = v.strftime("%Y-%m-%d")
            elif isinstance(v, bool) or type(v).__name__ == "bool_":
                cells[col] = bool(v)
            elif type(v).__name__.startswith(("int", "float")):
                cells[col] = float(v)
            else:
                cells[col] = str(v)
        head.append(cells)
    out["tables"][name] = {"rows": len(df), "dtypes": {c: str(t) for c, t in df.dtypes.items()}, "head": head}
out["heavy"] = sorted(m for m in ("pydantic", "yaml", "frictionless", "pyarrow") if m in sys.modules)
import os, sqlite3, tempfile
db = sqlite3.connect(saa.to_sqlite(os.path.join(tempfile.mkdtemp(), "saa.sqlite")))
out["sqlite"] = {"fk_problems": db.execute("PRAGMA foreign_key_check").fetchall(),
                 "visits": db.execute("SELECT count(*) FROM visits").fetchone()[0]}
out["cite"] = saa.cite()
out["py_typed"] = os.path.isfile(os.path.join(os.path.dirname(saa.__file__), "py.typed"))
print(json.dumps(out))
"""


def _run(*args: str, cwd: Path | None = None) -> str:
    result = subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


def _offline(cmd: list[str]) -> list[str]:
    """Run without a network where the machine lets us make a namespace (root on Linux)."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n", *cmd]
    return cmd


def _expected(cell: str, field: dict) -> object:
    if cell == "":
        return None
    kind = field["type"]
    if kind == "list":
        return cell.split(field.get("delimiter", ","))
    if kind in ("integer", "number"):
        return float(cell)
    if kind == "boolean":
        return cell == "true"
    return cell


def test_wheel_installed_offline_loads_every_table(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(ROOT))
    # The runtime dependencies, fetched from the registry once; the install below is offline.
    _run(sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "-d", str(wheels), "pandas>=2.2")
    env = tmp_path / "env"
    venv.EnvBuilder(with_pip=True).create(env)
    python = str(env / "bin" / "python")
    _run(python, "-m", "pip", "install", "--quiet", "--no-index", "--find-links", str(wheels), "south-asia-alignments")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "probe.py").write_text(PROBE)

    seen = json.loads(_run(*_offline([python, "-I", "probe.py"]), cwd=elsewhere))

    assert seen["file"].startswith(str(env)), "loaded from the repository, not the wheel"
    assert seen["heavy"] == [], "build-time libraries imported by the loader"
    assert seen["sqlite"]["fk_problems"] == []  # saa.to_sqlite from the wheel, standard library only
    assert seen["sqlite"]["visits"] == seen["tables"]["visits"]["rows"]
    assert f"(Version {seen['version']})" in seen["cite"]
    assert seen["py_typed"]
    descriptor = json.loads((ROOT / "dist" / "datapackage.json").read_text())
    assert seen["version"] == descriptor["version"]
    tables = [r for r in descriptor["resources"] if r.get("type") == "table" and r.get("format") == "csv"]
    assert sorted(seen["tables"]) == sorted(r["name"] for r in tables)
    for resource in tables:
        got = seen["tables"][resource["name"]]
        with (ROOT / "dist" / resource["path"]).open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert got["rows"] == len(rows), resource["name"]
        for field in resource["schema"]["fields"]:
            dtype = got["dtypes"][field["name"]]
            if "enum" in field.get("constraints", {}):
                assert dtype == "category"
            elif field["type"] == "date":
                assert dtype.startswith("datetime64")
            else:
                assert dtype == {"string": "string", "integer": "Int64", "number": "Float64",
                                 "boolean": "boolean", "list": "object"}[field["type"]]
            for row, cells in zip(rows, got["head"]):
                assert cells[field["name"]] == _expected(row[field["name"]], field), (resource["name"], field["name"])
