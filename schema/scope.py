"""records/scope.yaml: what the register claims to hold completely, so a zero can mean "nothing happened".

For each country pair in scope, and each table, the file says from when the events were collected
systematically, what kinds of event that covers, how complete the collection is, and which reference
lists it was checked against. Before a coverage's `start`, records are milestones only.

Arms deals are directed (supplier → recipient) and are declared per recipient: "every supplier to
India", or one supplier only ("Russia to China").
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated

from pydantic import Field

from schema.common import Strict
from schema.edtf import bounds
from schema.types import CountryCode, EdtfDate, SourceId, Text
from schema.vocab import AgreementKind, ArmsCategory, Completeness, VisitorRole

# The last year the register declares complete; a panel never runs past it.
Year = Annotated[int, Field(ge=1900, le=2100)]


class Gap(Strict):
    """A stretch inside a systematic claim that no list, count or dated statement closes."""

    start: EdtfDate = Field(description="First day of the stretch (EDTF).")
    end: EdtfDate = Field(description="Last day of the stretch (EDTF).")
    why: Text = Field(description="What is not closed there, and what was searched.")
    roles: list[VisitorRole] | None = Field(
        None, min_length=1, description="Visits only: the visitor roles whose travel is open in the stretch (a "
        "foreign minister's, say, while the leaders' is closed); the years it touches are then left out only of "
        "the counts that include these roles. Empty: every role the claim collects."
    )

    def concerns(self, roles: Iterable[VisitorRole] | None) -> bool:
        """Whether the stretch is open for any of `roles` (None: for anything the claim collects)."""
        return roles is None or self.roles is None or not set(self.roles).isdisjoint(roles)


class Coverage(Strict):
    """How one table was collected for one pair (or one recipient, for arms deals)."""

    completeness: Completeness = Field(
        description="systematic: every event in scope from `start` was sought in the reference lists and recorded; "
        "partial: collected, but not yet checked against a complete list; milestones_only: major events only."
    )
    start: EdtfDate = Field(description="First day of the period this completeness applies to (EDTF).")
    end: EdtfDate | None = Field(
        None, description="Last day of that period (EDTF); empty: up to the end of the last complete year."
    )
    includes: Text = Field(description="What the collection covers, in words.")
    reference_lists: list[SourceId] | None = Field(
        None, min_length=1, description="Source ids of the complete lists the records were checked against."
    )
    evidence: list[SourceId] | None = Field(
        None, min_length=1, description="Further sources the claim rests on where no list reaches: official visit "
        "counts, dated 'first visit since' statements, lists of a leader's travel that show no visit."
    )
    gaps: list[Gap] | None = Field(
        None, min_length=1, description="Stretches inside a systematic claim that are not closed (a leader's travel "
        "no list or statement bounds, a document known but not found): every calendar year a gap touches is left "
        "out of the claim, so the panel's counts for it are missing, not zero."
    )
    notes: Text | None = Field(None, description="Caveats: known gaps, how the lists were used.")


def period(coverage: Coverage, last_complete_year: int) -> tuple[date | None, date | None]:
    """The first and last day a coverage may cover: `start` at its earliest, `end` at its latest, or else
    31 December of the last complete year."""
    end = bounds(coverage.end).latest if coverage.end else date(last_complete_year, 12, 31)
    return bounds(coverage.start).earliest, end


def gap_years(coverage: Coverage, roles: Iterable[VisitorRole] | None = None) -> frozenset[int]:
    """Every calendar year a gap of the coverage touches, each gap's dates taken at their widest; with `roles`,
    only the gaps that concern one of them (a gap naming no roles concerns every role)."""
    wanted = None if roles is None else frozenset(roles)
    years: set[int] = set()
    for gap in coverage.gaps or []:
        if not gap.concerns(wanted):
            continue
        start, end = bounds(gap.start).earliest, bounds(gap.end).latest
        if start and end:
            years.update(range(start.year, end.year + 1))
    return frozenset(years)


class VisitCoverage(Coverage):
    roles: list[VisitorRole] = Field(
        min_length=1, description="Visitor roles collected, in both directions; counts in the panel use only these."
    )


class AgreementCoverage(Coverage):
    kinds: list[AgreementKind] = Field(
        min_length=1, description="Kinds of agreement collected; counts in the panel use only these."
    )
    signed_during_roles: list[VisitorRole] | None = Field(
        None, min_length=1, description="Where given, only agreements signed during a visit by one of these roles "
        "are collected, and only they are counted in the panel (the joint statements of leaders' visits, say); "
        "the pair's visits must be collected for these roles. Empty: agreements signed on any occasion."
    )
    signatory_roles: list[VisitorRole] | None = Field(
        None, min_length=1, description="Where given, only agreements signed or issued for every party by one of "
        "these offices are collected, and only they are counted in the panel (the leaders' joint statements, "
        "wherever the leaders met, say); in a systematic claim every agreement of the pair of these kinds names "
        "each party's signatory. Empty: agreements signed at any level."
    )


def on_claimed_occasion(coverage: AgreementCoverage, occasion_role: VisitorRole | None) -> bool:
    """Whether an agreement signed during a visit by `occasion_role` (None: no visit named) is among those the
    claim collects: any occasion where `signed_during_roles` is not given."""
    return coverage.signed_during_roles is None or occasion_role in coverage.signed_during_roles


class ArmsCoverage(Coverage):
    categories: list[ArmsCategory] = Field(
        min_length=1, description="Weapon categories collected (SIPRI's major conventional weapons)."
    )


class PairScope(Strict):
    """Visits (both directions) and agreements between two states."""

    countries: list[CountryCode] = Field(min_length=2, max_length=2, description="The pair, in alphabetical order.")
    visits: VisitCoverage = Field(description="Visits in both directions.")
    agreements: AgreementCoverage = Field(description="Agreements between the two.")


class ArmsScope(ArmsCoverage):
    """Arms deals to one recipient, from every supplier or from one."""

    recipient: CountryCode = Field(description="Receiving state.")
    supplier: CountryCode | None = Field(None, description="Supplying state; empty: every supplier.")


class Scope(Strict):
    """The whole file."""

    last_complete_year: Year = Field(description="Last calendar year the register claims complete; panels end there.")
    pairs: list[PairScope] = Field(min_length=1, description="Country pairs in scope for visits and agreements.")
    arms_deals: list[ArmsScope] = Field(min_length=1, description="Arms transfers in scope, by recipient.")
