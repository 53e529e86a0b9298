from __future__ import annotations

from pydantic import Field

from schema.common import Citations, Strict
from schema.types import CountryCode, CowAbbr, EdtfDate, StateNumber, Text


class CountryCrosswalk(Strict):
    """Codes that other datasets use for a country; the rest of the row comes from pycountry."""

    code: CountryCode = Field(description="ISO 3166-1 alpha-3 code, or ISO 3166-3 code of a former state.")
    name: Text | None = Field(None, description="Name, where ours should differ from ISO's.")
    cow_code: StateNumber | None = Field(None, description="Correlates of War state number (ccode).")
    cow_abbr: CowAbbr | None = Field(None, description="Correlates of War state abbreviation (stateabb).")
    gw_code: StateNumber | None = Field(None, description="Gleditsch–Ward state number.")
    earlier_cow_codes: list[StateNumber] | None = Field(
        None, min_length=1, description="Other Correlates of War numbers the state had in earlier years "
        "(DEU: 260, the German Federal Republic of 1955–1990); country_codes gives each its years.",
    )
    earlier_gw_codes: list[StateNumber] | None = Field(
        None, min_length=1, description="Other Gleditsch–Ward numbers the state had in earlier years.",
    )
    existed: EdtfDate | None = Field(
        None, description="When the state existed under this code (EDTF interval), where a COW or G–W number is "
        "shared with a predecessor or successor (SUN and RUS share 365): country_codes keeps each code to it.",
    )
    sipri_name: Text | None = Field(None, description="Name used by SIPRI's Arms Transfers Database.")
    sources: Citations
    notes: Text | None = Field(None, description="Caveats, in our own words.")
