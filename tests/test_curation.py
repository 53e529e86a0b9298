"""The floor the curated data may not fall below (issue: curate the records)."""

from __future__ import annotations

import pytest

from conftest import ROOT
from pipeline.cli import check

ARTICLES = ["mahapatra-2019-06-22-pakistan-japan", "haq-2015-xi-jinping-pakistan", "diplomat-2011-india-japan",
            "pant-2012-11-16-pakistan-russia", "rizvi-2018-pakistan-russia"]
EVENTS = ("visits", "agreements", "arms_deals")


@pytest.fixture(scope="module")
def records():
    found, problems = check(ROOT)
    assert not problems, "\n".join(map(str, problems[:20]))
    return found


def test_each_event_table_has_at_least_forty_records(records) -> None:
    counts = {t: len(records.by_table[t]) for t in EVENTS}
    assert min(counts.values()) >= 40, counts
    assert sum(counts.values()) >= 150


def test_four_in_five_event_records_cite_a_source_with_an_address(records) -> None:
    urls = {r.model.id for r in records.by_table["sources"] if r.model.url}
    events = [r for t in EVENTS for r in records.by_table[t]]
    with_url = [r for r in events if any(c.source in urls for c in r.model.sources)]
    assert all(r.model.sources for r in events)
    assert len(with_url) / len(events) >= 0.8


def test_every_reference_article_is_cited_and_every_source_is_used(records) -> None:
    cited = {c.source for r in records.all() for c in getattr(r.model, "sources", None) or []}
    cited |= {r.model.via for r in records.by_table["sources"] if r.model.via}
    assert set(ARTICLES) <= cited
    unused = sorted(r.model.id for r in records.by_table["sources"] if r.model.id not in cited)
    assert unused == [], f"sources no record cites: {unused[:10]}"
