"""Write each table of the Data Package to a Parquet file with its Table Schema's types (needs pyarrow).

Dates are DATE (date32), integers int64, numbers float64, booleans bool, lists lists, fields with a
vocabulary dictionaries over the whole vocabulary (ordered where the schema says so), and other text
strings; a required field is non-nullable; each column carries its description. Snappy compression and
no Arrow-only types, so DuckDB, polars and Spark read the files as they are.
"""

from __future__ import annotations

import csv
import io
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from south_asia_alignments._cells import typed
from south_asia_alignments._sqlite import table_resources

try:
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as error:  # an optional extra: the loader needs pandas only
    raise ImportError("Parquet needs pyarrow: pip install 'south-asia-alignments[parquet]'") from error


def arrow_type(field: dict[str, Any]) -> pa.DataType:
    kind = field["type"]
    if field.get("constraints", {}).get("enum"):
        return pa.dictionary(pa.int32(), pa.string(), ordered=bool(field.get("categoriesOrdered")))
    if kind == "list":
        return pa.list_(pa.int64() if field.get("itemType") == "integer" else pa.string())
    return {"integer": pa.int64(), "year": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
            "date": pa.date32()}.get(kind, pa.string())


def _column(field: dict[str, Any], texts: list[str]) -> pa.Array:
    kind = arrow_type(field)
    values = [typed(field, t) for t in texts]
    if pa.types.is_dictionary(kind):
        vocabulary = list(field["constraints"]["enum"])
        index = {v: i for i, v in enumerate(vocabulary)}
        return pa.DictionaryArray.from_arrays(pa.array([None if v is None else index[v] for v in values], pa.int32()),
                                              pa.array(vocabulary, pa.string()), ordered=kind.ordered)
    return pa.array(values, kind)


def table(root: Traversable | Path, resource: dict[str, Any]) -> pa.Table:
    fields = resource["schema"]["fields"]
    with root.joinpath(resource["path"]).open("rb") as handle:
        reader = csv.reader(io.TextIOWrapper(handle, encoding="utf-8", newline=""))
        if next(reader) != [f["name"] for f in fields]:
            raise ValueError(f"{resource['path']}: header differs from the schema's fields")
        lines = list(reader)
    columns = [[line[i] for line in lines] for i in range(len(fields))]
    schema = pa.schema([
        pa.field(f["name"], arrow_type(f), nullable=not f.get("constraints", {}).get("required", False),
                 metadata={"description": f.get("description", "")})
        for f in fields
    ], metadata={"description": resource.get("description", "")})
    return pa.Table.from_arrays([_column(f, c) for f, c in zip(fields, columns, strict=True)], schema=schema)


def write(root: Traversable | Path, descriptor: dict[str, Any], folder: Path) -> dict[str, int]:
    """Write `<folder>/<table>.parquet` for every table resource; table name → rows written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    for resource in table_resources(descriptor):
        data = table(root, resource)
        pq.write_table(data, folder / f"{resource['name']}.parquet", compression="snappy")
        counts[resource["name"]] = data.num_rows
    return counts
