"""Files for other tools: `path` to a table as CSV, JSON, Parquet or SQLite, `to_sqlite`, `to_parquet`.

CSV and JSON are bundled. The SQLite file and the Parquet files are built from them on first use (their
bytes depend on the SQLite and Arrow versions, so they are not shipped): in a source checkout into
exports/ beside dist/ (also what `python build.py export` writes), otherwise into the user's cache, one
folder per version. A stamp holding the descriptor's hash marks them stale when the package changes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from south_asia_alignments import _data

SQLITE_NAME = "south-asia-alignments.sqlite"
FORMATS = ("csv", "json", "parquet", "sqlite")


def _folder() -> Path:
    root = Path(str(_data._root()))
    if root.name == "dist" and (root.parent / "pyproject.toml").is_file():
        return root.parent / "exports"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "south-asia-alignments" / _data.version()


def _stamp() -> str:
    return hashlib.sha256(_data._root().joinpath(_data._DESCRIPTOR).read_bytes()).hexdigest()


def _fresh(folder: Path, kind: str) -> bool:
    stamp = folder / f".{kind}.sha256"
    return stamp.is_file() and stamp.read_text(encoding="utf-8").strip() == _stamp()


def _mark(folder: Path, kind: str) -> None:
    (folder / f".{kind}.sha256").write_text(_stamp() + "\n", encoding="utf-8")


def to_sqlite(path: str | os.PathLike[str]) -> Path:
    """Write the package to one SQLite file at `path` (standard library only); returns the path."""
    from south_asia_alignments import _sqlite

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _sqlite.write(_data._root(), _data._descriptor(), target)
    return target


def to_parquet(folder: str | os.PathLike[str]) -> Path:
    """Write `<folder>/<table>.parquet` for every table (needs the `parquet` extra: pyarrow); returns the folder."""
    from south_asia_alignments import _parquet

    _parquet.write(_data._root(), _data._descriptor(), Path(folder))
    return Path(folder)


def path(table: str, format: str = "csv") -> Path:
    """The file holding `table` in `format` ('csv', 'json', 'parquet' or 'sqlite', the whole database).

    Parquet and SQLite are built on first use (see the module's note); JSON exists for the record tables.
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if format == "csv":
        return Path(str(_data._root().joinpath(_data._resource(table)["path"])))
    if format == "json":
        for r in _data._descriptor()["resources"]:
            if r["name"] == f"{table}-json":
                return Path(str(_data._root().joinpath(r["path"])))
        raise KeyError(f"no JSON form of {table!r}")
    _data._resource(table)  # an unknown table fails here, with a suggestion
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    if format == "sqlite":
        if not _fresh(folder, "sqlite") or not (folder / SQLITE_NAME).is_file():
            to_sqlite(folder / SQLITE_NAME)
            _mark(folder, "sqlite")
        return folder / SQLITE_NAME
    target = folder / "parquet" / f"{table}.parquet"
    if not _fresh(folder, "parquet") or not target.is_file():
        to_parquet(folder / "parquet")
        _mark(folder, "parquet")
    return target


_DUCKDB = {"integer": "BIGINT", "year": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"}


def csv_types(table: str, engine: str = "duckdb") -> dict[str, object]:
    """Column → type for reading `path(table)` with DuckDB's `read_csv(dtype=…)` or polars' `read_csv(schema=…)`.

    From the Table Schema: integers, numbers, booleans and dates typed, codes such as '004' or 'NA' kept
    as text, vocabularies as polars Enums; list fields stay text ('a;b', split on ';').
    """
    fields = _data._resource(table)["schema"]["fields"]
    if engine == "duckdb":
        return {f["name"]: _DUCKDB.get(f["type"], "VARCHAR") for f in fields}
    if engine == "polars":
        import polars as pl

        simple = {"integer": pl.Int64, "year": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean, "date": pl.Date}
        types: dict[str, object] = {}
        for f in fields:
            enum = f.get("constraints", {}).get("enum")
            types[f["name"]] = pl.Enum(enum) if enum else simple.get(f["type"], pl.String)
        return types
    raise ValueError(f"engine must be 'duckdb' or 'polars', not {engine!r}")
