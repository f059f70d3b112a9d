"""Which of two articles sharing passages is the source.

Signals, strongest first; the first that decides is recorded in
``Reuse.evidence["direction"]``:

``published``
    both publication times are known and differ (on day resolution when one
    lacks a time of day): the earlier article is the source.
``credit``
    exactly one article credits the other (see :mod:`~storytrace.reuse.attribution`):
    the credited one is the source.
``quoting``
    copied passages sit inside quotation marks in one article only: that article
    quotes the other's own prose ("..., she wrote in the Lantern"), so it is the copy.
``containment``
    the copy is mostly inside the shared passages, the source much less so
    (a copy takes part of a longer source): the more contained article is the copy,
    when it is at least ``min_copy_containment`` contained and ``containment_margin``
    more than the other.
``syndicated``
    exactly one article carries a syndication credit (credit metadata naming
    someone other than its own outlet, as ``(Reuters) -`` does on another site):
    that one is the copy.
``completeness``
    the side with more words inside the passages is the source (copies trim and
    abridge more often than they pad); on a tie, the longer article.
``undetermined``
    nothing tells: the earlier article in the input order is called the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np

from storytrace.reuse.align import Aligned
from storytrace.reuse.attribution import names_match
from storytrace.reuse.tokens import Doc
from storytrace.settings import ReuseOptions

_QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u201f\u00ab\u00bb]')

#: How much each signal can be trusted (the lineage breaks cycles at the weakest edge).
SIGNAL_STRENGTH = {
    "published": 6, "credit": 5, "quoting": 4, "containment": 3, "syndicated": 2, "completeness": 1, "undetermined": 0,
}


@dataclass(slots=True)
class Direction:
    """The decision: whether ``a`` is the source, the deciding signal and a readable detail."""

    a_is_source: bool
    signal: str
    detail: str


def parse_published(value: str | None) -> datetime | date | None:
    """A ``published`` string as a datetime (when it has a time of day) or a date."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    has_time = len(text) > 10
    return parsed if has_time else parsed.date()


def compare_published(a: str | None, b: str | None) -> int | None:
    """-1 when ``a`` is earlier, 1 when later, 0 when the same, None when unknown."""
    ta, tb = parse_published(a), parse_published(b)
    if ta is None or tb is None:
        return None
    if isinstance(ta, datetime) and isinstance(tb, datetime) and (ta.tzinfo is None) == (tb.tzinfo is None):
        left, right = ta, tb
    else:
        left = ta.date() if isinstance(ta, datetime) else ta
        right = tb.date() if isinstance(tb, datetime) else tb
    return (left > right) - (left < right)


def same_instant(a: str | None, b: str | None) -> bool:
    """Both carry a time of day and it is the same moment (not merely the same day)."""
    ta, tb = parse_published(a), parse_published(b)
    return (
        isinstance(ta, datetime) and isinstance(tb, datetime)
        and (ta.tzinfo is None) == (tb.tzinfo is None) and ta == tb
    )


def covered_words(doc_len: int, spans: list[tuple[int, int]]) -> int:
    """Words of a document inside the union of word ranges ``spans``."""
    if not spans or doc_len == 0:
        return 0
    mask = np.zeros(doc_len, dtype=bool)
    for s, e in spans:
        mask[s:e] = True
    return int(mask.sum())


def containment(a: Doc, b: Doc, passages: list[Aligned]) -> tuple[float, float]:
    """Share of ``a``'s and of ``b``'s words inside the shared passages."""
    ca = covered_words(len(a), [(p.a_start, p.a_end) for p in passages])
    cb = covered_words(len(b), [(p.b_start, p.b_end) for p in passages])
    return (ca / len(a) if len(a) else 0.0, cb / len(b) if len(b) else 0.0)


def quoting_balance(passages: list[Aligned], kinds: list[dict], quote_share: float) -> int:
    """Matched words quoted only in ``b`` minus those quoted only in ``a`` (kinds read a -> b)."""
    balance = 0
    for p, k in zip(passages, kinds):
        in_a, in_b = k["quoted_in_source"] >= quote_share, k["quoted_in_target"] >= quote_share
        if in_a == in_b:
            continue
        # The unquoted side must be plain prose: a quote mark inside it means both texts
        # carry the quote and only the marks were read differently.
        plain, s, e = (p.a, p.a_start, p.a_end) if in_b else (p.b, p.b_start, p.b_end)
        lo, hi = plain.char_span(s, e)
        if _QUOTE_MARKS.search(plain.text, lo, hi):
            continue
        balance += p.matched if in_b else -p.matched
    return balance


def syndicated(doc: Doc) -> bool:
    """Whether an article says it runs someone else's text: a credit that is not its own outlet."""
    credit, outlet = doc.article.credit, doc.article.outlet
    return bool(credit) and not (outlet and names_match(credit, outlet))


def decide_direction(
    a: Doc,
    b: Doc,
    passages: list[Aligned],
    kinds: list[dict],
    b_credits_a: bool,
    a_credits_b: bool,
    options: ReuseOptions,
) -> Direction:
    """Decide which of ``a`` and ``b`` is the source (``passages`` and ``kinds`` read a -> b)."""
    order = compare_published(a.article.published, b.article.published)
    if order:
        return Direction(order < 0, "published", f"{a.article.published} vs {b.article.published}")
    if b_credits_a != a_credits_b:
        return Direction(b_credits_a, "credit", f"{'target' if b_credits_a else 'source'} credits the other")
    quoting = quoting_balance(passages, kinds, options.quote_share)
    if quoting:
        return Direction(quoting > 0, "quoting", f"{abs(quoting)} copied words inside quotation marks in one article only")
    ca, cb = containment(a, b, passages)
    margin, floor = options.containment_margin, options.min_copy_containment
    if cb - ca >= margin and cb >= floor:
        return Direction(True, "containment", f"copy {cb:.2f} inside vs source {ca:.2f}")
    if ca - cb >= margin and ca >= floor:
        return Direction(False, "containment", f"copy {ca:.2f} inside vs source {cb:.2f}")
    sa, sb = syndicated(a), syndicated(b)
    if sa != sb:
        return Direction(sb, "syndicated", f"only the {'target' if sb else 'source'} carries a syndication credit")
    wa = sum(p.a_end - p.a_start for p in passages)
    wb = sum(p.b_end - p.b_start for p in passages)
    if wa != wb:
        return Direction(wa > wb, "completeness", f"{max(wa, wb)} vs {min(wa, wb)} words in the passages")
    if len(a) != len(b):
        return Direction(len(a) > len(b), "completeness", f"article of {max(len(a), len(b))} vs {min(len(a), len(b))} words")
    return Direction(True, "undetermined", "no signal: input order")
