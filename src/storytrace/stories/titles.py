"""Story titles and time keys: taken from the articles, never made up.

A story's title is the headline of its most central article (the one closest
to the story's centroid); when no article has a headline, that article's
first sentence (cut at a word boundary, marked with an ellipsis when cut).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime

#: Longest lead sentence used as a title.
MAX_LEAD_CHARS = 160
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s")


def first_sentence(text: str, limit: int = MAX_LEAD_CHARS) -> str:
    """The first sentence of ``text`` (whitespace collapsed), at most ``limit`` characters."""
    flat = " ".join(text.split()[:80])
    match = _SENTENCE_END.search(flat)
    sentence = flat[: match.start()].strip() if match else flat
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def day_of(published: str | None) -> float:
    """Days since 0001-01-01 (UTC; fractional with a time of day) of an ISO date or timestamp, NaN when unreadable."""
    if not published:
        return float("nan")
    text = published.strip()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            return float(date.fromisoformat(text[:10]).toordinal())
        except ValueError:
            return float("nan")
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
    return moment.toordinal() + seconds / 86400.0


def time_key(day: float, article_id: str) -> tuple[int, float, str]:
    """Sort key of articles in time order: dated first, by day, then by id."""
    return (1, 0.0, article_id) if math.isnan(day) else (0, day, article_id)
