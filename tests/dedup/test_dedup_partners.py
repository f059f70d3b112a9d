"""Bounding pairs: each article's closest partners, and the forest that keeps groups whole."""

from __future__ import annotations

import random

from storytrace.dedup.partners import nearest_partners, strongest_forest


def _random_pairs(seed: int, n: int, density: float) -> dict[tuple[int, int], float]:
    rng = random.Random(seed)
    return {(i, j): round(rng.random(), 3) for i in range(n) for j in range(i + 1, n) if rng.random() < density}


def _groups(pairs) -> set[frozenset[int]]:
    root: dict[int, int] = {}

    def find(x):
        root.setdefault(x, x)
        while root[x] != x:
            x = root[x]
        return x

    for a, b in pairs:
        root[find(a)] = find(b)
    return {frozenset(x for x in root if find(x) == find(r)) for r in root}


def test_every_article_keeps_its_strongest_partners_and_at_most_that_many_of_its_own_choice():
    strength = _random_pairs(3, 60, 0.5)
    kept = nearest_partners(strength, 4)
    for article in range(60):
        mine = sorted((k for k in strength if article in k), key=lambda k: -strength[k])
        assert set(mine[:4]) <= kept
    assert len(kept) <= 60 * 4 and kept <= set(strength)


def test_no_limit_or_few_partners_keep_every_pair():
    strength = _random_pairs(4, 12, 0.3)
    assert nearest_partners(strength, 0) == set(strength)
    assert nearest_partners(strength, 12) == set(strength)


def test_ties_go_to_the_partner_first_in_the_given_order():
    # Article 0 is tied between 1, 2 and 3, each of which prefers a stronger partner of its own.
    strength = {(0, 1): 0.5, (0, 2): 0.5, (0, 3): 0.5, (1, 4): 0.9, (2, 5): 0.9, (3, 6): 0.9}
    own = {(1, 4), (2, 5), (3, 6)}
    assert nearest_partners(strength, 1) == own | {(0, 1)}
    assert nearest_partners(strength, 1, order=lambda article: -article) == own | {(0, 3)}


def test_the_forest_connects_exactly_what_the_pairs_connect_with_their_strongest_links():
    strength = _random_pairs(5, 80, 0.04)
    forest = strongest_forest(strength)
    assert _groups(forest) == _groups(strength)
    assert len(forest) == sum(len(g) - 1 for g in _groups(strength))
    # Kruskal: no pair outside the forest is stronger than the weakest link on the forest path it closes;
    # checked here in its simplest consequence, the strongest pair is always in.
    assert max(strength, key=lambda k: (strength[k], [-x for x in k])) in forest
