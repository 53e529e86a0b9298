from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from schema.common import Money, Record, Strict, expand_scalar
from schema.types import CountryCode, EdtfDate, Text, VisitId
from schema.vocab import (
    AgreementKind,
    AgreementOutcome,
    AgreementStage,
    Domain,
    PartyRole,
    VisitorRole,
)


class Party(Strict):
    country: CountryCode = Field(description="Country that is party to the agreement.")
    role: PartyRole = Field(PartyRole.party, description="Its role, where the agreement gives parties roles.")
    signatory: VisitorRole | None = Field(
        None, description="Office of the person who signed it, or issued it (a joint statement), for this party: "
        "head_of_government for a prime minister's joint statement. Empty: not recorded."
    )


class Agreement(Record):
    """A treaty, agreement, memorandum, joint statement, loan or grant between states."""

    EVENT_DATE: ClassVar[tuple[str, ...]] = ("signed", "in_force", "reported")

    title: Text = Field(description="Title or a short descriptive name.")
    kind: AgreementKind = Field(description="Legal form of the agreement.")
    parties: list[Annotated[Party, expand_scalar("country")]] = Field(
        min_length=2, description="States party to it (at least two), with roles where relevant."
    )
    domains: list[Domain] = Field(min_length=1, description="Fields the agreement covers.")
    stage: AgreementStage = Field(
        description="Furthest stage reached, an ordered progression: under_negotiation < agreed_in_principle < "
        "signed < in_force. What happened after it is in `outcome`."
    )
    outcome: AgreementOutcome | None = Field(
        None, description="How it stopped short or ended (stalled, cancelled, expired …); empty: none known."
    )
    reported: EdtfDate | None = Field(
        None, description="When it was first reported (EDTF): the date for an agreement not (yet) signed."
    )
    signed: EdtfDate | None = Field(None, description="Date signed (EDTF).")
    in_force: EdtfDate | None = Field(None, description="Date it entered into force (EDTF).")
    ended: EdtfDate | None = Field(None, description="Date it expired, was terminated or cancelled (EDTF).")
    place: Text | None = Field(None, description="Where it was signed.")
    value: Money | None = Field(None, description="Money committed, for loans, grants and deals.")
    signed_during: VisitId | None = Field(None, description="Visit during which it was signed.")
    summary: Text | None = Field(None, description="What it provides, in our own words.")
