"""Pieces every table shares: the model base, citations, money."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from schema.types import (
    Bool,
    Currency,
    PositiveDecimal,
    RecordId,
    Shorthand,
    SourceId,
    Text,
)


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, and so are assignments after validation."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


def _mapping_from_scalar(key: str):
    """Let a list item be written short (`- reuters-2020`) or long (`- {source: …, locator: …}`)."""
    return BeforeValidator(Shorthand(key))


class Citation(Strict):
    source: SourceId = Field(description="Id of the source record cited.")
    locator: Text | None = Field(
        None, description="Where in the source the fact stands: a paragraph, page or dated comment."
    )
    quote: Text | None = Field(
        None,
        description="The cited source's own words at the locator, quoted; only for public-domain or openly "
        "licensed sources.",
    )


Citations = Annotated[
    list[Annotated[Citation, _mapping_from_scalar("source")]],
    Field(min_length=1, description="The sources this record rests on, with locators where useful."),
]


class Money(Strict):
    amount: PositiveDecimal = Field(description="Amount in units of the currency, as a plain number.")
    currency: Currency = Field(description="ISO 4217 currency code.")
    approximate: Bool = Field(False, description="True where the source gives the amount as approximate.")


class Record(Strict):
    """An event record: agreements, visits and arms deals."""

    id: RecordId = Field(description="Stable identifier; equals the record's file name. Join on it.")
    sources: Citations
    notes: Text | None = Field(None, description="Caveats and disagreements between sources, in our own words.")


def expand_scalar(key: str) -> BeforeValidator:
    return _mapping_from_scalar(key)
