"""Outlet template text: shared, but not reuse.

Every site repeats template lines ("Sign up for Daily Newsletters", "Copyright
... Click here for reprint permission", a video playlist). The outlet
boilerplate stage removes such lines, but only when no other outlet carries
them, because the same text under two outlets is usually reuse. A copy that
kept its source's footer therefore leaves the footer in every article of the
source's outlet, and two articles of that outlet would look like copies of each
other (and the copy like a copy of all of them).

A passage is **template text** when

* at least half of its n-grams are *template n-grams*: found in at least
  ``template_min_articles`` articles of one outlet (grouped by outlet, else
  credit, names compared loosely), or found in at least that many articles and
  always within ``template_edge_words`` words of an article's start or end (where
  disclaimers, promos and notes sit, whatever outlet name a feed gives), and
* it covers less than ``template_max_share`` of each of the two articles.

The second condition keeps an outlet's versions of one story (an update, a
regional edition): their shared text repeats within the outlet too, but makes
up most of each version. Template passages are dropped before a pair is judged.
"""

from __future__ import annotations

import numpy as np

from storytrace.reuse.align import Aligned
from storytrace.reuse.attribution import name_key
from storytrace.reuse.candidates import Postings, ngram_hashes
from storytrace.reuse.tokens import Doc
from storytrace.settings import ReuseOptions

#: Share of a passage's n-grams that must be outlet-repeated for it to be template text.
TEMPLATE_NGRAM_SHARE = 0.5


def outlet_groups(docs: list[Doc]) -> np.ndarray:
    """An outlet group number per doc; docs naming no outlet or credit get a group of their own."""
    numbers: dict[str, int] = {}
    out = np.empty(len(docs), dtype=np.int64)
    for k, doc in enumerate(docs):
        name = doc.article.outlet or doc.article.credit
        key = name_key(name) if name else ""
        out[k] = numbers.setdefault(key, len(numbers)) if key else -1 - k
    return out


def template_ngrams(docs: list[Doc], postings: Postings, options: ReuseOptions) -> np.ndarray:
    """Sorted hashes of the template n-grams: outlet-repeated or edge-repeated."""
    return np.union1d(
        outlet_repeated_ngrams(docs, postings, options.template_min_articles),
        edge_repeated_ngrams(docs, postings, options.template_min_articles, options.template_edge_words),
    )


def edge_repeated_ngrams(docs: list[Doc], postings: Postings, min_articles: int, edge_words: int) -> np.ndarray:
    """Sorted hashes of n-grams in at least ``min_articles`` articles, each time near the start or end."""
    H, D, P = postings.hashes, postings.docs, postings.positions
    if len(H) == 0 or min_articles < 2 or edge_words <= 0:
        return np.empty(0, dtype=np.uint64)
    lengths = np.fromiter((len(d) for d in docs), dtype=np.int64, count=len(docs))[D]
    at_edge = (P < edge_words) | (P >= lengths - edge_words)
    starts = np.flatnonzero(np.concatenate(([True], H[1:] != H[:-1])))
    all_edge = np.logical_and.reduceat(at_edge, starts)
    new_doc = np.concatenate(([True], (H[1:] != H[:-1]) | (D[1:] != D[:-1])))
    df = np.add.reduceat(new_doc.astype(np.int64), starts)
    return np.unique(H[starts[all_edge & (df >= min_articles)]])


def outlet_repeated_ngrams(docs: list[Doc], postings: Postings, min_articles: int) -> np.ndarray:
    """Sorted hashes of the n-grams found in at least ``min_articles`` articles of one outlet group."""
    H, D = postings.hashes, postings.docs
    if len(H) == 0 or min_articles < 2:
        return np.empty(0, dtype=np.uint64)
    G = outlet_groups(docs)[D]
    order = np.lexsort((D, G, H))
    H, G, D = H[order], G[order], D[order]
    new_doc = np.concatenate(([True], (H[1:] != H[:-1]) | (G[1:] != G[:-1]) | (D[1:] != D[:-1])))
    H, G = H[new_doc], G[new_doc]
    starts = np.flatnonzero(np.concatenate(([True], (H[1:] != H[:-1]) | (G[1:] != G[:-1]))))
    counts = np.diff(np.append(starts, len(H)))
    return np.unique(H[starts[counts >= min_articles]])


def is_template(passage: Aligned, repeated: np.ndarray, options: ReuseOptions) -> bool:
    """Whether a passage is outlet template text (see the module docstring)."""
    if len(repeated) == 0:
        return False
    a, b = passage.a, passage.b
    share_a = (passage.a_end - passage.a_start) / max(1, len(a))
    share_b = (passage.b_end - passage.b_start) / max(1, len(b))
    if share_a >= options.template_max_share or share_b >= options.template_max_share:
        return False
    grams = ngram_hashes(a.hashes[passage.a_start : passage.a_end], options.ngram)
    if len(grams) == 0:
        return False
    # ``repeated`` is sorted: a binary search per n-gram (np.isin would sort it again on every call).
    at = np.minimum(np.searchsorted(repeated, grams), len(repeated) - 1)
    return float((repeated[at] == grams).mean()) >= TEMPLATE_NGRAM_SHARE
