"""Arms deals: the stage reached is an ordered vocabulary, and how a deal ended is kept apart from it."""

from __future__ import annotations

import south_asia_alignments as saa
from schema.vocab import ORDERED_VOCABULARIES, DealOutcome, DealStage


def test_stages_are_ordered_and_outcomes_are_not() -> None:
    assert DealStage in ORDERED_VOCABULARIES and DealOutcome not in ORDERED_VOCABULARIES
    assert not {o.value for o in DealOutcome} & {s.value for s in DealStage}


def test_a_cancelled_deal_keeps_the_stage_it_reached() -> None:
    deals = saa.load("arms_deals").set_index("id")
    assert deals.loc["2012-france-india-rafale-mmrca", ["stage", "outcome"]].tolist() == ["negotiating", "cancelled"]
    assert deals.loc["2018-turkey-pakistan-t129", ["stage", "outcome"]].tolist() == ["ordered", "stalled"]
    assert deals["stage"].cat.ordered and not deals["outcome"].cat.ordered


def test_every_arms_deal_has_a_date() -> None:
    deals = saa.load("arms_deals")
    dated = deals[["reported_earliest", "ordered_earliest"]].notna().any(axis=1)
    delivered = set(saa.load("arms_deal_deliveries").arms_deal_id)
    assert (dated | deals.id.isin(delivered)).all()
