"""What the Historian's remarks say about a trip: its protocol level, the event attended, and whether
the Secretary only accompanied the President. Only words the remarks contain decide; otherwise the
kind is `other`, as curators write it when no source names the level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from schema.vocab import VisitKind

# Protocol levels as the State Department names them, most specific first.
_PROTOCOL: tuple[tuple[re.Pattern[str], VisitKind, str], ...] = (
    (re.compile(r"\bstate visit\b", re.IGNORECASE), VisitKind.state, "a state visit"),
    (re.compile(r"\bofficial working visit\b", re.IGNORECASE), VisitKind.working, "an official working visit"),
    (re.compile(r"\bofficial visit\b", re.IGNORECASE), VisitKind.official, "an official visit"),
    (re.compile(r"\bworking visit\b", re.IGNORECASE), VisitKind.working, "a working visit"),
)
_EVENT_WORDS = {"summit", "dialogue", "assembly", "meeting", "meetings", "conference", "committee"}
_DIALOGUE = re.compile(r"dialogue|consultative committee|2\+2", re.IGNORECASE)
_CONNECTORS = {"of", "and", "on", "to", "for"}
# Capitalised only because they open a sentence: never the start of an event's name.
_VERBS = {"Attended", "Accompanied", "Participated", "Met", "Led", "Addressed", "Announced", "Signed", "Also",
          "Visited", "Discussed", "Offered", "Stopped", "Toured", "Promoted", "Returned", "With", "Co-chaired"}
_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+")  # U.N., U.S.: the full stop does not end the name
_ACCOMPANIED = re.compile(r"^\s*Accompanied (?:the )?President\b")
_STOPOVER = re.compile(r"^\s*Stopped (?:en route|while returning)\b")


@dataclass(frozen=True)
class Reading:
    kind: VisitKind
    event: str | None
    protocol: str | None  # the level as the remarks name it ("an official working visit"), if they do


def _named(token: str) -> bool:
    """A word of a name: capitalised, a number (G-8, 75th, 2+2) or quoted/bracketed such."""
    core = token.lstrip("“\"'(")
    return bool(core) and (core[0].isupper() or core[0].isdigit()) and core not in _VERBS


def _is_event(run: list[str]) -> bool:
    """A capitalised event word ('Summit'), or the lower-case 'dialogue' of 'U.S.-India “2+2” dialogue'."""
    return any(w.lower() in _EVENT_WORDS and w[0].isupper() for w in run) or run[-1] == "dialogue"


def event(remarks: str) -> str | None:
    """The first run of name words that holds an event word: 'the G-8 Economic Summit.' → 'G-8 Economic Summit'."""
    run: list[str] = []
    for token in remarks.split() + ["."]:
        word = token if _ABBREVIATION.fullmatch(token) else token.rstrip(".,;:")
        ends = word != token
        if _named(word) or (run and (word.lower() in _CONNECTORS or word.lower() in _EVENT_WORDS)):
            run.append(word)
        else:
            ends = True
        if ends and run:
            while run and (run[-1].lower() in _CONNECTORS or run[-1] in ("meeting", "meetings")):
                run.pop()
            if run and _is_event(run):
                return " ".join(run)
            run = []
    return None


def read(remarks: str) -> Reading:
    found = event(remarks)
    for pattern, kind, phrase in _PROTOCOL:
        if pattern.search(remarks):
            return Reading(kind, found, phrase)
    if found:
        return Reading(VisitKind.dialogue if _DIALOGUE.search(found) else VisitKind.conference, found, None)
    return Reading(VisitKind.other, None, None)


def accompanies_president(remarks: str) -> bool:
    """The Secretary's entry records travel with the President, not a trip of the Secretary's own."""
    return bool(_ACCOMPANIED.match(remarks))


def stopover(remarks: str) -> bool:
    return bool(_STOPOVER.match(remarks))
