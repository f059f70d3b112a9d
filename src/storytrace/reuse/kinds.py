"""Kinds of reuse: copied reporting or a shared quotation.

Two outlets quoting the same speaker share words without one copying the
other. The test is where the shared words sit in each text:

* inside quotation marks in **both** articles: ``quotation`` (both quote a
  third speaker: not copying);
* anywhere else: ``copy``. That includes a target that quotes the source's
  own prose ("..., Tom O'Connor wrote in Newsweek"): inside quotes in the
  target, but the source's own words, so copied (and usually attributed) text.
  The passage records ``quoted_in_target`` so such a quoted copy can be told apart.

A pair is a ``copy`` when any of its passages is one, else a ``quotation``.

Quotation marks are found by :func:`quote_spans`: curly marks say which way
they face; a straight mark opens after a space or bracket and closes before a
space or punctuation. A quote left open ends at the end of its paragraph, and a
paragraph that opens with a quote mark continues a multi-paragraph quote (the
news convention of re-opening, not closing, quotes across paragraphs). Single
quotes count when they open and close within one sentence-sized stretch.
"""

from __future__ import annotations

import re

import numpy as np

from storytrace.reuse.align import Aligned
from storytrace.reuse.tokens import Doc

_DOUBLE_OPEN = "\u201c\u201e\u201f\u00ab"
_DOUBLE_CLOSE = "\u201d\u00bb"
_DOUBLE_EITHER = '"\u2033'
_SINGLE_OPEN = "\u2018"
_SINGLE_CLOSE = "\u2019"
_OPENERS_BEFORE = " \t\n([{-\u2014\u2013/:"  # characters after which a straight quote opens
_MARKS = re.compile("[\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2018\u2019']|\n")
_SENTENCE_END = ".?!"
_MAX_SINGLE = 300


def _role(text: str, i: int) -> str | None:
    """``open``, ``close`` or None for the quote mark at ``i``."""
    ch = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if ch in _DOUBLE_OPEN or ch == _SINGLE_OPEN:
        return "open"
    if ch in _DOUBLE_CLOSE:
        return "close"
    if ch == _SINGLE_CLOSE or ch == "'":
        # An apostrophe (it's, Russia's, the Smiths') is the common case: only a mark
        # between a word end and a space or punctuation may close a single quote.
        if ch == "'" and before in _OPENERS_BEFORE and after.isalnum():
            return "open"
        if not before.isspace() and not after.isalnum():
            return "close"
        return None
    # A straight double quote faces the word next to it.
    if before in _OPENERS_BEFORE and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or not after.isalnum()):
        return "close"
    return None


def _ends_sentence(text: str, i: int) -> bool:
    """Whether the last visible character before ``i`` ends a sentence (or a quote)."""
    j = i - 1
    while j >= 0 and text[j].isspace():
        j -= 1
    return j < 0 or text[j] in _SENTENCE_END + '"\u201d\u2019\':)'


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``[start, end)`` of ``text`` inside double or single quotation marks.

    Example:
        >>> text = 'He said "we will go" and left. Others said \u2018no\u2019.'
        >>> [text[s:e] for s, e in quote_spans(text)]
        ['"we will go"', '\u2018no\u2019']
    """
    spans: list[tuple[int, int]] = []
    double_open: int | None = None
    single_open: int | None = None
    for m in _MARKS.finditer(text):
        i = m.start()
        ch = text[i]
        if ch == "\n":
            single_open = None
            if double_open is not None:
                rest = text[i + 1 : i + 80].lstrip()
                continues = bool(rest) and (rest[0] in _DOUBLE_OPEN or rest[0] in _DOUBLE_EITHER)
                if continues or _ends_sentence(text, i):
                    # The quote ends with its paragraph (a continuing quote re-opens next paragraph);
                    # a line break inside a sentence (print line) keeps it open.
                    spans.append((double_open, i))
                    double_open = None
            continue
        role = _role(text, i)
        if role is None:
            continue
        single = ch in "'\u2018\u2019"
        if single:
            if double_open is not None and single_open is None and role == "open":
                single_open = i  # a quote inside a quote: already inside
            elif role == "open" and single_open is None:
                single_open = i
            elif role == "close" and single_open is not None:
                if i - single_open <= _MAX_SINGLE:
                    spans.append((single_open, i + 1))
                single_open = None
            continue
        if role == "open":
            if double_open is None:
                double_open = i
        elif double_open is not None:
            spans.append((double_open, i + 1))
            double_open = None
    if double_open is not None:
        spans.append((double_open, len(text)))
    spans.sort()
    return _union(spans)


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def quoted_words(doc: Doc) -> np.ndarray:
    """Whether each word of ``doc`` lies inside quotation marks (computed once per article)."""
    if doc.quoted is None:
        spans = quote_spans(doc.text)
        if not spans:
            doc.quoted = np.zeros(len(doc), dtype=bool)
        else:
            starts = np.fromiter((s for s, _ in spans), dtype=np.int64, count=len(spans))
            ends = np.fromiter((e for _, e in spans), dtype=np.int64, count=len(spans))
            k = np.searchsorted(starts, doc.starts, side="right") - 1
            inside = k >= 0
            inside[inside] = doc.starts[inside] < ends[k[inside]]
            doc.quoted = inside
    return doc.quoted


def quoted_share(doc: Doc, start: int, end: int) -> float:
    """Share of words ``[start, end)`` of ``doc`` inside quotation marks."""
    if end <= start:
        return 0.0
    return float(quoted_words(doc)[start:end].mean())


def passage_kind(aligned: Aligned, quote_share: float) -> dict:
    """The kind of one passage and the quoted shares it was decided from."""
    in_a = quoted_share(aligned.a, aligned.a_start, aligned.a_end)
    in_b = quoted_share(aligned.b, aligned.b_start, aligned.b_end)
    kind = "quotation" if in_a >= quote_share and in_b >= quote_share else "copy"
    return {"kind": kind, "quoted_in_source": round(in_a, 3), "quoted_in_target": round(in_b, 3)}


def flip_kind(kind: dict) -> dict:
    """The same passage kind read from the other article."""
    return {**kind, "quoted_in_source": kind["quoted_in_target"], "quoted_in_target": kind["quoted_in_source"]}


def pair_kind(passage_kinds: list[dict]) -> str:
    """``copy`` when any passage is copied text, else ``quotation``."""
    return "copy" if any(k["kind"] == "copy" for k in passage_kinds) else "quotation"
