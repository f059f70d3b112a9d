"""Near-duplicate search: LSH candidates, a size-aware signature filter, exact verification.

Steps, for the articles that are not an exact copy of another:

1. :func:`lsh_banding` turns the thresholds into a banding: the lowest Jaccard
   similarity a near-duplicate can have is that of the shortest allowed copy
   (``min_length_ratio``) with the lowest allowed containment;
2. :func:`~storytrace.dedup.lsh.candidate_pairs` finds pairs sharing a band;
3. :func:`~storytrace.dedup.verify.plausible` drops pairs whose signature
   estimate is far below what their sizes require;
4. the rest are verified on exact shingle sets, recomputed from the texts
   (the index keeps only signatures), in chunks of connected groups of
   candidates so each text is shingled once; chunks run in worker processes
   when there are many.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from storytrace.dedup.fingerprint import Fingerprints
from storytrace.dedup.lsh import candidate_pairs, lsh_params, min_jaccard
from storytrace.dedup.shingles import text_shingles
from storytrace.dedup.verify import is_near, overlap, plausible
from storytrace.settings import DedupOptions

if TYPE_CHECKING:
    from storytrace.executors import Executor

__all__ = ["NearPair", "SearchStats", "lsh_banding", "lsh_threshold", "near_pairs", "verify_chunk"]


@dataclass(slots=True)
class NearPair:
    """A verified near-duplicate pair of row indices (``i < j``) with its exact figures."""

    i: int
    j: int
    jaccard: float
    containment: float


@dataclass(slots=True)
class SearchStats:
    """What each step kept, for benchmarks and logs."""

    articles: int = 0
    bands: int = 0
    rows: int = 0
    threshold: float = 0.0
    candidates: int = 0
    plausible: int = 0
    verified_near: int = 0
    texts_shingled: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def lsh_threshold(options: DedupOptions) -> float:
    """The lowest Jaccard similarity a reported near-duplicate can have."""
    by_containment = min_jaccard(options.min_containment, options.min_length_ratio)
    return min(options.min_similarity, by_containment)


def lsh_banding(options: DedupOptions) -> tuple[int, int]:
    """``(bands, rows)`` for these options (see :func:`~storytrace.dedup.lsh.lsh_params`)."""
    return lsh_params(lsh_threshold(options), options.num_perm, options.lsh_recall)


def _group_order(pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An order of ``pairs`` in which each connected group of articles comes together, and the groups."""
    nodes, compact = np.unique(pairs, return_inverse=True)
    compact = compact.reshape(pairs.shape)
    label = np.arange(len(nodes))
    while True:
        low = np.minimum(label[compact[:, 0]], label[compact[:, 1]])
        before = label.copy()
        np.minimum.at(label, compact[:, 0], low)
        np.minimum.at(label, compact[:, 1], low)
        label = label[label]
        if np.array_equal(label, before):
            break
    group = label[compact[:, 0]]
    order = np.lexsort((compact[:, 1], compact[:, 0], group))
    return order, group[order]


def _chunks(groups: np.ndarray, size: int) -> list[slice]:
    """Consecutive slices of about ``size`` pairs that do not split a group (unless it is larger)."""
    out: list[slice] = []
    start = 0
    n = len(groups)
    while start < n:
        end = min(start + size, n)
        if end < n:
            # Move the cut forward to the next group boundary, unless that group is itself huge.
            nxt = int(np.searchsorted(groups, groups[end - 1], side="right"))
            if nxt - start <= 4 * size:
                end = nxt
        out.append(slice(start, end))
        start = end
    return out


