"""UnionFind: groups joined pair by pair, named by their smallest member."""

from __future__ import annotations

import random

from storytrace._unionfind import UnionFind


def test_groups_are_named_by_their_smallest_member_whatever_the_join_order():
    pairs = [("c", "d"), ("b", "c"), ("x", "y"), ("d", "a")]
    for seed in range(5):
        random.Random(seed).shuffle(pairs)
        groups: UnionFind[str] = UnionFind()
        assert all(groups.join(a, b) for a, b in pairs)  # a forest: every join is new
        assert {m: groups.find(m) for m in "abcdxy"} == {"a": "a", "b": "a", "c": "a", "d": "a", "x": "x", "y": "x"}
        assert not groups.join("a", "c")


def test_an_item_never_joined_is_its_own_group_and_joins_against_a_brute_force_labelling():
    rng = random.Random(9)
    groups: UnionFind[int] = UnionFind()
    label = {i: i for i in range(60)}
    for _ in range(40):
        a, b = rng.randrange(60), rng.randrange(60)
        merged = label[a] != label[b]
        assert groups.join(a, b) == merged
        old, new = max(label[a], label[b]), min(label[a], label[b])
        label = {k: (new if v == old else v) for k, v in label.items()}
    assert all(groups.find(i) == label[i] for i in range(60))
    assert groups.find(1000) == 1000


def test_membership_is_what_was_joined_or_looked_up():
    groups: UnionFind[int] = UnionFind()
    groups.join(4, 9)
    assert 4 in groups and 9 in groups and 5 not in groups
    groups.find(5)
    assert 5 in groups and sorted(groups.members()) == [4, 5, 9]
