"""Exact verification of candidate pairs: Jaccard and containment of the shingle sets.

LSH candidates are only likely duplicates. Each is checked on the exact
sets of shingle hashes before it is reported:

* ``jaccard = |A & B| / |A | B|``
* ``containment = |A & B| / min(|A|, |B|)`` (how much of the shorter text is in the longer)

A pair is *near* when ``jaccard >= min_similarity``, or when
``containment >= min_containment`` and the shorter text is long enough for
containment to mean something: at least ``min_shingles`` shingles and at
least ``min_length_ratio`` of the longer text's size. Without that floor a
one-paragraph brief quoted inside a long feature would be its "duplicate".

Before the exact check, :func:`plausible` drops candidates whose signature
estimate is far below the Jaccard similarity they would need, given their
sizes, to pass (:func:`required_jaccard`): a size-aware threshold per pair,
the idea behind LSH Ensemble's partitions, applied where the sizes are known
exactly.
"""

from __future__ import annotations

import numpy as np

from storytrace.settings import DedupOptions

__all__ = ["is_near", "overlap", "plausible", "required_jaccard"]


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """``(jaccard, containment)`` of two sorted arrays of distinct shingle hashes."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0
    if len(a) > len(b):
        a, b = b, a
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    shared = int(np.count_nonzero(b[at] == a))
    return shared / (len(a) + len(b) - shared), shared / len(a)


def _containment_counts(small, large, options: DedupOptions):  # type: ignore[no-untyped-def]
    """Whether containment may decide the pair (the floor on the shorter text)."""
    return (small >= options.min_shingles) & (small >= options.min_length_ratio * large)


def is_near(size_a: int, size_b: int, jaccard: float, containment: float, options: DedupOptions) -> bool:
    """The near-duplicate rule on exact figures (see the module docstring)."""
    if jaccard >= options.min_similarity:
        return True
    small, large = min(size_a, size_b), max(size_a, size_b)
    return bool(_containment_counts(small, large, options)) and containment >= options.min_containment


def required_jaccard(size_a: np.ndarray, size_b: np.ndarray, options: DedupOptions) -> np.ndarray:
    """The lowest Jaccard similarity with which a pair of these sizes can be near (``inf``: cannot).

    Jaccard is at most ``small / large``; containment ``c`` implies Jaccard
    ``c*small / (small + large - c*small)``.
    """
    small = np.minimum(size_a, size_b).astype(np.float64)
    large = np.maximum(size_a, size_b).astype(np.float64)
    c = options.min_containment
    by_containment = np.where(
        _containment_counts(small, large, options),
        c * small / np.maximum(small + large - c * small, 1.0),
        np.inf,
    )
    need = np.minimum(options.min_similarity, by_containment)
    # Jaccard cannot exceed small / large: such pairs can never pass.
    return np.where(need <= small / np.maximum(large, 1.0) + 1e-12, need, np.inf)


def plausible(
    pairs: np.ndarray, signatures: np.ndarray, sizes: np.ndarray, options: DedupOptions, sigmas: float
) -> np.ndarray:
    """Mask of candidate pairs whose signature estimate is within ``sigmas`` standard errors of passing."""
    if len(pairs) == 0:
        return np.zeros(0, dtype=bool)
    need = required_jaccard(sizes[pairs[:, 0]], sizes[pairs[:, 1]], options)
    k = signatures.shape[1]
    slack = sigmas * np.sqrt(np.clip(need, 0.0, 1.0) * (1.0 - np.clip(need, 0.0, 1.0)) / k) + 1.0 / k
    keep = np.zeros(len(pairs), dtype=bool)
    step = 1 << 13  # pairs compared at once: 2 * 8192 signatures in memory
    for start in range(0, len(pairs), step):
        part = pairs[start : start + step]
        agree = np.count_nonzero(signatures[part[:, 0]] == signatures[part[:, 1]], axis=1) / k
        keep[start : start + step] = agree >= need[start : start + step] - slack[start : start + step]
    return keep
