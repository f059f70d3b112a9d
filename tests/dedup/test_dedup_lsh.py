"""LSH banding: the parameter choice and candidate pairs."""

from __future__ import annotations

import numpy as np
import pytest

from storytrace.dedup.lsh import band_keys, candidate_pairs, candidate_probability, lsh_params, min_jaccard
from storytrace.dedup.minhash import minhash
from storytrace.dedup.near import lsh_banding, lsh_threshold
from storytrace.settings import DedupOptions


def test_min_jaccard_of_a_contained_copy():
    assert min_jaccard(1.0, 1.0) == 1.0
    assert min_jaccard(1.0, 0.5) == pytest.approx(0.5)
    assert min_jaccard(0.8, 0.5) == pytest.approx(0.4 / 1.1)
    assert min_jaccard(0.8, 0.3) == pytest.approx(0.24 / 1.06)
    with pytest.raises(ValueError):
        min_jaccard(0.8, 0.0)


def test_candidate_probability_is_an_s_curve():
    s = np.linspace(0, 1, 11)
    p = candidate_probability(s, 20, 5)
    assert p[0] == 0.0 and p[-1] == 1.0 and np.all(np.diff(p) >= 0)
    assert candidate_probability(0.3, 64, 2) == pytest.approx(1 - (1 - 0.09) ** 64)


@pytest.mark.parametrize("threshold", [0.15, 0.2264, 0.3, 0.5, 0.8])
@pytest.mark.parametrize("num_perm", [64, 128, 192, 256])
def test_lsh_params_is_the_most_selective_banding_that_reaches_the_recall(threshold, num_perm):
    bands, rows = lsh_params(threshold, num_perm, 0.99)
    assert bands * rows <= num_perm and bands == num_perm // rows
    if rows > 1 or candidate_probability(threshold, bands, rows) >= 0.99:
        assert candidate_probability(threshold, bands, rows) >= 0.99
    # Any banding with more rows per band would miss the recall target.
    for more in range(rows + 1, num_perm + 1):
        assert candidate_probability(threshold, num_perm // more, more) < 0.99


def test_lsh_params_known_values():
    assert lsh_params(0.3, 128, 0.99) == (64, 2)
    assert lsh_params(0.8, 128, 0.99) == (21, 6)
    assert lsh_params(0.2264, 128, 0.99) == (128, 1)  # too low for two rows with 128 values
    assert lsh_params(0.2264, 192, 0.99) == (96, 2)


def test_default_options_band_with_two_rows_for_trimmed_copies():
    options = DedupOptions()
    # A copy holding 80 % of its words in a text 3.3 times longer is still in reach ...
    assert lsh_threshold(options) == pytest.approx(min_jaccard(options.min_containment, options.min_length_ratio))
    bands, rows = lsh_banding(options)
    assert rows == 2 and bands * rows <= options.num_perm
    assert candidate_probability(lsh_threshold(options), bands, rows) >= options.lsh_recall
    # ... while unrelated texts sharing a few phrases rarely become candidates.
    assert candidate_probability(0.05, bands, rows) < 0.25


def test_band_keys_pack_rows():
    sigs = np.array([[1, 2, 3, 4], [1, 2, 9, 4]], dtype=np.uint32)
    k0 = band_keys(sigs, 0, 2)
    k1 = band_keys(sigs, 1, 2)
    assert k0[0] == k0[1] == (1 << 32 | 2)
    assert k1[0] != k1[1]
    k = band_keys(sigs, 0, 3)
    assert k[0] != k[1]


def test_candidate_pairs_from_shared_bands():
    sigs = np.array(
        [[1, 2, 3, 4], [1, 2, 5, 6], [7, 8, 5, 6], [9, 9, 9, 9], [1, 2, 0, 0]],
        dtype=np.uint32,
    )
    pairs = candidate_pairs(sigs, 2, 2)
    assert pairs.tolist() == [[0, 1], [0, 4], [1, 2], [1, 4]]
    assert candidate_pairs(sigs[:1], 2, 2).shape == (0, 2)
    assert candidate_pairs(np.zeros((0, 4), np.uint32), 2, 2).shape == (0, 2)


def test_big_buckets_give_every_pair_once():
    sigs = np.zeros((30, 4), dtype=np.uint32)
    pairs = candidate_pairs(sigs, 2, 2)
    assert len(pairs) == 30 * 29 // 2
    assert (pairs[:, 0] < pairs[:, 1]).all()


def test_candidate_rate_follows_the_s_curve():
    rng = np.random.default_rng(9)
    bands, rows, k = 32, 2, 64
    for jaccard in (0.15, 0.3):
        hits = 0
        trials = 300
        for t in range(trials):
            size = 400
            shared = round(size * 2 * jaccard / (1 + jaccard))
            pool = rng.integers(0, 2**63, size=shared + 2 * (size - shared), dtype=np.uint64)
            a = pool[:size]
            b = np.concatenate((pool[:shared], pool[size:]))
            sigs = np.stack((minhash(a, k, seed=t), minhash(b, k, seed=t)))
            hits += len(candidate_pairs(sigs, bands, rows)) == 1
        expected = candidate_probability(jaccard, bands, rows)
        assert abs(hits / trials - expected) < 4 * np.sqrt(expected * (1 - expected) / trials) + 0.02


def test_candidate_pairs_on_a_subset_of_rows():
    sigs = np.array(
        [[1, 2, 3, 4], [1, 2, 5, 6], [7, 8, 5, 6], [9, 9, 9, 9], [1, 2, 0, 0]],
        dtype=np.uint32,
    )
    subset = np.array([1, 2, 4])
    pairs = candidate_pairs(sigs, 2, 2, subset=subset)
    assert subset[pairs].tolist() == [[1, 2], [1, 4]]
