from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from schema.common import Money, Record, Strict
from schema.types import AgreementId, CountryCode, EdtfDate, PositiveInt, Text
from schema.vocab import ArmsCategory, DealChannel, DealStatus


class Delivery(Strict):
    date: EdtfDate = Field(description="When the items were delivered (EDTF).")
    quantity: PositiveInt | None = Field(None, description="How many were delivered then, if known.")
    notes: Text | None = Field(None, description="Caveats on this delivery, in our own words.")


class ArmsDeal(Record):
    """A transfer of major weapons: ordered, reported, delivered or cancelled."""

    EVENT_DATE: ClassVar[tuple[str, ...]] = ("ordered", "deliveries.0.date")

    supplier: CountryCode = Field(description="Supplying state.")
    recipient: CountryCode = Field(description="Receiving state.")
    designation: Text | None = Field(None, description="Weapon designation, e.g. Mi-35M.")
    description: Text = Field(description="What the weapon is, briefly.")
    category: ArmsCategory = Field(description="SIPRI weapon category.")
    quantity: PositiveInt | None = Field(None, description="Number ordered; empty where the source is vague.")
    ordered: EdtfDate | None = Field(None, description="Date of order or agreement (EDTF).")
    status: DealStatus = Field(description="Latest known stage.")
    deliveries: list[Delivery] | None = Field(None, min_length=1, description="Deliveries made, in order.")
    value: Money | None = Field(None, description="Value of the deal.")
    channel: DealChannel = Field(DealChannel.unknown, description="How the transfer was arranged.")
    agreement: AgreementId | None = Field(None, description="Agreement the deal was made under.")
