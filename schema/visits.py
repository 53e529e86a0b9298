from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from schema.common import Record, Strict
from schema.types import CountryCode, EdtfDate, ListItem, Text
from schema.vocab import VisitKind, VisitorRole, VisitStatus


class Visitor(Strict):
    name: Text | None = Field(None, description="Who led the visit, as the source names them.")
    office: Text | None = Field(None, description="Their office at the time.")
    role: VisitorRole = Field(description="Kind of office, for comparisons across countries.")


class Visit(Record):
    """An official visit, delegation or dialogue round from one state to another."""

    EVENT_DATE: ClassVar[tuple[str, ...]] = ("start",)

    visitor: Visitor = Field(description="Who visited.")
    from_country: CountryCode = Field(description="Country the visitor represents.")
    to_country: CountryCode = Field(description="Country visited.")
    places: list[ListItem] | None = Field(None, min_length=1, description="Cities or sites visited.")
    event: Text | None = Field(None, description="Conference, summit or dialogue attended, if any.")
    start: EdtfDate | None = Field(None, description="First day (EDTF).")
    end: EdtfDate | None = Field(None, description="Last day (EDTF).")
    kind: VisitKind = Field(description="Protocol level or format of the visit.")
    status: VisitStatus = Field(description="Whether it took place.")
    purpose: Text | None = Field(None, description="Why it was made, in our own words.")
    outcomes: Text | None = Field(None, description="What came of it, in our own words.")