def verify_chunk(pairs: np.ndarray, texts: Sequence[str], options: DedupOptions,
                 sets: dict[int, np.ndarray] | None = None) -> list[tuple[int, int, float, float]]:
    """Exact check of ``pairs`` (indices into ``texts``): the near ones with Jaccard and containment.

    Each text is shingled once (``sets``: shingles already made, filled as texts are read); the
    unit of work a worker runs.
    """
    sets = {} if sets is None else sets
    found = []
    for i, j in pairs.tolist():
        a = sets.get(i)
        if a is None:
            a = sets[i] = text_shingles(texts[i], options.shingle_size)
        b = sets.get(j)
        if b is None:
            b = sets[j] = text_shingles(texts[j], options.shingle_size)
        jaccard, containment = overlap(a, b)
        if is_near(len(a), len(b), jaccard, containment, options):
            found.append((i, j, jaccard, containment))
    return found


def _local_task(pairs: np.ndarray, rows: np.ndarray, texts: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """``pairs`` re-indexed into the list of the texts they need (what a worker is sent)."""
    local = np.searchsorted(rows, pairs)
    return local, [texts[r] for r in rows.tolist()]


def _verify_task(task: tuple[np.ndarray, list[str]], options: DedupOptions) -> list[tuple[int, int, float, float]]:
    local, texts = task
    return verify_chunk(local, texts, options)


#: Candidate pairs per verification task, and the fewest worth sending to worker processes.
VERIFY_CHUNK = 500
PARALLEL_MIN_PAIRS = 1000
#: Texts whose shingles one process keeps between chunks (~4 KB each), then starts afresh.
SERIAL_SHINGLE_CACHE = 20_000


def near_pairs(
    texts: Sequence[str],
    fp: Fingerprints,
    rows_to_search: np.ndarray,
    options: DedupOptions,
    stats: SearchStats | None = None,
    pool: Executor | None = None,
) -> list[NearPair]:
    """Verified near-duplicate pairs among ``rows_to_search`` (row indices into ``texts`` and ``fp``).

    ``texts`` is read only for plausible candidates, so it may be a lazy sequence.
    With a ``pool``, many candidates are verified in its worker processes.
    """
    stats = stats if stats is not None else SearchStats()
    stats.articles = len(rows_to_search)
    bands, rows = lsh_banding(options)
    stats.bands, stats.rows, stats.threshold = bands, rows, lsh_threshold(options)
    started = time.perf_counter()
    local = candidate_pairs(fp.signatures, bands, rows, subset=rows_to_search)
    pairs = rows_to_search[local]
    stats.candidates = len(pairs)
    stats.seconds["lsh"] = time.perf_counter() - started

    started = time.perf_counter()
    pairs = pairs[plausible(pairs, fp.signatures, fp.sizes, options, options.prefilter_sigmas)]
    stats.plausible = len(pairs)
    stats.seconds["prefilter"] = time.perf_counter() - started

    started = time.perf_counter()
    found: list[NearPair] = []
    if len(pairs):
        order, groups = _group_order(pairs)
        pairs = pairs[order]
        chunks = [pairs[c] for c in _chunks(groups, VERIFY_CHUNK)]
        if pool is not None and len(pairs) >= PARALLEL_MIN_PAIRS:
            row_lists = [np.unique(c) for c in chunks]
            tasks = (_local_task(c, rows_k, texts) for c, rows_k in zip(chunks, row_lists))
            results = dict(pool.map_unordered(_verify_task, tasks, options))
            for k, rows_k in enumerate(row_lists):
                stats.texts_shingled += len(rows_k)
                for i, j, jaccard, containment in results[k]:
                    found.append(NearPair(int(rows_k[i]), int(rows_k[j]), jaccard, containment))
        else:
            # In this process the chunks share one cache of shingles: a text run by hundreds of sites
            # is in most chunks, and was shingled once per chunk (600 copies: 139,000 times).
            sets: dict[int, np.ndarray] = {}
            for chunk in chunks:
                if len(sets) > SERIAL_SHINGLE_CACHE:
                    sets.clear()
                before = len(sets)
                for i, j, jaccard, containment in verify_chunk(chunk, texts, options, sets):
                    found.append(NearPair(int(i), int(j), jaccard, containment))
                stats.texts_shingled += len(sets) - before
    stats.verified_near = len(found)
    stats.seconds["verify"] = time.perf_counter() - started
    return found
