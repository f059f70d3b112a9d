"""Candidate pairs from the inverted index of rare n-grams."""

from __future__ import annotations

import numpy as np

from reuse_helpers import article, sentences
from storytrace.reuse.candidates import find_candidates, ngram_hashes, pair_seeds
from storytrace.reuse.tokens import make_docs
from storytrace.settings import ReuseOptions


def docs_of(*texts: str):
    return make_docs([article(str(i), t) for i, t in enumerate(texts)])


def test_ngram_hashes_one_per_window_and_equal_for_equal_words():
    (doc,) = docs_of("alder brisk cobalt dune ember alder brisk cobalt dune ember")
    h = ngram_hashes(doc.hashes, 5)
    assert len(h) == 6
    assert h[0] == h[5] and len(set(h[:5].tolist())) == 5
    assert len(ngram_hashes(doc.hashes[:3], 5)) == 0


def test_shared_passage_makes_a_pair_with_seed_positions():
    shared = " ".join(sentences(2, seed=1))
    docs = docs_of(" ".join(sentences(3, 2)) + " " + shared, shared + " " + " ".join(sentences(2, 3)), " ".join(sentences(4, 4)))
    (cand,) = find_candidates(docs, ReuseOptions())
    assert (cand.a, cand.b) == (0, 1)
    # Every seed is the same n-gram on both sides.
    ha, hb = ngram_hashes(docs[0].hashes, 5), ngram_hashes(docs[1].hashes, 5)
    assert np.array_equal(ha[cand.seeds_a], hb[cand.seeds_b])
    assert cand.shared == 24 - 5 + 1


def test_too_few_shared_ngrams_is_no_pair():
    docs = docs_of("alder brisk cobalt dune ember fable glint", "onyx alder brisk cobalt dune ember pebble")
    assert find_candidates(docs, ReuseOptions(min_shared_ngrams=3)) == []
    assert find_candidates(docs, ReuseOptions(min_shared_ngrams=1)) == []  # 5 words in a row: no passage
    assert len(find_candidates(docs, ReuseOptions(min_shared_ngrams=1, min_passage_words=5))) == 1


def test_scattered_shared_ngrams_are_no_pair():
    # the same three 5-grams, in a different order: no run of shared words long enough for a passage
    a = "alder brisk cobalt dune ember. onyx pebble quarry russet saffron. basalt cinder drift ferrule gable."
    b = "basalt cinder drift ferrule gable. onyx pebble quarry russet saffron. alder brisk cobalt dune ember."
    docs = docs_of(a, b)
    assert find_candidates(docs, ReuseOptions()) == []
    assert len(find_candidates(docs, ReuseOptions(min_passage_words=5))) == 1


def test_ngrams_in_too_many_articles_seed_nothing():
    common = " ".join(sentences(1, 9))
    texts = [common + " " + " ".join(sentences(2, 100 + i)) for i in range(6)]
    docs = docs_of(*texts)
    assert len(find_candidates(docs, ReuseOptions(max_ngram_df=10))) == 15
    assert find_candidates(docs, ReuseOptions(max_ngram_df=5)) == []


def test_forced_pairs_get_seeds_without_the_df_limit():
    common = " ".join(sentences(2, 9))
    docs = docs_of(*[common] * 4)
    assert find_candidates(docs, ReuseOptions(max_ngram_df=3)) == []
    (cand,) = find_candidates(docs, ReuseOptions(max_ngram_df=3), forced=[(2, 1)])
    assert (cand.a, cand.b) == (1, 2) and cand.shared == 20


def test_unrelated_articles_make_no_pairs():
    docs = docs_of(*[" ".join(sentences(5, 200 + i)) for i in range(40)])
    assert find_candidates(docs, ReuseOptions()) == []


def test_pair_seeds_finds_repeats_in_order():
    docs = docs_of("alder brisk cobalt dune ember fable", "x alder brisk cobalt dune ember fable")
    sa, sb = pair_seeds(docs[0], docs[1], 5)
    assert sa.tolist() == [0, 1] and sb.tolist() == [1, 2]
