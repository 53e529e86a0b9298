"""records/retired.yaml: ids that were published once and are gone, each with why and what replaces it.

An id released in a version never disappears silently (analysts join on it): removing or renaming a
record is allowed only with an entry here, and a retired id can never be used again.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from schema.common import Strict
from schema.registry import TABLES
from schema.types import RecordId, Text

# Countries are keyed by ISO codes that the table always lists (from pycountry): never retired.
RetiredTable = StrEnum("RetiredTable", {t.name: t.name for t in TABLES if t.key == "id"})  # type: ignore[misc]


class Retirement(Strict):
    id: RecordId = Field(description="The id that is no longer in use.")
    table: RetiredTable = Field(description="The table the id was published in.")
    reason: Text = Field(description="Why the record went: a duplicate of another, renamed, found to be wrong …")
    replaced_by: RecordId | None = Field(
        None, description="The id that now holds the record's facts, where there is one; it must exist."
    )


class RetiredList(Strict):
    """The whole file: `retired:` and a list of entries."""

    retired: list[Retirement] = Field(description="Retired ids, oldest first.")
