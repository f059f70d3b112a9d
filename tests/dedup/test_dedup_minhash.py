"""MinHash by one permutation hashing with densification: an unbiased Jaccard estimate."""

from __future__ import annotations

import numpy as np
import pytest

from storytrace.dedup.minhash import EMPTY, jaccard_estimate, minhash, minhash_and_size, minhash_many
from storytrace.dedup.shingles import text_shingles


def _pair(rng: np.random.Generator, size: int, jaccard: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Two random hash sets of ``size`` elements each with about this Jaccard similarity."""
    shared = round(size * 2 * jaccard / (1 + jaccard))
    only = size - shared
    pool = rng.integers(0, 2**63, size=shared + 2 * only, dtype=np.uint64)
    a = pool[: shared + only]
    b = np.concatenate((pool[:shared], pool[shared + only :]))
    return a, b, shared / (shared + 2 * only)


@pytest.mark.parametrize("size", [40, 300, 2000])
@pytest.mark.parametrize("jaccard", [0.2, 0.5, 0.9])
def test_estimate_is_unbiased_with_minhash_variance(size, jaccard):
    rng = np.random.default_rng(size + int(jaccard * 100))
    k = 192
    errors = []
    for trial in range(120):
        a, b, true = _pair(rng, size, jaccard)
        errors.append(float(jaccard_estimate(minhash(a, k, seed=trial), minhash(b, k, seed=trial))) - true)
    errors = np.array(errors)
    sd = np.sqrt(jaccard * (1 - jaccard) / k)  # k independent permutations
    assert abs(errors.mean()) < 3 * sd / np.sqrt(len(errors)) + 0.005
    assert errors.std() < 1.35 * sd


def test_estimate_on_generated_texts_matches_exact_jaccard():
    from random import Random

    from dedup_helpers import replace_words, text, vocabulary

    rng = Random(5)
    vocab = vocabulary(rng, 400)
    for share in (0.02, 0.05, 0.1, 0.2):
        base = text(rng, vocab, 12)
        edited = replace_words(rng, base, vocab, share)
        a, b = text_shingles(base, 5), text_shingles(edited, 5)
        exact = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
        estimate = float(jaccard_estimate(minhash(a, 192), minhash(b, 192)))
        assert abs(estimate - exact) < 4 * np.sqrt(exact * (1 - exact) / 192) + 0.01


def test_identical_sets_identical_signatures_whatever_the_order_and_repeats():
    rng = np.random.default_rng(1)
    a = rng.integers(0, 2**63, size=500, dtype=np.uint64)
    b = np.concatenate((a[::-1], a[:50]))
    assert np.array_equal(minhash(a, 128), minhash(b, 128))
    assert minhash_and_size(b, 128)[1] == 500


def test_seed_changes_the_permutation_deterministically():
    a = np.arange(1, 400, dtype=np.uint64)
    assert np.array_equal(minhash(a, 64, seed=3), minhash(a, 64, seed=3))
    assert not np.array_equal(minhash(a, 64, seed=3), minhash(a, 64, seed=4))


def test_empty_set_has_the_empty_signature():
    sig, size = minhash_and_size(np.zeros(0, dtype=np.uint64), 16)
    assert size == 0 and sig.dtype == np.uint32 and (sig == EMPTY).all()


def test_tiny_sets_are_densified_and_still_estimate_jaccard():
    # One shingle in 192 bins: 191 bins borrow; equal sets agree everywhere, disjoint ones nowhere.
    one = np.array([12345], dtype=np.uint64)
    other = np.array([67890], dtype=np.uint64)
    assert jaccard_estimate(minhash(one, 192), minhash(one, 192)) == 1.0
    assert jaccard_estimate(minhash(one, 192), minhash(other, 192)) < 0.05
    # Borrowed values differ from the bin they came from, so bands of two rows are not trivially equal.
    sig = minhash(one, 192)
    assert len(set(sig.tolist())) > 150


def test_minhash_many_stacks_rows():
    sets = [np.arange(i, i + 50, dtype=np.uint64) for i in range(3)]
    rows = minhash_many(sets, 32)
    assert rows.shape == (3, 32) and np.array_equal(rows[1], minhash(sets[1], 32))
