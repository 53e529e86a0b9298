"""schema/reliability.py: which urls and publishers the source rules treat as blocked or as finding aids."""

from __future__ import annotations

import pytest

from schema import reliability


@pytest.mark.parametrize("url", [
    "https://www.rt.com/news/1/", "https://sputnikglobe.com/2019/x.html", "http://america.cgtn.com/2016/a",
])
def test_blocked_outlets_are_matched_by_host_and_subdomain(url: str) -> None:
    assert reliability.blocked(url) is not None


@pytest.mark.parametrize("url", ["https://www.art.com/x", "https://notrt.com/x", "https://www.dawn.com/news/1", None])
def test_other_hosts_are_not_blocked(url: str | None) -> None:
    assert reliability.blocked(url) is None


@pytest.mark.parametrize("publisher, outlet", [
    ("UrduPoint (Sputnik)", "Sputnik"), ("Katehon", "Katehon"), ("Pravda.ru", "Pravda.ru"),
])
def test_a_republished_copy_is_matched_by_the_outlet_named_in_its_publisher(publisher: str, outlet: str) -> None:
    assert reliability.blocked_copy(publisher) == outlet


@pytest.mark.parametrize("publisher", ["Dawn (APP)", "Devdiscourse (PTI)", "ART News", "Sputniks Digest", None])
def test_publishers_merely_resembling_an_outlet_are_not_blocked(publisher: str | None) -> None:
    assert reliability.blocked_copy(publisher) is None


def test_finding_aids_are_matched_and_say_what_they_are() -> None:
    assert reliability.weak("https://en.wikipedia.org/wiki/X") == ("wikipedia.org", "an encyclopedia anyone can edit")
    assert reliability.weak("https://thepakistaniblog.blogspot.com/2010/04/x.html") == ("blogspot.com", "a blog")
    assert reliability.weak("https://www.thehindu.com/news/x") is None


@pytest.mark.parametrize("url", [
    "https://www.Dawn.com/news/1", "http://user:pw@rt.com/x", "http://user@sputniknews.com", "http://rt.com:8080/a",
    "http://[::1]:80/", "https://WWW.Dawn.COM.", "http://a.b:x@rt.com/", "https://rt.com?q=1", "https://rt.com#f",
])
def test_the_host_is_the_one_urlsplit_finds(url: str) -> None:
    # the regex fast path must never name another host than urllib does (user info, ports, IPv6)
    from urllib.parse import urlsplit
    expected = (urlsplit(url).hostname or "").lower().rstrip(".").removeprefix("www.")
    assert reliability.host(url) == expected


@pytest.mark.parametrize("publisher, site", [
    ("Business Standard (PTI)", "Business Standard"),  # the host, then the agency
    ("AFP (via France 24)", "France 24"),  # the agency, then where it was read
    ("AFP (on Solar Daily)", "Solar Daily"),
    ("The Telegraph (Kolkata), Reuters", "The Telegraph (Kolkata)"),
    ("Reuters", None),  # an agency on its own site
    ("İhlas Haber Ajansı (İHA)", None),  # an agency with its own abbreviation
    ("Interfax-Russia (interfax-russia.ru)", None),
    ("Dawn", None),
    (None, None),
])
def test_an_agency_report_carried_by_another_site_names_that_site(publisher: str | None, site: str | None) -> None:
    assert reliability.carried_by(publisher) == site


@pytest.mark.parametrize("url, site", [
    ("https://www.dawn.com/news/1", "dawn.com"),
    ("https://m.rediff.com/news/x.htm", "rediff.com"),  # a site's mobile pages are the site
    ("https://frontline.thehindu.com/x", "frontline.thehindu.com"),  # another publication of the group is not
    ("https://m.com/x", "m.com"),  # a bare name is not a mobile prefix
    ("https://web.archive.org/web/2010/http://mea.gov.in/x", None),  # an archive keeps each page's publisher
    ("https://www.youtube.com/watch?v=x", None),
    (None, None),
])
def test_the_site_whose_pages_share_a_class(url: str | None, site: str | None) -> None:
    assert reliability.site(url) == site
