"""Timestamp lines ("Published March 3, 2017", "Updated 4:10 p.m. ET", "6 years ago") and date parsing.

A page prints when the article was published or updated on a line of its
own. The line is page furniture; its date is metadata (``published``). A line
counts only if, after its label, it holds nothing but date and time words,
so "Updated figures released Tuesday show ..." stays in the text.
"""

from __future__ import annotations

import datetime as _dt
import re

from storytrace.ingest.rules._lines import lines, lower, n_words, remove
from storytrace.offsets import Edit

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = frozenset({
    "monday", "mon", "tuesday", "tue", "tues", "wednesday", "wed", "thursday", "thu", "thur", "thurs",
    "friday", "fri", "saturday", "sat", "sunday", "sun",
})
_TIME_WORDS = frozenset({
    "am", "pm", "a", "p", "m", "at", "on", "the", "of", "et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt",
    "pt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest", "ist", "aest", "aedt", "ago", "second", "seconds",
    "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "month",
    "months", "year", "years", "st", "nd", "rd", "th", "and", "noon", "midnight", "today", "yesterday", "t", "z",
})
_DATE_VOCABULARY = frozenset(MONTHS) | _WEEKDAYS | _TIME_WORDS

#: Labels that open a timestamp line; the first group are publication dates, the rest updates.
_PUBLISHED_LABEL = r"(?:published|posted|first published|originally published|created|date|dated|released)"
_UPDATED_LABEL = r"(?:updated|last updated|last modified|modified|updated and revised|revised)"
_LABELLED = re.compile(rf"^(?P<label>{_PUBLISHED_LABEL}|{_UPDATED_LABEL})(?:\s+(?:on|at))?\s*[:\-\u2014|]?\s*(?P<rest>.*)$")
_PUBLISHED = re.compile(rf"^{_PUBLISHED_LABEL}\b")
_RELATIVE = re.compile(r"^(?:about |over |more than )?(?:\d+|an?|one) (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago$")
_OLD_NOTICE = re.compile(r"^this (?:article|story|page) is (?:more|over|older) than (?:\d+|an?|one) (?:days?|weeks?|months?|years?)(?: old)?\.?$")
_UPDATED_NOTICE = re.compile(r"^this (?:article|story|post|report) (?:has been|was|is being) updated\.?$")
_WORD = re.compile(r"[a-z]+")
_MAX_STAMP_WORDS = 16
#: A bare date line counts only near the top, where pages print the date.
DATE_ZONE = 4


def _only_date_words(text: str) -> bool:
    """Whether ``text`` (folded) is made of date and time words, digits and punctuation only."""
    return all(w in _DATE_VOCABULARY for w in _WORD.findall(text))


def _has_date_or_time(text: str) -> bool:
    return bool(re.search(r"\d", text)) or any(w in MONTHS or w in {"today", "yesterday"} for w in _WORD.findall(text))


def is_timestamp(text: str, near_top: bool = False) -> bool:
    """Whether ``text`` is a timestamp line; bare dates ("July 25, 2017") only when ``near_top``."""
    if n_words(text) > _MAX_STAMP_WORDS:
        return False
    folded = lower(text).strip()
    if _RELATIVE.match(folded) or _OLD_NOTICE.match(folded) or _UPDATED_NOTICE.match(folded):
        return True
    labelled = _LABELLED.match(folded)
    if labelled:
        rest = labelled.group("rest")
        return bool(rest) and _only_date_words(rest) and _has_date_or_time(rest)
    return near_top and _only_date_words(folded) and parse_date(text) is not None


_PROSE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


def timestamps(text: str) -> list[Edit]:
    """Remove "Published ..." / "Updated ..." / "N years ago" lines, and a bare date above the story.

    Why: the date is metadata (``published``), the line is page furniture.
    A bare date counts only in the first lines and before the first
    sentence: after prose it is a heading inside the story ("Jan. 20, 2009"
    above a quoted speech).
    """
    edits = []
    before_story = True
    for line in lines(text):
        if is_timestamp(line.text, near_top=before_story and line.index < DATE_ZONE):
            edits.append(remove(line, "timestamp"))
        elif _PROSE_END.search(line.text):
            before_story = False
    return edits


def is_publication_stamp(text: str) -> bool:
    """Whether a timestamp line gives the publication (not an update) date."""
    return not _LABELLED.match(lower(text).strip()) or bool(_PUBLISHED.match(lower(text).strip()))


# --- parsing ------------------------------------------------------------------------------------

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_MONTH_FIRST = re.compile(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
#: "25 July 2017", "25th of July 2017", and the ordinal dot of German and Nordic pages ("25. Juli 2017").
_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:of\s+)?([a-z]{3,9})\.?,?\s+(\d{4})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})([/.])(\d{1,2})[/.](\d{4})\b")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return _dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first full date (with a year) in ``text`` as ``YYYY-MM-DD``, else None.

    Reads ``2017-07-25``, ``July 25, 2017``, ``Jul. 25 2017``, ``25 July 2017``,
    ``25. July 2017``, ``7/25/2017`` and ``25.07.2017``. A date with slashes is read
    month first, as US sites write it, unless the first number cannot be a month
    (``25/7/2017``); one with dots is read day first, as European sites write it.

    Example:
        >>> parse_date("Published: Tuesday, July 25, 2017 4:03 PM EDT")
        '2017-07-25'
    """
    folded = lower(text)
    found: list[tuple[int, str]] = []
    if m := _ISO.search(folded):
        if iso := _iso(int(m.group(1)), int(m.group(2)), int(m.group(3))):
            found.append((m.start(), iso))
    if (m := _MONTH_FIRST.search(folded)) and m.group(1) in MONTHS:
        if iso := _iso(int(m.group(3)), MONTHS[m.group(1)], int(m.group(2))):
            found.append((m.start(), iso))
    if (m := _DAY_FIRST.search(folded)) and m.group(2) in MONTHS:
        if iso := _iso(int(m.group(3)), MONTHS[m.group(2)], int(m.group(1))):
            found.append((m.start(), iso))
    if m := _NUMERIC.search(folded):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        # Slashes are read month first as US sites write them; dots are the European day.month.year.
        day_first = first > 12 or (m.group(2) == "." and second <= 12)
        month, day = (second, first) if day_first else (first, second)
        if iso := _iso(year, month, day):
            found.append((m.start(), iso))
    return min(found)[1] if found else None


__all__ = ["is_publication_stamp", "is_timestamp", "parse_date", "timestamps"]
