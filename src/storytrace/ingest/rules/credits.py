"""Who wrote it and who it came from: bylines, "Source:" footers, agency credit prefixes.

These lines are not story text, but they are exactly the metadata storytrace
needs to tell a credited copy from an uncredited one. Each rule here removes
the line (or the prefix) and has a reader (``read_*``) that turns the removed
text into a value; :class:`~storytrace.ingest.metadata.ExtractMetadata`
applies the readers to what the cleaning stage removed.

The shapes are strict so that prose is never mistaken for a credit: "By the
end of 2014, ..." is not a byline (lower-case, a sentence), "Source: officials
said the talks stalled" is not a source footer (not a name), and "Alabama Gov.
Jane Roe (R) said" is not a dateline (a party label, no dash).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from storytrace.ingest.rules._lines import SENTENCE_BREAK, Line, lines, n_words, remove
from storytrace.offsets import Edit
from storytrace.textnorm import fold

# --- names --------------------------------------------------------------------------------------

_NAME_WORD = (
    r"(?:[A-Z\u00c0-\u00de][\w'\u2019.\-]*|(?:de|da|del|della|van|von|der|den|bin|ibn|al|el|la|le|du|dos|ter|St\.)(?=\s))"
)
_NAME = rf"[A-Z\u00c0-\u00de][\w'\u2019.\-]*(?:\s+{_NAME_WORD}){{0,4}}"
#: One name, or a list "A, B and C" / "A & B".
_NAMES = rf"{_NAME}(?:(?:\s*,\s*{_NAME})*\s*(?:,\s*)?(?:\band\b|&)\s*{_NAME})?"

#: Words that start "By ..." phrases about time or manner, never a person.
_NOT_NAMES = frozenset({
    "early", "late", "mid", "then", "now", "today", "tonight", "tomorrow", "yesterday", "noon", "midnight",
    "dawn", "dusk", "morning", "afternoon", "evening", "night", "this", "that", "these", "those", "contrast",
    "comparison", "far", "law", "definition", "design", "default", "virtue", "way", "all", "most", "some",
    "many", "any", "no", "one", "two", "next", "last", "week", "year", "month", "end", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter", "election", "day",
    "spring", "summer", "fall", "autumn", "winter", "his", "her", "their", "its", "our", "my", "your",
    "itself", "himself", "herself", "themselves", "order", "means", "sending", "contrast,", "then,",
})
_MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})


def _looks_like_person(names: str) -> bool:
    """Whether ``names`` is people (or an organisation), not a time or a manner ("Early July")."""
    words = [w.strip(".,'\u2019").lower() for w in names.replace("&", " ").split()]
    words = [w for w in words if w and w != "and"]
    if not words or any(w in _NOT_NAMES for w in words):
        return False
    if words[0] == "the":
        return len(words) >= 3
    if len(words) == 1:
        # "By Reuters" yes; "By November" no.
        return names.strip().isupper() and len(names.strip()) >= 2
    # A month starts a name only when a name follows it ("April Ryan"), not a day number.
    return not (words[0] in _MONTHS and len(words) == 2 and words[1] in _MONTHS)


# --- bylines ------------------------------------------------------------------------------------

#: What may introduce a byline; the words before "by" hint at the genre ("Commentary by").
_BYLINE_PREFIX = (
    r"(?P<prefix>(?i:by|written by|words by|story by|text by|posted by|reported by|commentary by|analysis by"
    r"|opinion by|editorial by|column by|review by|an? (?:commentary|analysis|column|editorial) by))"
)
_BYLINE = re.compile(
    rf"^{_BYLINE_PREFIX}:?\s+(?P<names>{_NAMES})"
    r"(?P<rest>\s*(?:[,|/\u2014\u2013]|//|\s-\s|\(|\bfor\b).{0,90})?\s*$"
)
#: Bylines sit above or below the story, not in the middle.
BYLINE_TOP_ZONE = 4
BYLINE_BOTTOM_ZONE = 3
_MAX_BYLINE_WORDS = 20


class Byline(NamedTuple):
    """A parsed byline: the people, what stood before "by", and the affiliation after the names."""

    names: str
    prefix: str
    affiliation: str


def read_byline(line: str) -> Byline | None:
    """The byline in ``line`` if the whole line is one ("By Jane Roe, Staff writer"), else None."""
    # A run-in byline was removed with its separator ("By Jane Roe: ").
    text = " ".join(line.split()).rstrip(" :\u2014\u2013-")
    if n_words(text) > _MAX_BYLINE_WORDS or SENTENCE_BREAK.search(text):
        return None
    match = _BYLINE.match(text)
    if not match or not _looks_like_person(match.group("names")):
        return None
    rest = (match.group("rest") or "").strip()
    if rest.endswith(".") and not re.search(r"\b(?:[A-Z]|Jr|Sr|Inc|Co|Ltd)\.$", rest):
        return None
    affiliation = rest.lstrip(",|/\u2014\u2013-( ").rstrip(") ")
    if affiliation.lower().startswith("for "):
        affiliation = affiliation[4:]
    prefix = " ".join(match.group("prefix").lower().split())
    return Byline(match.group("names").strip(" ,"), prefix, affiliation)


#: A byline run into the first paragraph: "By Jane Roe: The council voted ..." (a colon or a spaced dash).
_BYLINE_RUN_IN = re.compile(
    rf"^(?P<byline>{_BYLINE_PREFIX}\s+(?P<names>{_NAMES}))\s*(?::|\s[\u2014\u2013-])\s+(?=[A-Z\u00c0-\u00de\"\u201c])"
)
#: The paragraph after a run-in byline is the story: at least this many words.
_MIN_RUN_IN_STORY_WORDS = 8


def run_in_byline(line: str) -> int:
    """The length of a byline opening ``line`` as a prefix ("By Jane Roe: The council ..."), else 0."""
    match = _BYLINE_RUN_IN.match(line)
    if not match or not _looks_like_person(match.group("names")):
        return 0
    if n_words(line[match.end() :]) < _MIN_RUN_IN_STORY_WORDS:
        return 0
    return match.end()


def bylines(text: str) -> list[Edit]:
    """Remove "By Jane Roe" lines at the top or bottom of the article (the name becomes ``byline``).

    A byline run into the first paragraph ("By Jane Roe: The council ...") loses its prefix only.

    Why: the byline is metadata; left in the text it would be counted as
    story words and make two copies of one story look different.
    """
    all_lines = lines(text)
    zone = {line.index for line in all_lines[:BYLINE_TOP_ZONE] + all_lines[-BYLINE_BOTTOM_ZONE:]}
    out = [remove(line, "byline") for line in all_lines if line.index in zone and read_byline(line.text)]
    if not out:
        for line in all_lines[:BYLINE_TOP_ZONE]:
            length = run_in_byline(line.text)
            if length:
                return [Edit(line.start, line.start + length, "", "byline")]
    return out


# --- "Source:" footers --------------------------------------------------------------------------

_SOURCE_WORD = r"(?:[A-Z\u00c0-\u00de0-9][\w'\u2019.&\-]*|of|the|and|for|de|on|in|&|[\w.-]+\.[a-z]{2,}(?:/\S*)?|https?://\S+)"
_SOURCE = re.compile(
    rf"^(?i:sources?)\s*:\s*(?P<name>{_SOURCE_WORD}(?:\s*,?\s+{_SOURCE_WORD}){{0,7}})\s*\.?$"
)
#: Only a footer in the last lines names where the article ran; higher up it credits a chart.
SOURCE_ZONE = 3


def read_source(line: str) -> str | None:
    """The name in a "Source: The Daily Example" line, else None (prose after "Source:" is not a name)."""
    match = _SOURCE.match(" ".join(line.split()))
    if not match:
        return None
    name = match.group("name").strip()
    if name.endswith(".") and not re.search(r"\b[A-Z]\.$", name):
        name = name[:-1]  # a full stop ends the line, not the name ("Center." but "U.S.")
    first = name.split()[0]
    return name if first[:1].isupper() or first[:1].isdigit() or "." in first else None


def source_lines(text: str) -> list[Edit]:
    """Remove "Source: <name>" lines: a footer (rule ``source``) or a chart's credit (rule ``caption``).

    Why: the line is a credit, not story text. In the last lines, after the
    story's last sentence, it names where a reposted article ran and becomes
    ``credit`` (and ``outlet`` when none is known); under a chart or table,
    or higher up, it credits data, so it is removed as a caption and says
    nothing about the article.
    """
    all_lines = lines(text)
    edits = []
    for line in all_lines:
        if read_source(line.text):
            footer = line.index >= len(all_lines) - SOURCE_ZONE and _follows_prose(all_lines[: line.index])
            edits.append(remove(line, "source" if footer else "caption"))
    return edits


_PROSE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


def _follows_prose(before: list[Line]) -> bool:
    """Whether the last line above (bylines skipped) ends a sentence, as an article does.

    A chart or table ends in labels and figures ("Oregon $9.10"), so a
    "Source:" under it credits the data, not the article.
    """
    for line in reversed(before):
        if read_byline(line.text):
            continue
        return bool(_PROSE_END.search(line.text))
    return False


# --- credit prefixes and datelines with an agency -----------------------------------------------

_PLACE_WORD = r"[A-Z\u00c0-\u00de][\w.'\u2019\-]*"
_DATE_IN_DATELINE = (
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{4})?)"
)
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?:(?:\s+|,\s*)(?:{_PLACE_WORD}|de|of|el|la)){{0,5}})?"
    rf"(?:,\s*(?P<date>{_DATE_IN_DATELINE}))?"
    r"\s*\((?P<agency>[^()\n]{2,40})\)"
    r"\s*(?P<dash>--|[-\u2013\u2014:|])?\s*"
)
_AGENCY_TEXT = re.compile(r"^[A-Za-z][A-Za-z.&'\u2019 ]{1,39}$")
#: "(R-Ala.)" and "(D)" are party labels, not credits.
_PARTY = re.compile(r"^[RDI](?:-|$)")
_NOT_AGENCY_WORDS = frozenset({"photo", "file", "video", "update", "updated", "editor", "pictured", "above", "left", "right", "center"})
#: A credit prefix opens the story, which the first few lines hold (after a headline or byline).
CREDIT_ZONE = 3


class Dateline(NamedTuple):
    """A parsed credit prefix: place and date (when given) and the credited agency."""

    place: str
    date: str
    agency: str
    length: int


def read_dateline(text: str, story_follows: bool = True) -> Dateline | None:
    """The credit prefix opening ``text`` ("WASHINGTON (AP) -- ", "(newsweek) -- "), else None.

    With ``story_follows`` the prefix must be followed by the story's first
    word (a capital, digit or quote); pass False to read a prefix on its own.
    """
    match = _DATELINE.match(text)
    if not match:
        return None
    agency = " ".join(match.group("agency").split())
    if not _AGENCY_TEXT.match(agency) or _PARTY.match(agency) or n_words(agency) > 4:
        return None
    if any(w in _NOT_AGENCY_WORDS for w in re.findall(r"[a-z]+", agency.lower())):
        return None
    following = text[match.end() : match.end() + 1]
    opens_story = bool(following) and (following.isupper() or following.isdigit() or following in "\"\u201c'\u2018")
    if (story_follows or following) and not opens_story:
        return None
    place = (match.group("place") or "").strip(" ,")
    if match.group("dash") is None and not (agency.isupper() and " " not in agency and _short_place(place)):
        # Without a dash only a one-word capitalised credit after a short place counts: "Washington (CNN) The ...".
        return None
    return Dateline(place, match.group("date") or "", agency, match.end())


def _short_place(place: str) -> bool:
    """A dateline place: empty, or up to three words not opening like a sentence subject ("The ...")."""
    return not place or (n_words(place) <= 3 and place.split()[0] not in {"The", "A", "An"})


def credit_prefixes(text: str) -> list[Edit]:
    """Remove an agency credit opening the story: ``(newsweek) --``, ``WASHINGTON (AP) --``.

    Why: the prefix says who supplied the story (it becomes ``credit``); it
    is not part of the first sentence, and copies of one wire story differ
    exactly there.
    """
    for line in lines(text)[:CREDIT_ZONE]:
        dateline = read_dateline(line.text)
        if dateline:
            return [Edit(line.start, line.start + dateline.length, "", "credit")]
    return []


#: Wire abbreviations whose full name is unambiguous.
WIRE_NAMES = {
    "ap": "Associated Press", "the associated press": "Associated Press", "associated press": "Associated Press",
    "afp": "AFP", "upi": "UPI", "reuters": "Reuters", "cnn": "CNN", "bbc": "BBC",
}
_SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "at", "a", "an", "de"})


def credit_name(name: str) -> str:
    """An outlet name in its usual casing: ``newsweek`` -> ``Newsweek``, ``REUTERS`` -> ``Reuters``.

    Mixed-case names are kept as written ("The Duran", "McClatchy"); short
    all-capital names are acronyms and stay so ("CNN", "AFP").
    """
    name = " ".join(name.split()).strip(" .,;:")
    known = WIRE_NAMES.get(fold(name))
    if known:
        return known
    letters = [c for c in name if c.isalpha()]
    all_lower = all(c.islower() for c in letters)
    long_upper = all(c.isupper() for c in letters) and len(letters) > 4
    if not (all_lower or long_upper):
        return name
    words = name.lower().split()
    return " ".join(w if (i and w in _SMALL_WORDS) else w[:1].upper() + w[1:] for i, w in enumerate(words))


__all__ = [
    "Byline", "Dateline", "bylines", "credit_name", "credit_prefixes", "read_byline", "read_dateline",
    "read_source", "source_lines",
]
