"""MinHash signatures by one permutation hashing with densification.

A MinHash signature of ``k`` values estimates the Jaccard similarity of two
shingle sets: each value agrees between two sets with probability equal to
their Jaccard similarity. Classic MinHash applies ``k`` hash functions to every
shingle (``k * n`` multiplications). One permutation hashing (Li, Owen, Zhang
2012) hashes every shingle once, splits the hash range into ``k`` bins and
keeps the smallest hash in each bin: ``n`` hashes and one sort.

A bin that no shingle falls in (short texts) borrows the value of another
bin, chosen by a fixed probe sequence that is the same for every text:
``T`` random bins first (as in Shrivastava's optimal densification, 2017),
then the next non-empty bin to the right (rotation, Shrivastava and Li
2014). The borrowed value is re-hashed with the probe's step, so a borrowed
value never equals an original one by accident.

Note:
    For any two sets, a densified bin agrees with probability equal to their
    Jaccard similarity, exactly as for classic MinHash: both sets probe the same
    bins in the same order, and the first bin that is non-empty in their union
    decides. Densified bins are correlated, so for short texts the estimate is
    noisier than ``k`` independent permutations; ``tests/dedup/test_minhash.py``
    and ``evaluation/results/dedup.md`` measure the error against exact Jaccard.

Example:
    >>> import numpy as np
    >>> a = np.arange(1000, dtype=np.uint64)
    >>> b = np.arange(500, 1500, dtype=np.uint64)
    >>> round(float(jaccard_estimate(minhash(a, 128, seed=1), minhash(b, 128, seed=1))), 1)
    0.3
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from storytrace.dedup.shingles import fmix64

__all__ = ["EMPTY", "jaccard_estimate", "minhash", "minhash_and_size", "minhash_many"]

_U64 = np.uint64
_LOW32 = _U64(0xFFFFFFFF)
#: The signature value of every bin of an empty set (no text).
EMPTY = np.uint32(0xFFFFFFFF)
#: Random bins probed before falling back to rotation.
_PROBES = 8


_M64 = (1 << 64) - 1


def _fmix64_int(h: int) -> int:
    """:func:`~storytrace.dedup.shingles.fmix64` on one Python integer."""
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & _M64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & _M64
    return h ^ (h >> 33)


@lru_cache(maxsize=16)
def _seed_key(seed: int) -> np.uint64:
    return _U64(_fmix64_int((seed * 0x9E3779B97F4A7C15 + 1) & _M64))


@lru_cache(maxsize=16)
def _probe_table(num_perm: int, seed: int) -> list[list[int]]:
    """For each bin, the ``_PROBES`` bins it borrows from when empty, in order."""
    rng = np.random.default_rng([seed, num_perm])
    return rng.integers(0, num_perm, size=(num_perm, _PROBES)).tolist()


def minhash(shingles: np.ndarray, num_perm: int, seed: int = 1) -> np.ndarray:
    """The ``num_perm``-value signature (``uint32``) of one set of 64-bit shingle hashes.

    Args:
        shingles: shingle hashes (repeats allowed; order does not matter).
        num_perm: number of signature values (bins).
        seed: chooses the hash permutation; signatures are comparable only with the same seed.

    Returns:
        ``uint32`` array of length ``num_perm``; all :data:`EMPTY` for an empty set.
    """
    return minhash_and_size(shingles, num_perm, seed)[0]


@lru_cache(maxsize=16)
def _bin_starts(num_perm: int) -> np.ndarray:
    """The smallest 64-bit hash of each bin (bin ``b`` holds hashes ``h`` with ``h * num_perm >> 64 == b``),
    plus ``2**64 - 1`` as an end marker."""
    starts = [-(-(b << 64) // num_perm) for b in range(num_perm)]
    return np.array(starts + [(1 << 64) - 1], dtype=_U64)


def minhash_and_size(shingles: np.ndarray, num_perm: int, seed: int = 1) -> tuple[np.ndarray, int]:
    """:func:`minhash` and the number of distinct shingles, from the same sort."""
    if len(shingles) == 0:
        return np.full(num_perm, EMPTY, dtype=np.uint32), 0
    # A seeded bijection of the 64-bit hashes, sorted: each bin's smallest hash is its first.
    h = np.sort(fmix64(shingles ^ _seed_key(seed)))
    size = 1 + int(np.count_nonzero(h[1:] != h[:-1]))
    first = np.searchsorted(h, _bin_starts(num_perm))
    if h[-1] == _U64((1 << 64) - 1):  # the end marker is itself a hash: count it in the last bin
        first[-1] = len(h)
    present = first[1:] > first[:-1]
    first = first[:-1]
    first[first == len(h)] = 0
    signature = (h[first] & _LOW32).astype(np.uint32)
    if not present.all():
        _densify(signature, present, num_perm, seed)
    return signature, size


def _densify(signature: np.ndarray, present: np.ndarray, num_perm: int, seed: int) -> None:
    """Fill empty bins from their probe sequence (random bins, then rotation to the right).

    The value borrowed at probe step ``t`` is ``fmix64(value ^ (t << 32))``'s low 32 bits.
    A handful of empty bins is the common case, so this is plain Python.
    """
    probes = _probe_table(num_perm, seed)
    has = present.tolist()
    values = signature.tolist()
    for j in np.flatnonzero(~present).tolist():
        for t, b in enumerate(probes[j], start=1):
            if has[b]:
                break
        else:
            b = j
            t = _PROBES
            while True:
                b = (b + 1) % num_perm
                t += 1
                if has[b]:
                    break
        signature[j] = _fmix64_int(values[b] ^ (t << 32)) & 0xFFFFFFFF


def minhash_many(shingle_sets: list[np.ndarray], num_perm: int, seed: int = 1) -> np.ndarray:
    """Signatures of several sets, one row each (``uint32``, shape ``(len(sets), num_perm)``)."""
    out = np.empty((len(shingle_sets), num_perm), dtype=np.uint32)
    for i, shingles in enumerate(shingle_sets):
        out[i] = minhash(shingles, num_perm, seed)
    return out


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Share of agreeing signature values (works on single signatures or row-aligned matrices)."""
    return np.mean(a == b, axis=-1)
