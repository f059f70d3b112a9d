"""Quotation spans in clean text: every quote-mark style, continued and split quotes.

This module is plain string work (no NLP), so it is fast and easy to test:
:func:`find_quote_spans` scans each paragraph with a small state machine and
:func:`quote_kind` tells a quoted sentence from a few quoted words.

Note:
    Straight single quotes (``'``) are never treated as quote marks: they are
    far more often apostrophes. Curly single quotes (‘ ’) are, when ‘ opens
    at a word start and ’ closes at a word end, and only outside double quotes
    (inside them they are a nested quotation, which stays part of the outer one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Opening marks and the marks that close them.
DOUBLE_MARKS: dict[str, str] = {"\u201c": "\u201d", "\u201e": "\u201c\u201d", "\u00ab": "\u00bb", "\u2039": "\u203a", '"': '"'}
SINGLE_MARKS: dict[str, str] = {"\u2018": "\u2019", "\u201a": "\u2018\u2019"}
OPENING = set(DOUBLE_MARKS) | set(SINGLE_MARKS)
ALL_MARKS = OPENING | {"\u201d", "\u00bb", "\u203a", "\u2019"}

#: A paragraph break: a blank line, or a single line break (outlets that put one paragraph a line).
_PARAGRAPH = re.compile(r"\n\s*")
#: Characters after which an opening mark starts a sentence-level (direct) quote, not a few words.
_CLAUSE_START = set(".!?:;,\u2014\u2013-([\n")


@dataclass(slots=True, frozen=True)
class QuoteSpan:
    """One quotation: ``start``/``end`` bound its words (marks excluded).

    ``open_at`` is the offset of the opening mark and ``close_at`` the offset
    of the closing mark (``end`` when the quote runs to a paragraph's end).
    ``continued`` is True when it ran across a paragraph break.
    """

    start: int
    end: int
    open_at: int
    close_at: int
    continued: bool = False


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-empty paragraph of ``text``."""
    spans = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        if text[pos : m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans


def _opens_single(text: str, i: int, lo: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "([\u2014\u2013\"\u201c") and after.isalnum()


def _closes_single(text: str, i: int, hi: int) -> bool:
    after = text[i + 1] if i + 1 < hi else " "
    return not after.isalnum()


#: English double marks stand in for one another: outlets mix straight and curly marks in one quote
#: ("...,” / “...") and print „...“; guillemets are kept apart.
_ENGLISH_DOUBLES = frozenset('"\u201c\u201d\u201e')


def _opens_double(text: str, i: int, lo: int, hi: int) -> bool:
    """A double mark at a word start (after a space, a bracket or a dash, before a letter) opens."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return (before.isspace() or before in "([\u2014\u2013") and (after.isalnum() or after in "\u2018'(\u2026.[")


def _scan_paragraph(text: str, lo: int, hi: int) -> tuple[list[tuple[int, int]], int | None]:
    """Closed quotes ``(open_at, close_at)`` in ``text[lo:hi]`` and the offset of a mark left open.

    Inside a quote opened by an English double mark, any English double mark
    closes it, unless it sits where a quote opens (a quotation nested in the
    same marks, which then needs its own closing mark first).
    """
    closed: list[tuple[int, int]] = []
    open_at: int | None = None
    closers = ""
    nested = 0
    for i in range(lo, hi):
        ch = text[i]
        if open_at is None:
            if ch in DOUBLE_MARKS:
                open_at, closers, nested = i, DOUBLE_MARKS[ch], 0
            elif ch in SINGLE_MARKS and _opens_single(text, i, lo):
                open_at, closers = i, SINGLE_MARKS[ch]
        elif text[open_at] in _ENGLISH_DOUBLES and ch in _ENGLISH_DOUBLES:
            if _opens_double(text, i, lo, hi) and ch != "\u201d":
                nested += 1
            elif nested:
                nested -= 1
            else:
                closed.append((open_at, i))
                open_at = None
        elif ch in closers:
            if closers == "\u2019" and not _closes_single(text, i, hi):
                continue  # an apostrophe inside a single-quoted passage ("Russia’s")
            closed.append((open_at, i))
            open_at = None
    return closed, open_at


def _first_mark(text: str, lo: int, hi: int) -> int | None:
    i = lo
    while i < hi and text[i].isspace():
        i += 1
    return i if i < hi and text[i] in OPENING else None


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every quotation in ``text`` in order.

    A quote left open at a paragraph's end continues when the next paragraph
    opens with a quote mark (the newspaper convention); it then ends where
    that paragraph's quote closes. A quote left open with no such continuation
    runs to its paragraph's end.

    Example:
        >>> [text[s.start:s.end] for text in ['“Yes,” he said. «Non»'] for s in find_quote_spans(text)]
        ['Yes', 'Non']
    """
    spans: list[QuoteSpan] = []
    pending: int | None = None  # opening mark of a quote carried over from an earlier paragraph
    paras = paragraphs(text)
    for index, (lo, hi) in enumerate(paras):
        scan_from = lo
        if pending is not None:
            first = _first_mark(text, lo, hi)
            if first is None:  # the carried quote never continued: it ended with its paragraph
                pending = None
            else:
                closed, still_open = _scan_paragraph(text, first, hi)
                if closed and closed[0][0] == first:
                    s, e = _trim(text, pending + 1, closed[0][1])
                    spans.append(QuoteSpan(s, e, pending, closed[0][1], continued=True))
                    pending = None
                    scan_from = closed[0][1] + 1
                elif still_open == first and not closed:
                    continue  # the quote runs on through this whole paragraph
                else:
                    pending = None
        closed, still_open = _scan_paragraph(text, scan_from, hi)
        for open_at, close_at in closed:
            s, e = _trim(text, open_at + 1, close_at)
            if e > s:
                spans.append(QuoteSpan(s, e, open_at, close_at))
        if still_open is not None:
            nxt = paras[index + 1] if index + 1 < len(paras) else None
            if nxt is not None and _first_mark(text, *nxt) is not None:
                pending = still_open
            else:
                s, e = _trim(text, still_open + 1, hi)
                if e > s:
                    spans.append(QuoteSpan(s, e, still_open, hi))
    if pending is not None:
        s, e = _trim(text, pending + 1, len(text))
        if e > s:
            spans.append(QuoteSpan(s, e, pending, len(text), continued=True))
    return spans


def quote_kind(text: str, span: QuoteSpan) -> str:
    """``direct`` when the quote opens a sentence or clause, ``partial`` when it sits inside the reporter's sentence.

    A quote is partial when a word comes right before its opening mark
    ("called for “visible presence”", "helping “to eradicate”").
    """
    i = span.open_at - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] in _CLAUSE_START or text[i] in ALL_MARKS:
        return "direct"
    return "partial"


def ends_sentence(text: str, span: QuoteSpan) -> bool:
    """True when the quoted words end with a full stop, so the text after the closing mark is a new sentence.

    Reporters end an attributed quote with a comma (“..., ” she said); a
    ``?`` or ``!`` ends the sentence only when a capitalised word follows.
    """
    inner = text[span.start : span.close_at].rstrip()
    if not inner:
        return False
    last = inner[-1]
    if last == ".":
        return True
    if last in "?!":
        rest = text[span.close_at + 1 : span.close_at + 40].lstrip()
        return not rest[:1].islower()
    return False
