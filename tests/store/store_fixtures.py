"""Invented articles for the store tests (helpers, imported by the test modules)."""

from __future__ import annotations

from typing import Any

from storytrace.models import Article
from storytrace.offsets import Edit
from storytrace.stage import apply_edits

RAW_TEXT = (
    "HOME | NEWS | SPORT\n"
    "Harbour council delays the ferry vote\n"
    "By Imelda Quarrie\n"
    "The council of Port Wenlow said on Tuesday it would delay a vote on the new ferry contract.\n"
    "\u201cWe need more time,\u201d said the harbour master, Odo Pennick.\n"
    "Share this article\n"
)


def cleaned_article(id: str = "harbour-ferry", raw: str = RAW_TEXT, **metadata: Any) -> Article:
    """An invented article cleaned the way the pipeline cleans: removals kept, offsets non-trivial."""
    article = Article.from_raw(id, f"inbox/{id}.txt", raw, format="text", **metadata)
    edits = []
    for line, rule in (("HOME | NEWS | SPORT\n", "site-furniture"), ("By Imelda Quarrie\n", "byline-line"), ("Share this article\n", "site-furniture")):
        start = raw.find(line)
        if start >= 0:
            edits.append(Edit(start, start + len(line), "", rule))
    apply_edits(article, edits)
    quotes = [Edit(i, i + 1, '"', "straighten-quotes") for i, ch in enumerate(article.text) if ch in "\u201c\u201d"]
    apply_edits(article, quotes, audit=False)
    return article


def simple_article(id: str, text: str | None = None, **metadata: Any) -> Article:
    """A small article whose text is its raw text."""
    return Article.from_raw(id, f"inbox/{id}.txt", text if text is not None else f"The text of article {id}.", **metadata)
