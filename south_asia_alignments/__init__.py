"""South Asia alignments: agreements, official visits and arms deals, as typed pandas tables.

    >>> import south_asia_alignments as saa
    >>> saa.tables()
    >>> saa.load("arms_deals")
    >>> saa.dyad_years()            # counts per pair and year, missing outside systematic coverage
    >>> saa.path("visits", format="parquet")   # a file for DuckDB, polars, Spark (needs the parquet extra)
    >>> saa.to_sqlite("saa.sqlite")  # one SQLite file, typed and keyed, with full-text search
    >>> print(saa.cite())

Importing reads only the version; pandas is imported when a table is first loaded.
"""

from south_asia_alignments._cite import cite
from south_asia_alignments._data import (
           datapackage,
           describe,
           dyad_years,
           load,
           tables,
           version,
)
from south_asia_alignments._exports import csv_types, path, to_parquet, to_sqlite

__version__: str = version()
__all__ = ["__version__", "cite", "csv_types", "datapackage", "describe", "dyad_years", "load", "path", "tables",
           "to_parquet", "to_sqlite"]
