"""Candidate article pairs, found as passim finds them: an inverted index of rare n-grams.

Every article's word n-grams (default 5-grams) are hashed; an n-gram that
occurs in more than ``max_ngram_df`` articles is too common to say anything
about copying and is skipped. Two articles sharing at least
``min_shared_ngrams`` of the remaining n-grams are a candidate pair when some
of them lie on one diagonal (the same offset between the two texts) as a shared
run of ``min_passage_words`` words would put them; stock phrases scattered
through two articles on one topic are not. The positions of the shared n-grams
on both sides are the seeds that alignment starts from.

Pairs come from postings lists, never from comparing all articles with all
others: an n-gram kept by the df limit contributes at most
``(max_ngram_df * max_ngram_repeats)**2 / 2`` pairs, and most contribute none.
The whole index is a few numpy sorts.

Example:
    >>> from storytrace.models import Article
    >>> from storytrace.reuse.tokens import make_docs
    >>> from storytrace.settings import ReuseOptions
    >>> text = "the quick brown fox jumps over the lazy dog again and again today"
    >>> docs = make_docs([Article.from_raw("a", "a", text), Article.from_raw("b", "b", "so " + text)])
    >>> [(c.a, c.b, c.shared) for c in find_candidates(docs, ReuseOptions())]
    [(0, 1, 9)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np

from storytrace.dedup.partners import nearest_partners
from storytrace.reuse.direction import parse_published
from storytrace.reuse.tokens import Doc
from storytrace.settings import ReuseOptions

_MULT = np.uint64(0x9E3779B97F4A7C15)


@dataclass(slots=True)
class Candidate:
    """Two articles (``a < b``, indexes into the doc list) and the word positions of their shared n-grams."""

    a: int
    b: int
    seeds_a: np.ndarray
    seeds_b: np.ndarray

    @property
    def shared(self) -> int:
        return len(self.seeds_a)


def _mix(h: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the bits of the rolling combination."""
    h = h ^ (h >> np.uint64(30))
    h = h * np.uint64(0xBF58476D1CE4E5B9)
    h = h ^ (h >> np.uint64(27))
    h = h * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def ngram_hashes(word_hashes: np.ndarray, n: int) -> np.ndarray:
    """The hash of every window of ``n`` words (``len - n + 1`` of them) from per-word xxhashes."""
    count = len(word_hashes) - n + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = word_hashes[:count].copy()
        for k in range(1, n):
            h = h * _MULT + word_hashes[k : k + count]
        return _mix(h)


