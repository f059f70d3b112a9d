"""Exact duplicates: the same normal text (folded words joined by single spaces).

Each article's normal text is hashed with xxh3-128 (:mod:`storytrace.dedup.fingerprint`);
equal hashes form a group. A group of ``n`` articles is reported as ``n - 1``
pairs, each member with the group's first member (the smallest id), not as
all ``n * (n - 1) / 2`` pairs. Articles with no words form no group.

Example:
    >>> import numpy as np
    >>> hashes = np.array([[1, 2], [3, 4], [1, 2]], dtype=np.uint64)
    >>> exact_groups(hashes, np.array([5, 5, 5]), ["c", "b", "a"]).tolist()
    [2, 1, 2]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["exact_groups"]


def exact_groups(hashes: np.ndarray, sizes: np.ndarray, ids: Sequence[str]) -> np.ndarray:
    """For each article, the index of its group's first member (itself when it has no twin).

    Args:
        hashes: ``(n, 2)`` ``uint64`` halves of each article's 128-bit normal-text hash.
        sizes: shingle counts; an article with 0 (no words) is its own representative.
        ids: article ids; the smallest id of a group is its first member.
    """
    n = len(ids)
    rep = np.arange(n)
    if n < 2:
        return rep
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[sorted(range(n), key=ids.__getitem__)] = np.arange(n)
    order = np.lexsort((id_rank, hashes[:, 1], hashes[:, 0]))
    h = hashes[order]
    new_group = np.ones(n, dtype=bool)
    new_group[1:] = (h[1:] != h[:-1]).any(axis=1)
    first = order[np.flatnonzero(new_group)]
    group = np.cumsum(new_group) - 1
    rep[order] = first[group]
    empty = sizes == 0
    rep[empty] = np.flatnonzero(empty)
    return rep
