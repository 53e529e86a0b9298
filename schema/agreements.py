from __future__ import annotations

from typing import Annotated

from pydantic import Field

from schema.common import Money, Record, Strict, expand_scalar
from schema.types import CountryCode, EdtfDate, Text, VisitId
from schema.vocab import AgreementKind, AgreementStatus, Domain, PartyRole


class Party(Strict):
    country: CountryCode = Field(description="Country that is party to the agreement.")
    role: PartyRole = Field(PartyRole.party, description="Its role, where the agreement gives parties roles.")


class Agreement(Record):
    """A treaty, agreement, memorandum, joint statement, loan or grant between states."""

    title: Text = Field(description="Title or a short descriptive name.")
    kind: AgreementKind = Field(description="Legal form of the agreement.")
    parties: list[Annotated[Party, expand_scalar("country")]] = Field(
        min_length=2, description="States party to it (at least two), with roles where relevant."
    )
    domains: list[Domain] = Field(min_length=1, description="Fields the agreement covers.")
    status: AgreementStatus = Field(description="Latest known stage.")
    signed: EdtfDate | None = Field(None, description="Date signed (EDTF).")
    in_force: EdtfDate | None = Field(None, description="Date it entered into force (EDTF).")
    ended: EdtfDate | None = Field(None, description="Date it expired, was terminated or cancelled (EDTF).")
    place: Text | None = Field(None, description="Where it was signed.")
    value: Money | None = Field(None, description="Money committed, for loans, grants and deals.")
    signed_during: VisitId | None = Field(None, description="Visit during which it was signed.")
    summary: Text | None = Field(None, description="What it provides, in our own words.")
