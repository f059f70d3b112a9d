"""Locality-sensitive hashing of MinHash signatures: which pairs are worth verifying.

A signature of ``bands * rows`` values is cut into ``bands`` bands of ``rows``
values; two articles become a candidate pair when all values of at least one
band agree. For Jaccard similarity ``s`` that happens with probability
``1 - (1 - s**rows)**bands`` (:func:`candidate_probability`), an S-curve whose
steepness grows with ``rows``.

The index is the signature matrix itself (``uint32``, 4 bytes a value): a band's
keys are built from it one band at a time, sorted, and equal neighbours become
candidates. No dictionary of buckets is kept, so the index costs
``4 * num_perm`` bytes an article however many bands there are.

Note:
    The threshold is a trade-off. A copy cut to a third of its source keeps
    containment 1.0 but has Jaccard similarity near 0.3, so duplicate detection
    by containment needs a *low* Jaccard threshold (:func:`min_jaccard`), which
    with a fixed signature length means few rows per band and more candidates.
    :func:`lsh_params` picks the most selective banding (most rows) that still
    makes a pair at the threshold a candidate with probability ``min_recall``;
    every candidate is then verified exactly, so extra candidates cost time,
    never precision.

Example:
    >>> lsh_params(0.3, 128, 0.99)
    (64, 2)
    >>> round(candidate_probability(0.3, 64, 2), 3)
    0.998
"""

from __future__ import annotations

import numpy as np

from storytrace.dedup.shingles import fmix64

__all__ = ["band_keys", "candidate_pairs", "candidate_probability", "lsh_params", "min_jaccard"]

_U64 = np.uint64


def min_jaccard(containment: float, length_ratio: float) -> float:
    """The smallest Jaccard similarity of two sets given the smaller's containment in the larger.

    With sizes ``q <= x`` (``length_ratio = q / x``) and ``|A & B| = containment * q``,
    Jaccard is ``c*q / (q + x - c*q) = c*r / (1 + r - c*r)``.

    Example:
        >>> round(min_jaccard(0.8, 0.5), 3)
        0.364
    """
    if not 0.0 < length_ratio <= 1.0:
        raise ValueError(f"length_ratio must be in (0, 1], got {length_ratio}")
    if not 0.0 <= containment <= 1.0:
        raise ValueError(f"containment must be in [0, 1], got {containment}")
    c, r = containment, length_ratio
    return c * r / (1.0 + r - c * r)


def candidate_probability(similarity: float | np.ndarray, bands: int, rows: int) -> float | np.ndarray:
    """Probability that a pair with this Jaccard similarity shares at least one band."""
    p = 1.0 - (1.0 - np.power(similarity, rows)) ** bands
    return float(p) if np.ndim(p) == 0 else p


def lsh_params(threshold: float, num_perm: int, min_recall: float) -> tuple[int, int]:
    """``(bands, rows)`` with ``bands * rows <= num_perm``: the most rows (fewest false candidates)
    for which a pair at ``threshold`` is a candidate with probability at least ``min_recall``.

    Falls back to one row per band (every value its own band) when no banding reaches ``min_recall``.

    Args:
        threshold: the lowest Jaccard similarity that must be found.
        num_perm: signature length.
        min_recall: wanted candidate probability at ``threshold`` (pairs above it fare better).
    """
    if num_perm < 1:
        raise ValueError("num_perm must be at least 1")
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if candidate_probability(threshold, bands, rows) >= min_recall:
            return bands, rows
    return num_perm, 1


def band_keys(signatures: np.ndarray, band: int, rows: int) -> np.ndarray:
    """One ``uint64`` key per signature for band ``band`` (values ``band*rows`` .. ``+rows``).

    One or two ``uint32`` values are packed exactly; longer bands are hashed.
    """
    part = signatures[:, band * rows : (band + 1) * rows].astype(_U64)
    if rows == 1:
        return part[:, 0].copy()
    if rows == 2:
        return (part[:, 0] << _U64(32)) | part[:, 1]
    key = part[:, 0].copy()
    for j in range(1, rows):
        key = fmix64(key * _U64(0x9E3779B97F4A7C15) + part[:, j])
    return key


def _equal_key_pairs(keys: np.ndarray) -> np.ndarray:
    """All pairs of row indices with equal keys, as ``i * n + j`` with ``i < j`` (``int64``)."""
    n = len(keys)
    order = np.argsort(keys, kind="stable")
    ks = keys[order]
    same = ks[1:] == ks[:-1]
    if not same.any():
        return np.zeros(0, dtype=np.int64)
    # End (exclusive) of the run of equal keys that each sorted position belongs to.
    breaks = np.flatnonzero(~same) + 1
    run_end = np.repeat(np.append(breaks, n), np.diff(np.concatenate(([0], breaks, [n]))))
    active = np.flatnonzero(same)  # positions with an equal neighbour to their right
    out = []
    step = 1
    while len(active):
        a = order[active]
        b = order[active + step]
        out.append(np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
        step += 1
        active = active[run_end[active] > active + step]
    return np.concatenate(out)


def candidate_pairs(signatures: np.ndarray, bands: int, rows: int, subset: np.ndarray | None = None) -> np.ndarray:
    """Distinct candidate pairs ``(i, j)``, ``i < j``, sharing at least one band (shape ``(m, 2)``).

    With ``subset`` (row indices), only those rows take part and pairs are
    positions in ``subset``; the signature matrix is never copied whole.
    Pairs are returned sorted; a band costs one sort of ``n`` keys.
    """
    n = len(signatures) if subset is None else len(subset)
    found: list[np.ndarray] = []
    total = 0
    for band in range(bands):
        part = signatures[:, band * rows : (band + 1) * rows]
        keys = band_keys(part if subset is None else part[subset], 0, rows)
        pairs = _equal_key_pairs(keys)
        if len(pairs):
            found.append(pairs)
            total += len(pairs)
            if total > 4 * n + 1_000_000:  # keep memory flat: merge repeats found by several bands
                found = [np.unique(np.concatenate(found))]
                total = len(found[0])
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    keys = np.unique(np.concatenate(found))
    return np.stack((keys // n, keys % n), axis=1)
