from __future__ import annotations

from pydantic import Field

from schema.common import Strict
from schema.types import EdtfDate, Language, ListItem, RecordId, SourceId, Text, Url
from schema.vocab import SourceKind, SourceReliability, TitleKind


class Source(Strict):
    """A published text the records cite: a news report, statement, analysis or dataset."""

    id: RecordId = Field(description="Stable identifier; equals the record's file name.")
    title: Text = Field(description="Title as published, unless title_kind says otherwise.")
    title_kind: TitleKind = Field(
        TitleKind.as_published,
        description="as_published; from_address where the page showed no headline and the title repeats "
        "the words of its address; descriptive where the title is our own description.",
    )
    publisher: Text | None = Field(None, description="Outlet, agency or body that published it.")
    authors: list[ListItem] | None = Field(None, min_length=1, description="Authors as named in the source.")
    published: EdtfDate | None = Field(None, description="Publication date (EDTF) as precise as known.")
    url: Url | None = Field(None, description="Address where the text was read; absent only where none exists.")
    language: Language = Field(description="ISO 639-1 code of the text's language.")
    kind: SourceKind = Field(description="What sort of text it is.")
    reliability: SourceReliability = Field(
        description="How far the publisher can be trusted for facts (CONTRIBUTING.md, 'Source reliability')."
    )
    via: SourceId | None = Field(None, description="Source in which this one was read, when quoted there.")
    notes: Text | None = Field(None, description="Caveats about the source, in our own words.")
