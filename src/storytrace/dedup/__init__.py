"""Exact and near-duplicate articles: MinHash-LSH candidates, verified exactly.

The whole job, for a list of articles:

1. :func:`~storytrace.dedup.fingerprint.fingerprints`: per article, the hash of
   its normal text, its number of distinct 5-word shingles and a MinHash
   signature (per-article work, run in a process pool on large inputs);
2. :func:`~storytrace.dedup.exact.exact_groups`: equal normal texts are exact
   duplicates, reported against the group's first member;
3. :func:`~storytrace.dedup.near.near_pairs`: among the remaining articles,
   LSH candidates are filtered by their signature estimate and verified on the
   exact shingle sets; a pair is near when Jaccard >= ``min_similarity`` or the
   shorter text is ``min_containment`` inside the longer one;
4. :func:`bounded`: an article with more than ``max_near_partners`` near
   duplicates keeps its most similar ones, plus the strongest links holding its
   group together (:mod:`storytrace.dedup.partners`).

Every option lives in :class:`~storytrace.settings.DedupOptions`.

Example:
    >>> from storytrace.models import Article
    >>> from storytrace.settings import DedupOptions
    >>> text = " ".join(f"w{i}" for i in range(60))
    >>> arts = [Article.from_raw("a", "a.txt", text), Article.from_raw("b", "b.txt", text.upper())]
    >>> [(d.a, d.b, d.kind) for d in find_duplicates(arts, DedupOptions())]
    [('a', 'b', 'exact')]
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING

import numpy as np

from storytrace.dedup.exact import exact_groups
from storytrace.dedup.fingerprint import Fingerprints, fingerprints, signatures, worker_pool
from storytrace.dedup.near import NearPair, SearchStats, near_pairs
from storytrace.dedup.partners import nearest_partners, strongest_forest
from storytrace.models import Article, Duplicate
from storytrace.settings import DedupOptions

if TYPE_CHECKING:
    from storytrace.executors import Executor

__all__ = [
    "Fingerprints",
    "SearchStats",
    "duplicates_of_texts",
    "find_duplicates",
    "fingerprints",
    "signatures",
    "worker_pool",
]


def find_duplicates(articles: list[Article], options: DedupOptions) -> list[Duplicate]:
    """Exact and near-duplicate pairs among ``articles`` (compared on their clean ``text``).

    Pairs have ``a < b`` by id and come sorted by ``(a, b)``. An exact group
    of ``n`` articles gives ``n - 1`` pairs to its smallest id; near pairs are
    reported between those first members only, each article's
    ``max_near_partners`` most similar at most (plus the links that keep its
    group of copies connected).
    """
    return duplicates_of_texts([a.id for a in articles], [a.text for a in articles], options)


def duplicates_of_texts(
    ids: Sequence[str],
    texts: Sequence[str],
    options: DedupOptions,
    fp: Fingerprints | None = None,
    stats: SearchStats | None = None,
    pool: Executor | None = None,
) -> list[Duplicate]:
    """:func:`find_duplicates` on parallel sequences of ids and texts.

    ``texts`` may be a lazy sequence: after fingerprinting (skipped when ``fp``
    is given, e.g. from a cache) only texts of candidate pairs are read again.
    ``pool`` (see :func:`worker_pool`) is used instead of starting one.
    """
    if len(ids) != len(texts):
        raise ValueError("ids and texts differ in length")
    if len(set(ids)) != len(ids):
        raise ValueError("article ids must be unique")
    with nullcontext(pool) if pool is not None else worker_pool(options, len(texts)) as pool:
        fp = fp if fp is not None else fingerprints(texts, options, pool)
        rep = exact_groups(fp.exact, fp.sizes, ids)
        own = np.arange(len(ids))
        out = [Duplicate(ids[r], ids[i], "exact", 1.0, 1.0) for i, r in zip(own.tolist(), rep.tolist()) if r != i]
        searched = np.flatnonzero((rep == own) & (fp.sizes > 0))
        for pair in bounded(near_pairs(texts, fp, searched, options, stats, pool), options.max_near_partners):
            a, b = sorted((ids[pair.i], ids[pair.j]))
            out.append(Duplicate(a, b, "near", pair.jaccard, pair.containment))
    out.sort(key=lambda d: (d.a, d.b))
    return out


def bounded(pairs: list[NearPair], limit: int) -> list[NearPair]:
    """``pairs`` less those neither article counts among its ``limit`` closest (see ``dedup.partners``)."""
    if limit <= 0:
        return pairs
    strength = {(p.i, p.j): p.jaccard for p in pairs}
    kept = nearest_partners(strength, limit) | strongest_forest(strength)
    return [p for p in pairs if (p.i, p.j) in kept]
