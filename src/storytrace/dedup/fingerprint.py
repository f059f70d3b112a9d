"""Per-article fingerprints: the only work duplicate detection does on every text.

For each text: its normal form's 128-bit hash (exact duplicates), the number
of distinct shingles (sizes for containment) and a MinHash signature (near
duplicates). Fingerprints depend on one text and the options only, so they
can be computed in shards, in any process, cached, and concatenated.

Example:
    >>> from storytrace.settings import DedupOptions
    >>> fp = fingerprints(["one two three four five six", "One two three four five six."], DedupOptions(workers=1))
    >>> fp.sizes.tolist(), bool((fp.exact[0] == fp.exact[1]).all())
    ([2, 2], True)
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import xxhash

from storytrace.dedup.minhash import minhash_and_size
from storytrace.dedup.shingles import normal_bytes, shingle_hashes, token_hashes
from storytrace.settings import DedupOptions

if TYPE_CHECKING:
    from storytrace.executors import Executor

__all__ = ["Fingerprints", "fingerprints", "signatures", "worker_pool"]

#: Texts per shard handed to a worker process.
SHARD_SIZE = 1000
#: Below this many texts a process pool costs more (start-up, imports) than it saves.
PARALLEL_MIN_TEXTS = 4000

_MASK64 = (1 << 64) - 1


@dataclass(slots=True)
class Fingerprints:
    """Struct of arrays, one row per text.

    ``exact``: ``(n, 2)`` ``uint64``, the xxh3-128 of the normal text;
    ``sizes``: ``(n,)`` ``int64``, distinct shingles (0: no words);
    ``signatures``: ``(n, num_perm)`` ``uint32`` MinHash signatures.
    """

    exact: np.ndarray
    sizes: np.ndarray
    signatures: np.ndarray

    def __len__(self) -> int:
        return len(self.sizes)

    @property
    def nbytes(self) -> int:
        return int(self.exact.nbytes + self.sizes.nbytes + self.signatures.nbytes)

    @classmethod
    def concat(cls, parts: Sequence[Fingerprints], num_perm: int) -> Fingerprints:
        if not parts:
            return cls(np.zeros((0, 2), np.uint64), np.zeros(0, np.int64), np.zeros((0, num_perm), np.uint32))
        return cls(
            np.concatenate([p.exact for p in parts]),
            np.concatenate([p.sizes for p in parts]),
            np.concatenate([p.signatures for p in parts]),
        )


def fingerprint_shard(texts: Sequence[str], shingle_size: int, num_perm: int, seed: int) -> Fingerprints:
    """Fingerprints of a few texts in this process (the unit of work a worker runs)."""
    n = len(texts)
    exact = np.empty((n, 2), dtype=np.uint64)
    sizes = np.empty(n, dtype=np.int64)
    sigs = np.empty((n, num_perm), dtype=np.uint32)
    for i, text in enumerate(texts):
        normal = normal_bytes(text)
        digest = xxhash.xxh3_128_intdigest(normal.tobytes())
        exact[i, 0] = digest >> 64
        exact[i, 1] = digest & _MASK64
        shingles = shingle_hashes(token_hashes(normal), shingle_size)
        sigs[i], sizes[i] = minhash_and_size(shingles, num_perm, seed)
    return Fingerprints(exact, sizes, sigs)


def _shard_task(texts: Sequence[str], shingle_size: int, num_perm: int, seed: int) -> Fingerprints:
    return fingerprint_shard(texts, shingle_size, num_perm, seed)


def worker_count(options: DedupOptions, n_texts: int) -> int:
    """Processes to use: ``options.workers`` (0: one per core), one for small inputs."""
    workers = options.workers if options.workers > 0 else (os.cpu_count() or 1)
    if n_texts < PARALLEL_MIN_TEXTS:
        return 1
    return max(1, min(workers, -(-n_texts // SHARD_SIZE)))


@contextmanager
def worker_pool(options: DedupOptions, n_texts: int) -> Iterator[Executor | None]:
    """A process pool for ``n_texts`` texts, or ``None`` when one process is better.

    Workers start on first use, so an unused pool costs nothing.
    """
    workers = worker_count(options, n_texts)
    if workers <= 1:
        yield None
        return
    from storytrace.executors import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers)
    try:
        yield pool
    finally:
        pool.close()


def fingerprints(texts: Sequence[str], options: DedupOptions, pool: Executor | None = None) -> Fingerprints:
    """Fingerprints of every text, in order; shards run in a process pool when that pays."""
    args = (options.shingle_size, options.num_perm, options.seed)
    if pool is None:
        with worker_pool(options, len(texts)) as own:
            if own is None:
                return fingerprint_shard(texts, *args)
            return fingerprints(texts, options, own)
    n = len(texts)
    out = Fingerprints(
        np.empty((n, 2), dtype=np.uint64), np.empty(n, dtype=np.int64), np.empty((n, options.num_perm), dtype=np.uint32)
    )
    shards = (list(texts[i : i + SHARD_SIZE]) for i in range(0, n, SHARD_SIZE))
    for index, part in pool.map_unordered(_shard_task, shards, *args):
        at = slice(index * SHARD_SIZE, index * SHARD_SIZE + len(part))
        out.exact[at], out.sizes[at], out.signatures[at] = part.exact, part.sizes, part.signatures
    return out


def signatures(texts: Sequence[str], options: DedupOptions | None = None) -> np.ndarray:
    """MinHash signatures (``uint32``, one row per text) of ``texts``.

    Per-text work only: compute them in shards or workers and cache them; rows
    computed with the same ``shingle_size``, ``num_perm`` and ``seed`` are comparable.
    """
    return fingerprints(texts, options or DedupOptions()).signatures
