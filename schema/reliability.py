"""Which publishers the register does not accept for facts, which are finding aids only, and which are
news agencies (whose copies on other sites take the host's class).

One place for these lists, so the check and CONTRIBUTING.md ("Source reliability") say the same. A
source is matched by the host of its `url` (a `www.` prefix and subdomains included); a copy of a
blocked outlet on another site is matched by the outlet's name in its `publisher` ("UrduPoint (Sputnik)"),
and so is an agency's report carried by another site ("Business Standard (PTI)", "AFP (via France 24)").
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

# State propaganda and disinformation outlets: never a source of fact (EU-sanctioned or state-run outlets
# whose reporting on these relationships is a state's messaging, not reporting).
BLOCKED: dict[str, str] = {
    "rt.com": "RT",
    "sputniknews.com": "Sputnik",
    "sputnikglobe.com": "Sputnik",
    "sputniknews.in": "Sputnik",
    "globaltimes.cn": "Global Times",
    "cgtn.com": "CGTN",
    "presstv.ir": "Press TV",
    "presstv.com": "Press TV",
    "sputnik.af": "Sputnik",
    "sputnikarabic.ae": "Sputnik",
    "cctv-america.com": "CGTN",  # CGTN America's name until 2016
    "news-front.info": "News Front",
    "katehon.com": "Katehon",
    "pravda-en.com": "Pravda",  # the "Pravda" (Portal Kombat) network
    "pravdareport.com": "Pravda.ru",
    "journal-neo.org": "New Eastern Outlook",
    "journal-neo.su": "New Eastern Outlook",
    "sott.net": "SOTT.net",
}

# Exam-preparation sites, aggregators, mirrors, blogs and forums: a lead to a better page, never enough alone.
WEAK: dict[str, str] = {
    "docslib.org": "a document mirror",
    "gov-base.info": "a copy of official pages on another site",
    "1eye.us": "a copy of other outlets' pages (jpost.1eye.us)",
    "indosinshutsu.com": "a copy of official pages on a business site",
    "globalnewsbulletin.org": "a copy of other outlets' reports",
    "readkong.com": "a document mirror",
    "kannadigaworld.com": "a copy of other outlets' reports",
    "zakhas.com": "a copy of other outlets' reports",
    "mynews24x7.in": "an aggregator",
    "keyanhelp.cn": "a copy of news-agency reports on an unrelated site",
    "scribd.com": "a document mirror",
    "yumpu.com": "a document mirror",
    "pdfcoffee.com": "a document mirror",
    "studocu.com": "a document mirror",
    "wikibin.org": "a wiki copy",
    "wikiclassic.com": "a copy of Wikipedia",
    "wikimili.com": "a copy of Wikipedia",
    "ycsk.com.cn": "a copy of other outlets' reports",
    "pltyw.com": "a copy of other outlets' reports",
    "baogaosu.com": "an aggregator",
    "wikipedia.org": "an encyclopedia anyone can edit",
    "jagranjosh.com": "an exam-preparation site",
    "byjus.com": "an exam-preparation site",
    "drishtiias.com": "an exam-preparation site",
    "insightsonindia.com": "an exam-preparation site",
    "clearias.com": "an exam-preparation site",
    "iasgyan.in": "an exam-preparation site",
    "testbook.com": "an exam-preparation site",
    "adda247.com": "an exam-preparation site",
    "gktoday.in": "an exam-preparation site",
    "affairscloud.com": "an exam-preparation site",
    "vajiramandravi.com": "an exam-preparation site",
    "nextias.com": "an exam-preparation site",
    "pwonlyias.com": "an exam-preparation site",
    "examrace.com": "an exam-preparation site",
    "civilsdaily.com": "an exam-preparation site",
    "bestcurrentaffairs.com": "an exam-preparation site",
    "gknow.in": "an exam-preparation site",
    "prepmate.in": "an exam-preparation site",
    "paperzz.com": "a document mirror",
    "jammu-kashmir.com": "a news archive of other outlets' reports",
    "millat.com": "a personal site republishing agency reports",
    "nakedoat.com": "a copy of Chinese government pages",
    "studyres.com": "a document mirror",
    "blogspot.com": "a blog",
    "wordpress.com": "a blog",
    "medium.com": "a blog",
    "tumblr.com": "a blog",
    "substack.com": "a newsletter",
    "defence.pk": "a forum",
    "defencepk.com": "a forum",
    "reddit.com": "a forum",
    "quora.com": "a forum",
    "bharat-rakshak.com": "a forum",
    "urdupoint.com": "an aggregator",
    "latestly.com": "an aggregator",
    "newsbreak.com": "an aggregator",
    "menafn.com": "a press-release aggregator",
    "einpresswire.com": "a press-release aggregator",
    "brahmand.com": "an aggregator",
    "topnews.in": "an aggregator",
    "vygrnews.com": "an aggregator",
    "9jaupdate24x7.com": "an aggregator",
    "almaghribtoday.net": "an aggregator",
    "asiaviews.net": "an aggregator",
    "gaeatimes.com": "an aggregator",
    "newskitchen.eu": "an aggregator",
    "pediastan.com": "an aggregator",
    "pledgetimes.com": "an aggregator",
    "rssing.com": "an aggregator",
    "sofx.com": "an aggregator",
    "survincity.com": "an aggregator",
    "tellerreport.com": "an aggregator",
    "thaindian.com": "an aggregator",
    "uknews360.com": "an aggregator",
    "webmarked.net": "an aggregator",
    "worldsnap.com": "an aggregator",
    "alert5.com": "a blog",
    "asian-defence.net": "a blog",
    "fighterjetsworld.com": "a blog",
}


# scheme://host, then a path, query, fragment, a numeric port or the end: no user info, no IPv6 literal.
_PLAIN_HOST = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://([A-Za-z0-9.-]*)(?=[/?#]|:[0-9]*(?:[/?#]|$)|$)")


@functools.lru_cache(maxsize=256)  # each source's url is asked about twice in a row (blocked, then weak)
def host(url: str) -> str:
    plain = _PLAIN_HOST.match(url)  # nearly every url: a regex, not urlsplit (a tenth of a second at 20,000)
    name = (plain.group(1) if plain else urlsplit(url).hostname or "").lower().rstrip(".")
    return name.removeprefix("www.")


def _match(url: str | None, table: dict[str, str]) -> tuple[str, str] | None:
    """The listed domain the url's host is, or is under (the longest that fits): a lookup per label,
    not a scan of the list per url."""
    if not url:
        return None
    labels = host(url).split(".")
    for i in range(len(labels)):
        domain = ".".join(labels[i:])
        if domain in table:
            return domain, table[domain]
    return None


# Sites that carry many publishers' pages as those published them (web archives, replica editions, uploaded
# documents, social platforms): a page there keeps its publisher's class, so one such site holds several.
PLATFORMS: dict[str, str] = {
    "archive.org": "a web archive",
    "archive.ph": "a web archive",
    "archive.today": "a web archive",
    "archive.is": "a web archive",
    "pressreader.com": "replica editions of newspapers",
    "issuu.com": "documents uploaded by their publishers",
    "youtube.com": "videos posted by their publishers",
    "x.com": "posts by their authors",
    "twitter.com": "posts by their authors",
    "facebook.com": "posts by their authors",
    "t.me": "posts by their authors",
}

_MOBILE = ("m.", "amp.", "mobile.")  # the same site's mobile pages: m.rediff.com is rediff.com


def site(url: str | None) -> str | None:
    """The site whose pages take one class ("Class by publisher"): the url's host less `www.` or a mobile
    prefix; None where there is no url or it is a platform's (PLATFORMS)."""
    if not url or _match(url, PLATFORMS):
        return None
    name = host(url)
    for prefix in _MOBILE:
        if name.startswith(prefix) and name.count(".") > 1:
            return name.removeprefix(prefix)
    return name


