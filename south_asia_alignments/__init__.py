"""South Asia alignments: agreements, official visits and arms deals, as typed pandas tables.

    >>> import south_asia_alignments as saa
    >>> saa.tables()
    >>> saa.load("arms_deals")
    >>> saa.dyad_years()            # counts per pair and year, missing outside systematic coverage

Importing reads only the version; pandas is imported when a table is first loaded.
"""

from south_asia_alignments._data import datapackage, describe, dyad_years, load, tables, version

__version__: str = version()
__all__ = ["__version__", "datapackage", "describe", "dyad_years", "load", "tables"]
