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
    if records.scope is not None:  # a reference list the scope file names is used: it backs a completeness claim
        scope = records.scope.model
        for coverage in [c for pair in scope.pairs for c in (pair.visits, pair.agreements)] + list(scope.arms_deals):
            cited |= set(coverage.reference_lists or []) | set(coverage.evidence or [])
    assert set(ARTICLES) <= cited
    unused = sorted(r.model.id for r in records.by_table["sources"] if r.model.id not in cited)
    assert unused == [], f"sources no record cites: {unused[:10]}"


_FREE_TEXT = ("notes", "purpose", "outcomes", "summary", "description")
_RUN = 8  # words in a row shared with a source make a copied passage


def _words(text: str) -> list[str]:
    import re

    text = re.sub(r"\S+\.[a-z]{2,}/\S*", " ", text.lower())  # a quoted web address is a citation
    return re.findall(r"[a-z0-9]+", text)


def _free_text(model: object) -> list[str]:
    from pydantic import BaseModel

    found = []
    for name, value in model:  # type: ignore[attr-defined]
        if name in _FREE_TEXT and isinstance(value, str):
            found.append(value)
        elif isinstance(value, BaseModel):
            found += _free_text(value)
        elif isinstance(value, list):
            found += [t for item in value if isinstance(item, BaseModel) for t in _free_text(item)]
    return found


def test_free_text_copies_no_passage_from_the_reference_articles(records) -> None:
    articles = ROOT.parent / "shared" / "sources"
    texts = sorted(articles.glob("0*.txt"))
    if not texts:
        pytest.skip("the reference articles are not beside this checkout")
    runs = set()
    for path in texts:
        words = _words(path.read_text(encoding="utf-8"))
        runs |= {tuple(words[i:i + _RUN]) for i in range(len(words) - _RUN + 1)}
    copied = []
    for r in records.all():
        for text in _free_text(r.model):
            words = _words(text)
            shared = [" ".join(words[i:i + _RUN]) for i in range(len(words) - _RUN + 1) if tuple(words[i:i + _RUN]) in runs]
            if shared:
                copied.append(f"{r.path}: {shared[0]!r}")
    assert copied == [], "\n".join(copied)


def test_weak_sources_are_at_most_three_percent_of_the_sources(records) -> None:
    sources = records.by_table["sources"]
    weak = [r.model.id for r in sources if r.model.reliability == "weak"]
    assert len(weak) / len(sources) <= 0.03, f"{len(weak)} of {len(sources)} sources are weak"
