from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from schema.common import Money, Record, Strict
from schema.types import (
    AgreementId,
    Bool,
    CountryCode,
    EdtfDate,
    PositiveInt,
    Text,
    VisitId,
)
from schema.vocab import (
    ArmsCategory,
    DealChannel,
    DealCondition,
    DealOutcome,
    DealStage,
)

# SIPRI's register starts in 1950; a year outside this range is a typing slip.
OrderYear = Annotated[int, Field(ge=1900, le=2100)]


class Delivery(Strict):
    date: EdtfDate = Field(description="When the items were delivered (EDTF): a day, month or year.")
    quantity: PositiveInt | None = Field(
        None, description="How many were delivered then; empty where the source gives only a total over several years."
    )
    notes: Text | None = Field(None, description="Caveats on this delivery, in our own words.")


class SipriReference(Strict):
    """The row of SIPRI's Trade Register this deal corresponds to: join on designation and order year.

    No trend-indicator values (TIV): SIPRI does not allow republishing them.
    """

    designation: Text = Field(description="SIPRI's weapon designation, exactly as the register writes it.")
    order_year: OrderYear = Field(description="The register's year of order, without its '?' (see `ordered`).")
    description: Text = Field(description="SIPRI's weapon description, as the register writes it.")
    comment: Text | None = Field(None, description="The register's comment on the row, quoted as written.")


class ArmsDeal(Record):
    """A transfer of major weapons: reported, negotiated, ordered or delivered, and how it ended."""

    EVENT_DATE: ClassVar[tuple[str, ...]] = ("ordered", "reported", "deliveries.0.date")

    supplier: CountryCode = Field(description="Supplying state.")
    recipient: CountryCode = Field(description="Receiving state.")
    designation: Text | None = Field(None, description="Weapon designation, e.g. Mi-35M.")
    description: Text = Field(description="What the weapon is, briefly.")
    category: ArmsCategory = Field(
        description="Weapon category, after SIPRI's categories. For register rows this is our classification "
        "of SIPRI's weapon description (one declared table, pipeline/importers/sipri_categories.py), not SIPRI's."
    )
    condition: DealCondition | None = Field(
        None, description="New, second-hand, or second-hand and modernised before delivery; empty if not known."
    )
    quantity: PositiveInt | None = Field(None, description="Number ordered; empty where the source is vague.")
    quantity_uncertain: Bool = Field(False, description="True where the source marks the number ordered as uncertain "
                                     "(SIPRI's '?'); the number is its best estimate.")
    reported: EdtfDate | None = Field(None, description="When the deal was first reported, from its sources (EDTF).")
    ordered: EdtfDate | None = Field(None, description="Date of order or contract (EDTF); '2015?' where the year is uncertain.")
    stage: DealStage = Field(description="Furthest stage reached.")
    outcome: DealOutcome | None = Field(None, description="How it ended short of delivery in full (cancelled, "
                                        "stalled); empty for none.")
    deliveries: list[Delivery] | None = Field(None, min_length=1, description="Deliveries made, in order.")
    quantity_delivered: PositiveInt | None = Field(
        None, description="Number delivered in all, where the source gives a total; empty if none or not known."
    )
    quantity_delivered_uncertain: Bool = Field(
        False, description="True where the source marks the number delivered as uncertain (SIPRI's '?')."
    )
    value: Money | None = Field(None, description="Value of the deal.")
    channel: DealChannel = Field(DealChannel.unknown, description="How the transfer was arranged: a sale between "
                                 "governments, FMS, commercial, licensed production, aid or lease.")
    agreement: AgreementId | None = Field(None, description="Agreement the deal was made under.")
    signed_during: VisitId | None = Field(None, description="Visit during which the deal was signed.")
    sipri: SipriReference | None = Field(None, description="The row of SIPRI's Trade Register this deal matches.")
