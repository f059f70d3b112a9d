"""Sentences and weighted words: the text side of the summariser (and of framing's sentence alignment).

Sentences are split at ., ! or ? before a capital and at line breaks; words are
lower-cased, lightly stemmed (:func:`stem`) and weighted by inverse word
frequency from ``wordfreq`` (a fixed background, so a two-article story weighs
words the same way as a large one). Nothing here downloads a model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from wordfreq import zipf_frequency

# --- sentences ----------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st sen sens rep reps gov gen col lt sgt capt cmdr adm maj prof pres jr sr inc co corp ltd "
    "no vs etc jan feb mar apr jun jul aug sep sept oct nov dec mt ft ave blvd dept est fig rev u.s u.k u.n "
    "d.c e.g i.e a.m p.m".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9])|\n\s*\n|\n")
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'\u2019\-]*")
STOP = frozenset(
    "a an the and or but if of in on at to for by with from as is are was were be been being it its this that "
    "these those he she they them his her their we our you your i me my not no so than then there here who whom "
    "which what when where why how all any both each more most other some such only own same too very can will "
    "just do does did has have had having would could should may might must shall also into over under about "
    "after before between through during against up down out off again further once said says say".split()
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text``: at ., ! or ? before a capital, and at line breaks.

    A full stop after a known abbreviation ("Sen.", "U.S.") or a single initial does not end a sentence.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        piece = text[start:end]
        if m.group(0)[0] == "." and "\n" not in m.group(0):
            last = re.search(r"([A-Za-z.]+)\.[\"'\u201d\u2019)\]]*$", piece)
            if last and (last.group(1).lower().strip(".") in _ABBREVIATIONS or len(last.group(1)) == 1):
                continue
        _add_span(text, start, end, spans)
        start = end
    _add_span(text, start, len(text), spans)
    return spans


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def inside_quotation(text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each sentence span, whether it starts inside a quotation opened by an earlier sentence.

    A quotation of several sentences ("It won't be easy. They restart it, they'll have problems," he
    said.) splits into pieces; the later ones are not statements of the outlet. The state is carried
    within a paragraph only: a quote running over paragraphs reopens with a new mark in each, and a stray
    mark cannot spill past its paragraph. Curly marks open or close; a straight one toggles.
    """
    out: list[bool] = []
    inside, pos = False, 0
    for start, _ in spans:
        for ch in text[pos:start]:
            if ch == "\n":
                inside = False
            elif ch == "\u201c":
                inside = True
            elif ch == "\u201d":
                inside = False
            elif ch == '"':
                inside = not inside
        out.append(inside)
        pos = start
    return out


# --- word vectors -------------------------------------------------------------------------------


def stem(word: str) -> str:
    """A light stem: plural and verb endings and a final "e" dropped ("closes", "closed", "close" -> "clos")."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + keep
            break
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


@lru_cache(maxsize=200_000)
def _term(word: str) -> tuple[str, float] | None:
    """A word's stem and weight (rarer words weigh more), or None for stop words."""
    word = word.lower().replace("\u2019", "'").removesuffix("'s")
    if word in STOP or len(word) < 2:
        return None
    return stem(word), max(1.0, 8.0 - zipf_frequency(word, "en"))


def terms(text: str) -> dict[str, float]:
    """A sentence's weighted terms: stem -> weight x count."""
    out: dict[str, float] = {}
    for word in WORD.findall(text):
        if (t := _term(word)) is not None:
            out[t[0]] = out.get(t[0], 0.0) + t[1]
    return out


def term_matrix(bags: Sequence[dict[str, float]], vocab: dict[str, int] | None = None) -> sparse.csr_matrix:
    """Rows of L2-normalised term vectors (one row per bag); ``vocab``, when given (empty), receives the columns."""
    vocab = {} if vocab is None else vocab
    rows, cols, vals = [], [], []
    for i, bag in enumerate(bags):
        for term, weight in bag.items():
            rows.append(i)
            cols.append(vocab.setdefault(term, len(vocab)))
            vals.append(weight)
    m = sparse.csr_matrix((vals, (rows, cols)), shape=(len(bags), max(len(vocab), 1)), dtype=np.float64)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ m


__all__ = ["STOP", "WORD", "inside_quotation", "split_sentences", "stem", "term_matrix", "terms"]
