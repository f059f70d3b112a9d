"""Exact verification: Jaccard, containment and the near-duplicate rule with its floor."""

from __future__ import annotations

import numpy as np
import pytest

from storytrace.dedup.exact import exact_groups
from storytrace.dedup.verify import is_near, overlap, plausible, required_jaccard
from storytrace.settings import DedupOptions


def test_overlap_is_jaccard_and_containment_of_the_smaller():
    a = np.arange(0, 100, dtype=np.uint64)
    b = np.arange(50, 250, dtype=np.uint64)
    jaccard, containment = overlap(a, b)
    assert jaccard == pytest.approx(50 / 250)
    assert containment == pytest.approx(50 / 100)
    assert overlap(b, a) == overlap(a, b)
    assert overlap(a, np.zeros(0, dtype=np.uint64)) == (0.0, 0.0)
    assert overlap(a, a) == (1.0, 1.0)
    # The largest value of a does not falsely match b's first.
    assert overlap(np.array([5, 99], dtype=np.uint64), np.array([5], dtype=np.uint64)) == (0.5, 1.0)


def test_near_by_jaccard_or_by_containment_above_the_floor():
    o = DedupOptions(min_similarity=0.5, min_containment=0.8, min_shingles=20, min_length_ratio=0.3)
    assert is_near(100, 100, 0.6, 0.75, o)  # similar enough
    assert is_near(400, 200, 0.4, 0.85, o)  # trimmed copy: half the length, contained
    assert not is_near(400, 200, 0.4, 0.7, o)
    assert not is_near(1000, 200, 0.19, 0.95, o)  # a brief inside a long feature: below the length ratio
    assert not is_near(30, 10, 0.33, 1.0, o)  # too short for containment to mean anything
    assert is_near(12, 10, 0.83, 1.0, o)  # but two short near-identical texts are near by Jaccard


def test_required_jaccard_matches_the_rule():
    o = DedupOptions(min_similarity=0.5, min_containment=0.8, min_shingles=20, min_length_ratio=0.3)
    need = required_jaccard(np.array([100, 400, 1000, 100, 10]), np.array([100, 200, 200, 20, 12]), o)
    assert need[0] == pytest.approx(0.5)
    assert need[1] == pytest.approx(0.8 * 200 / (600 - 160))
    assert np.isinf(need[2])  # containment not allowed, and Jaccard <= 0.2 < 0.5
    assert np.isinf(need[3])
    assert need[4] == pytest.approx(0.5)


def test_plausible_keeps_pairs_near_what_they_need():
    o = DedupOptions(num_perm=100)
    sigs = np.zeros((3, 100), dtype=np.uint32)
    sigs[1, :60] = 0
    sigs[1, 60:] = 1  # agrees with row 0 on 60 %
    sigs[2, :] = 2  # agrees with nobody
    sizes = np.array([500, 500, 500])
    keep = plausible(np.array([[0, 1], [0, 2]]), sigs, sizes, o, sigmas=3.0)
    assert keep.tolist() == [True, False]


def test_exact_groups_point_to_the_smallest_id():
    hashes = np.array([[1, 1], [2, 2], [1, 1], [1, 1], [3, 3], [0, 0], [0, 0]], dtype=np.uint64)
    sizes = np.array([5, 5, 5, 5, 5, 0, 0])
    ids = ["m", "b", "c", "a", "z", "e1", "e2"]
    rep = exact_groups(hashes, sizes, ids)
    assert rep.tolist() == [3, 1, 3, 3, 4, 5, 6]  # empty texts are nobody's duplicate
