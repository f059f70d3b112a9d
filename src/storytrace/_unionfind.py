"""Groups joined pair by pair (union-find): copies of one text, lineage components, must-linked articles.

Example:
    >>> groups = UnionFind()
    >>> groups.join(3, 1), groups.join(1, 2), groups.join(2, 3)
    (True, True, False)
    >>> groups.find(3), groups.find(7)
    (1, 7)
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Disjoint groups of items; each group is named by its smallest member (items must be comparable)."""

    def __init__(self) -> None:
        self._root: dict[T, T] = {}

    def find(self, x: T) -> T:
        """The name of ``x``'s group (``x`` itself when it was never joined)."""
        root = self._root
        root.setdefault(x, x)
        while root[x] != x:
            root[x] = root[root[x]]  # path halving: later finds are shorter
            x = root[x]
        return x

    def join(self, a: T, b: T) -> bool:
        """Put ``a`` and ``b`` in one group; False when they already were."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        low, high = (ra, rb) if ra < rb else (rb, ra)  # type: ignore[operator]
        self._root[high] = low
        return True

    def members(self) -> list[T]:
        """Every item seen, joined or only looked up."""
        return list(self._root)

    def __contains__(self, x: object) -> bool:
        """Whether ``x`` was joined or looked up."""
        return x in self._root