def _index_entries(docs: list[Doc], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All (hash, doc, position) entries, sorted by hash, then doc, then position."""
    hashes = [ngram_hashes(d.hashes, n) for d in docs]
    sizes = np.fromiter((len(h) for h in hashes), dtype=np.int64, count=len(hashes))
    if sizes.sum() == 0:
        empty = np.empty(0, dtype=np.int64)
        return np.empty(0, dtype=np.uint64), empty, empty
    H = np.concatenate(hashes)
    D = np.repeat(np.arange(len(docs), dtype=np.int64), sizes)
    P = np.arange(len(H), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    order = np.lexsort((P, D, H))
    return H[order], D[order], P[order]


def _group_starts(keys: np.ndarray) -> np.ndarray:
    return np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))


def _filter_postings(H: np.ndarray, D: np.ndarray, P: np.ndarray, options: ReuseOptions):
    """Keep n-grams found in 2..max_ngram_df articles, at most ``max_ngram_repeats`` times per article."""
    if len(H) == 0:
        return H, D, P
    # Rank of each entry among the same (hash, doc): drop repeats past the limit.
    new_hd = np.concatenate(([True], (H[1:] != H[:-1]) | (D[1:] != D[:-1])))
    hd_start = np.maximum.accumulate(np.where(new_hd, np.arange(len(H)), 0))
    keep = (np.arange(len(H)) - hd_start) < options.max_ngram_repeats
    H, D, P, new_hd = H[keep], D[keep], P[keep], new_hd[keep]
    # Document frequency of each hash = number of (hash, doc) starts in its group.
    starts = _group_starts(H)
    df = np.add.reduceat(new_hd.astype(np.int64), starts)
    sizes = np.diff(np.append(starts, len(H)))
    df_per_entry = np.repeat(df, sizes)
    keep = (df_per_entry >= 2) & (df_per_entry <= options.max_ngram_df)
    return H[keep], D[keep], P[keep]


def _pairs_from_postings(H: np.ndarray, D: np.ndarray, P: np.ndarray):
    """Every pair of entries of one n-gram from two different articles, as (doc_a, pos_a, doc_b, pos_b)."""
    if len(H) == 0:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty, empty
    starts = _group_starts(H)
    sizes = np.diff(np.append(starts, len(H)))
    size = np.repeat(sizes, sizes)
    rank = np.arange(len(H)) - np.repeat(starts, sizes)
    out_da, out_pa, out_db, out_pb = [], [], [], []
    active = np.flatnonzero(size > 1)
    k = 1
    # Pair each entry with the one k places later in its group, for k = 1, 2, ...: the work is
    # the number of pairs, and entries of small groups drop out after the first rounds.
    while active.size:
        active = active[rank[active] + k < size[active]]
        if not active.size:
            break
        other = active + k
        differ = D[active] != D[other]
        i, j = active[differ], other[differ]
        out_da.append(D[i])
        out_pa.append(P[i])
        out_db.append(D[j])
        out_pb.append(P[j])
        k += 1
    if not out_da:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, empty, empty
    return np.concatenate(out_da), np.concatenate(out_pa), np.concatenate(out_db), np.concatenate(out_pb)


@dataclass(slots=True)
class Postings:
    """The inverted index: one entry per kept n-gram occurrence, sorted by hash, doc, position."""

    hashes: np.ndarray
    docs: np.ndarray
    positions: np.ndarray


def build_postings(docs: list[Doc], options: ReuseOptions) -> Postings:
    """Postings of the n-grams found in 2 to ``max_ngram_df`` articles."""
    return Postings(*_filter_postings(*_index_entries(docs, options.ngram), options))


def find_candidates(
    docs: list[Doc], options: ReuseOptions, forced: Iterable[tuple[int, int]] = (), postings: Postings | None = None
) -> list[Candidate]:
    """Article pairs sharing at least ``min_shared_ngrams`` rare n-grams, with their seeds.

    Args:
        docs: the articles of the run as word sequences.
        options: ``ngram``, ``max_ngram_df``, ``max_ngram_repeats``, ``min_shared_ngrams``.
        forced: pairs to align whatever the index says (known near-duplicates: a text
            syndicated to more than ``max_ngram_df`` sites shares no "rare" n-gram at all).
            Their seeds are found directly, without the df limit.
        postings: the index, when the caller built it already (:func:`build_postings`).
    """
    n = options.ngram
    postings = postings if postings is not None else build_postings(docs, options)
    H, D, P = postings.hashes, postings.docs, postings.positions
    da, pa, db, pb = _pairs_from_postings(H, D, P)
    # Orient every seed as (smaller doc index, larger doc index).
    swap = da > db
    da, db = np.where(swap, db, da), np.where(swap, da, db)
    pa, pb = np.where(swap, pb, pa), np.where(swap, pa, pb)
    key = da * len(docs) + db
    order = np.lexsort((pb, pa, key))
    key, pa, pb = key[order], pa[order], pb[order]
    candidates: dict[tuple[int, int], Candidate] = {}
    if len(key):
        starts = _group_starts(key)
        ends = np.append(starts[1:], len(key))
        counts = ends - starts
        enough = (counts >= options.min_shared_ngrams) & (
            _longest_diagonal(key, pb - pa, starts) >= min_run_ngrams(options)
        )
        for s, e in zip(starts[enough], ends[enough]):
            a, b = divmod(int(key[s]), len(docs))
            candidates[(a, b)] = Candidate(a, b, pa[s:e], pb[s:e])
    for a, b in forced:
        a, b = min(a, b), max(a, b)
        if a != b and (a, b) not in candidates:
            sa, sb = pair_seeds(docs[a], docs[b], n, options.max_ngram_repeats)
            if len(sa):
                candidates[(a, b)] = Candidate(a, b, sa, sb)
    kept = closest_pairs({k: c.shared for k, c in candidates.items()}, docs, options.max_partners)
    return [candidates[k] for k in sorted(kept)]


def closest_pairs(strength: dict[tuple[int, int], float], docs: list[Doc], limit: int) -> set[tuple[int, int]]:
    """The article pairs worth aligning when some article has more than ``limit`` partners.

    A text run by hundreds of outlets makes every pair of its copies a candidate; aligning them
    all is quadratic in the copies and says nothing the closest few do not (lineage needs each
    copy's closest sources; its siblings follow). Each article keeps the ``limit`` partners of
    greatest ``strength`` (shared n-grams, or near-duplicate similarity), earlier-published ones
    first on ties, so verbatim copies all keep the original; a pair stays when either side keeps it.
    """
    return nearest_partners(strength, limit, order=lambda other: _time_rank(docs[other]))


def _time_rank(doc: Doc) -> tuple[int, float]:
    """Publication time as a sortable key (undated after dated)."""
    published = parse_published(doc.article.published)
    if published is None:
        return (1, 0.0)
    if not isinstance(published, datetime):
        published = datetime(published.year, published.month, published.day, tzinfo=timezone.utc)
    elif published.tzinfo is None:
        published = published.replace(tzinfo=timezone.utc)
    return (0, published.timestamp())


def min_run_ngrams(options: ReuseOptions) -> int:
    """Seeds one diagonal must hold for a pair to be aligned: as many as a run of
    ``min_passage_words`` matching words in a row gives."""
    return max(1, options.min_passage_words - options.ngram + 1)


def _longest_diagonal(key: np.ndarray, diag: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per pair (groups of ``key`` starting at ``starts``), the most seeds on one diagonal."""
    order = np.lexsort((diag, key))
    k, d = key[order], diag[order]
    new = np.concatenate(([True], (k[1:] != k[:-1]) | (d[1:] != d[:-1])))
    run_starts = np.flatnonzero(new)
    run_sizes = np.diff(np.append(run_starts, len(k)))
    # each pair's runs are contiguous in this order, and pairs come in the same order as ``starts``
    pair_of_run = np.searchsorted(k[starts], k[run_starts])
    longest = np.zeros(len(starts), dtype=np.int64)
    np.maximum.at(longest, pair_of_run, run_sizes)
    return longest


def pair_seeds(doc_a: Doc, doc_b: Doc, n: int, max_repeats: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the n-grams two articles share, found directly (no df limit)."""
    ha, hb = ngram_hashes(doc_a.hashes, n), ngram_hashes(doc_b.hashes, n)
    if not len(ha) or not len(hb):
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    H = np.concatenate((ha, hb))
    D = np.concatenate((np.zeros(len(ha), dtype=np.int64), np.ones(len(hb), dtype=np.int64)))
    P = np.concatenate((np.arange(len(ha)), np.arange(len(hb))))
    order = np.lexsort((P, D, H))
    H, D, P = H[order], D[order], P[order]
    opts = ReuseOptions(max_ngram_df=2, max_ngram_repeats=max_repeats)
    H, D, P = _filter_postings(H, D, P, opts)
    da, pa, db, pb = _pairs_from_postings(H, D, P)
    order = np.lexsort((pb, pa))
    return pa[order], pb[order]