def blocked(url: str | None) -> tuple[str, str] | None:
    """(domain, outlet) where the url is a blocked outlet's."""
    return _match(url, BLOCKED)


# One pattern for every outlet, longest names first ("Pravda.ru" before "Pravda"), as a whole word.
_OUTLET_NAMED = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(o) for o in sorted(set(BLOCKED.values()), key=len, reverse=True)) + r")(?![\w])")


def blocked_copy(publisher: str | None) -> str | None:
    """The blocked outlet a publisher names, as a republisher's source does: 'UrduPoint (Sputnik)'."""
    if not publisher:
        return None
    found = _OUTLET_NAMED.search(publisher)
    return found.group(1) if found else None


def weak(url: str | None) -> tuple[str, str] | None:
    """(domain, what it is) where the url is a finding aid's."""
    return _match(url, WEAK)


# News agencies, by the names publishers give them: `wire_agency` is for their own sites; their reports on
# another site are classed by that site ("Class by publisher" in CONTRIBUTING.md).
AGENCIES: frozenset[str] = frozenset({
    "PTI", "Press Trust of India", "ANI", "IANS", "Indo Asian News Service", "Reuters", "AFP", "AP",
    "Associated Press", "Kyodo", "Jiji", "Interfax", "Anadolu", "Anadolu Agency", "Anatolia", "DPA", "UPI",
    "Bernama", "Kazinform", "Pakistan Press International", "Yonhap", "EFE", "Xinhua", "TASS",
})
_AGENCY = "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True))
_CARRIED = (
    re.compile(rf"^(?:{_AGENCY}) \((?:via|on) (?P<host>.+)\)$"),  # "AFP (via France 24)", "AFP (on Solar Daily)"
    re.compile(rf"^(?P<host>.+?) \((?:{_AGENCY})\)$"),  # "Business Standard (PTI)"
    re.compile(rf"^(?P<host>.+?), (?:{_AGENCY})$"),  # "The Telegraph (Kolkata), Reuters"
)


def carried_by(publisher: str | None) -> str | None:
    """The site that carries an agency's report, where the publisher names both: 'Rediff (PTI)' -> 'Rediff'."""
    for pattern in _CARRIED:
        if publisher and (found := pattern.match(publisher.strip())):
            host_name = found.group("host")
            return None if host_name in AGENCIES else host_name
    return None
