"""Bounding the pairs of a text many outlets ran: each article's closest partners.

A wire story carried by ``n`` outlets, each copy lightly edited, makes every one
of its ``n (n - 1) / 2`` pairs a near duplicate: 600 copies give 180,000 pairs,
most of which say nothing the closest few do not. :func:`nearest_partners` keeps,
for each article, the ``limit`` partners it is most similar to (a pair stays when
either side keeps it); :func:`strongest_forest` adds the strongest links that hold
each group together, so bounding never splits a group of copies.

Example:
    >>> strength = {(0, 1): 0.9, (0, 2): 0.8, (1, 2): 0.7, (0, 3): 0.6, (2, 3): 0.95}
    >>> sorted(nearest_partners(strength, limit=1))
    [(0, 1), (2, 3)]
    >>> sorted(strongest_forest(strength))
    [(0, 1), (0, 2), (2, 3)]
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

from storytrace._unionfind import UnionFind

Pair = tuple[int, int]


def nearest_partners(
    strength: Mapping[Pair, float], limit: int, order: Callable[[int], Hashable] | None = None
) -> set[Pair]:
    """Pairs of ``strength`` kept when each article keeps its ``limit`` strongest (``limit <= 0``: all).

    Ties go to the partner with the smaller ``order(partner)`` (default: its index), so the
    choice is deterministic; an article with ``limit`` partners or fewer keeps them all.
    """
    if limit <= 0:
        return set(strength)
    partners: dict[int, list[Pair]] = {}
    for key in strength:
        partners.setdefault(key[0], []).append(key)
        partners.setdefault(key[1], []).append(key)
    if all(len(keys) <= limit for keys in partners.values()):
        return set(strength)
    rank = order or (lambda other: other)
    keys_by_rank: dict[int, Hashable] = {}

    def tie(other: int) -> Hashable:
        if other not in keys_by_rank:
            keys_by_rank[other] = rank(other)
        return keys_by_rank[other]

    def closest_first(article: int, key: Pair) -> tuple[float, Hashable, int]:
        other = key[0] + key[1] - article  # the partner of ``article`` in ``key``
        return (-strength[key], tie(other), other)

    kept: set[Pair] = set()
    for article, keys in partners.items():
        if len(keys) > limit:
            keys = sorted(keys, key=lambda k, a=article: closest_first(a, k))[:limit]
        kept.update(keys)
    return kept


def strongest_forest(strength: Mapping[Pair, float]) -> set[Pair]:
    """A maximum spanning forest of the pairs: the strongest links that connect what the pairs connect."""
    groups: UnionFind[int] = UnionFind()
    return {key for key in sorted(strength, key=lambda k: (-strength[k], k)) if groups.join(*key)}
