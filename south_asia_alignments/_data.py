"""Find the bundled Data Package and read its tables with the types its Table Schema declares."""

from __future__ import annotations

import difflib
import json
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

_DESCRIPTOR = "datapackage.json"


@lru_cache(maxsize=1)
def _root() -> Traversable:
    """The wheel's bundled copy, or dist/ of a source checkout (editable installs, tests)."""
    bundled = files("south_asia_alignments") / "data"
    if bundled.joinpath(_DESCRIPTOR).is_file():
        return bundled
    checkout = Path(__file__).resolve().parent.parent / "dist"
    if (checkout / _DESCRIPTOR).is_file():
        return checkout
    raise FileNotFoundError("the data package is missing: build it with `python build.py` or reinstall")


@lru_cache(maxsize=1)
def _descriptor() -> dict[str, Any]:
    return json.loads(_root().joinpath(_DESCRIPTOR).read_text(encoding="utf-8"))


def datapackage() -> dict[str, Any]:
    """The Data Package descriptor (a copy: change it freely)."""
    return json.loads(json.dumps(_descriptor()))


def version() -> str:
    return str(_descriptor()["version"])


def tables() -> list[str]:
    """Names of the tables `load` accepts, in the package's order."""
    return [r["name"] for r in _descriptor()["resources"] if r.get("type") == "table" and r.get("format") == "csv"]


def _resource(table: str) -> dict[str, Any]:
    for r in _descriptor()["resources"]:
        if r.get("type") == "table" and r.get("format") == "csv" and r["name"] == table:
            return r
    names = tables()
    close = difflib.get_close_matches(str(table), names, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise KeyError(f"no table {table!r}.{hint} Tables: {', '.join(names)}")


def describe(table: str) -> "pd.DataFrame":
    """One row per column of `table`: type, whether required, description, allowed values."""
    import pandas as pd

    rows = []
    for f in _resource(table)["schema"]["fields"]:
        constraints = f.get("constraints", {})
        rows.append({
            "field": f["name"],
            "type": f["type"] + (f"<{f['itemType']}>" if f["type"] == "list" else ""),
            "required": bool(constraints.get("required", False)),
            "description": f.get("description", ""),
            "allowed": constraints.get("enum"),
        })
    return pd.DataFrame(rows)


def load(table: str) -> "pd.DataFrame":
    """The table as a DataFrame typed from its Table Schema.

    Dates become datetime64, integers nullable Int64, numbers Float64, booleans boolean, fields
    with a vocabulary categoricals (ordered where the vocabulary is a progression, such as
    status), list fields Python lists, and other text pandas strings. Empty cells are missing.
    """
    import pandas as pd

    resource = _resource(table)
    fields = resource["schema"]["fields"]
    # The C parser types most columns as it reads; dates and lists are finished below.
    dtypes: dict[str, Any] = {}
    for f in fields:
        enum = f.get("constraints", {}).get("enum")
        if enum:
            dtypes[f["name"]] = pd.CategoricalDtype(enum, ordered=bool(f.get("categoriesOrdered")))
        else:
            dtypes[f["name"]] = _DTYPES.get(f["type"], "string")
    with _root().joinpath(resource["path"]).open("r", encoding="utf-8", newline="") as handle:
        # Only the empty cell is missing: 'NA' is Namibia's code, 'null' could be a word.
        frame = pd.read_csv(handle, dtype=dtypes, keep_default_na=False, na_values=[""],
                            true_values=["true"], false_values=["false"])
    for f in fields:
        name = f["name"]
        if f["type"] == "date":
            frame[name] = pd.to_datetime(frame[name], format="%Y-%m-%d")
        elif f["type"] == "list":
            delimiter = f.get("delimiter", ",")
            item = int if f.get("itemType") == "integer" else str
            # Built as an object Series: with pyarrow present, pandas 3 would turn mapped lists into arrays.
            frame[name] = pd.Series([[item(x) for x in v.split(delimiter)] if isinstance(v, str) else None
                                     for v in frame[name]], index=frame.index, dtype=object)
    return frame


# Table Schema type → pandas dtype read_csv can produce directly (dates and lists are read as text).
_DTYPES = {"integer": "Int64", "number": "Float64", "boolean": "boolean", "date": "string", "list": "string"}


def dyad_years(directed: bool = False) -> "pd.DataFrame":
    """The dyad-year panel: one row per pair in scope and year (`directed=True`: per ordered pair).

    Counts are missing, not zero, where the pair, direction and table are outside systematic coverage
    (see `load("scope")`); the `*_systematic` columns say which.
    """
    return load("directed_dyad_years" if directed else "dyad_years")
