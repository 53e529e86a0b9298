"""South Asia alignments: agreements, official visits and arms deals, as typed pandas tables.

    >>> import south_asia_alignments as saa
    >>> saa.tables()
    >>> saa.load("arms_deals")

Importing reads only the version; pandas is imported when a table is first loaded.
"""

from south_asia_alignments._data import datapackage, describe, load, tables, version

__version__: str = version()
__all__ = ["__version__", "datapackage", "describe", "load", "tables"]
