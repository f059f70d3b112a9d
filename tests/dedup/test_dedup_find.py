"""find_duplicates end to end: invented texts and the seed articles."""

from __future__ import annotations

import random
from dataclasses import astuple

import pytest

from dedup_helpers import paragraphs, replace_words, text, vocabulary
from storytrace.dedup import duplicates_of_texts, find_duplicates, fingerprints, signatures
from storytrace.dedup import fingerprint as fingerprint_module
from storytrace.models import Article
from storytrace.settings import DedupOptions

OPTIONS = DedupOptions()


def _articles(texts: dict[str, str]) -> list[Article]:
    return [Article.from_raw(k, f"{k}.txt", v) for k, v in texts.items()]


def _pairs(dups):
    return {(d.a, d.b): d for d in dups}


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    """Independent texts on one "topic" (one shared vocabulary) plus copies of the first one."""
    rng = random.Random(11)
    vocab = vocabulary(rng, 300)  # a small vocabulary: many shared words, like same-event reports
    texts = {f"indep-{i:02d}": text(rng, vocab, 10) for i in range(20)}
    source = paragraphs(rng, vocab, 12)
    texts["source"] = "\n\n".join(source)
    # Syndicated: trimmed to the first 7 paragraphs, a paragraph dropped, light rewording, a credit line.
    kept = source[:7]
    del kept[3]
    edited = replace_words(rng, "\n\n".join(kept), vocab, 0.02)
    texts["trimmed-copy"] = "(Vorland Wire) - " + edited + "\n\nAdvertisement\n\nSign up for the Daily Zan."
    texts["twin"] = "  " + texts["source"].upper().replace(" ", "  ") + " "
    texts["rewrite"] = replace_words(rng, texts["source"], vocab, 0.35)
    return texts


def test_trimmed_edited_copy_is_near_and_exact_copy_is_exact(corpus):
    found = _pairs(find_duplicates(_articles(corpus), OPTIONS))
    assert found[("source", "twin")].kind == "exact"
    assert found[("source", "twin")].similarity == 1.0
    near = found[("source", "trimmed-copy")]
    assert near.kind == "near"
    assert near.containment >= 0.8 and near.similarity < 0.6


def test_independent_same_topic_texts_and_heavy_rewrites_are_not_reported(corpus):
    found = _pairs(find_duplicates(_articles(corpus), OPTIONS))
    assert not [p for p in found if any(x.startswith("indep-") for x in p)]
    assert not [p for p in found if "rewrite" in p]


def test_near_pairs_are_reported_between_exact_groups_first_members_only(corpus):
    found = _pairs(find_duplicates(_articles(corpus), OPTIONS))
    # "twin" is an exact copy of "source" (the group's first id): it gets no near pair of its own.
    assert ("trimmed-copy", "twin") not in found
    assert set(found) == {("source", "twin"), ("source", "trimmed-copy")}


def test_pairs_are_ordered_and_output_is_deterministic(corpus):
    arts = _articles(corpus)
    first = find_duplicates(arts, OPTIONS)
    random.Random(4).shuffle(arts)
    assert find_duplicates(arts, OPTIONS) == first
    assert all(d.a < d.b for d in first)
    assert first == sorted(first, key=lambda d: (d.a, d.b))


def test_empty_and_very_short_articles():
    texts = {
        "empty": "",
        "blank": "  \n\n -- ",
        "one": "Vorland",
        "one-again": "vorland.",
        "short": "Zan ka lo mi tre vo",
        "short-2": "Zan ka lo mi tre vo",
        "other": "Ka zan vo tre mi lo",
    }
    found = _pairs(find_duplicates(_articles(texts), OPTIONS))
    assert set(found) == {("one", "one-again"), ("short", "short-2")}
    assert all(d.kind == "exact" for d in found.values())
    assert find_duplicates([], OPTIONS) == []
    assert find_duplicates(_articles({"only": "ka lo mi"}), OPTIONS) == []


def test_a_short_text_inside_a_long_one_is_not_its_duplicate():
    rng = random.Random(2)
    vocab = vocabulary(rng, 500)
    long_text = text(rng, vocab, 20)
    brief = long_text.split("\n\n")[3]  # one paragraph of twenty: contained, but not a copy
    found = find_duplicates(_articles({"long": long_text, "brief": brief}), OPTIONS)
    assert found == []


def test_ids_must_be_unique():
    with pytest.raises(ValueError):
        duplicates_of_texts(["a", "a"], ["x", "y"], OPTIONS)


def test_signatures_are_per_text_and_deterministic(corpus):
    texts = list(corpus.values())
    sigs = signatures(texts, OPTIONS)
    assert sigs.shape == (len(texts), OPTIONS.num_perm) and sigs.dtype.name == "uint32"
    assert (signatures(texts[3:5], OPTIONS) == sigs[3:5]).all()


def test_process_pool_gives_the_same_fingerprints(corpus, monkeypatch):
    texts = list(corpus.values()) * 3
    serial = fingerprints(texts, DedupOptions(workers=1))
    monkeypatch.setattr(fingerprint_module, "PARALLEL_MIN_TEXTS", 10)
    monkeypatch.setattr(fingerprint_module, "SHARD_SIZE", 7)
    parallel = fingerprints(texts, DedupOptions(workers=2))
    assert (parallel.signatures == serial.signatures).all()
    assert (parallel.exact == serial.exact).all() and (parallel.sizes == serial.sizes).all()


# ---------------------------------------------------------------- the seed articles


@pytest.fixture(scope="module")
def seed_duplicates(seed_texts):
    return _pairs(find_duplicates(_articles(seed_texts), OPTIONS))


def test_seed_001_is_a_near_copy_of_000(seed_duplicates):
    d = seed_duplicates[("000", "001")]
    assert d.kind == "near"
    assert 0.55 <= d.similarity <= 0.7
    assert d.containment >= 0.9


def test_independent_seeds_and_the_print_page_are_not_duplicates(seed_duplicates):
    assert set(seed_duplicates) == {("000", "001")}
    assert ("000", "004") not in seed_duplicates
    assert not [p for p in seed_duplicates if "002" in p or "003" in p]


def test_process_pool_gives_the_same_duplicates(corpus, monkeypatch):
    from storytrace.dedup import near as near_module

    ids = [f"{k}-{n}" for n in range(3) for k in corpus]
    texts = [f"{v} Quavik{n}." for n in range(3) for v in corpus.values()]  # near, not exact, copies
    serial = duplicates_of_texts(ids, texts, DedupOptions(workers=1))
    monkeypatch.setattr(fingerprint_module, "PARALLEL_MIN_TEXTS", 10)
    monkeypatch.setattr(near_module, "PARALLEL_MIN_PAIRS", 2)
    monkeypatch.setattr(near_module, "VERIFY_CHUNK", 3)
    parallel = duplicates_of_texts(ids, texts, DedupOptions(workers=2))
    assert parallel == serial
    assert len([d for d in serial if d.kind == "near"]) >= 6


def test_a_text_on_many_sites_is_shingled_once_per_copy_when_verified_in_one_process():
    # 90 near-copies: 4,005 candidate pairs, verified in chunks of 500 that share one cache of shingles.
    from storytrace.dedup.near import SearchStats

    rng = random.Random(11)
    vocab = vocabulary(rng, 400)
    base = text(rng, vocab, 6)
    copies = [replace_words(rng, base, vocab, 0.01) for _ in range(90)]
    stats = SearchStats()
    found = duplicates_of_texts([f"c{k}" for k in range(90)], copies, DedupOptions(max_near_partners=0), stats=stats)
    assert len(found) == 90 * 89 // 2
    assert stats.texts_shingled == 90


def test_a_text_on_many_sites_lists_each_copy_with_its_closest_copies_only():
    rng = random.Random(12)
    vocab = vocabulary(rng, 400)
    base = text(rng, vocab, 6)
    ids = [f"c{k:02d}" for k in range(90)]
    copies = [base, *(replace_words(rng, base, vocab, 0.005 + 0.0002 * k) for k in range(89))]
    every = duplicates_of_texts(ids, copies, DedupOptions(max_near_partners=0))
    some = duplicates_of_texts(ids, copies, DedupOptions(max_near_partners=5))
    assert len(every) == 90 * 89 // 2 and len(some) < 90 * 8
    assert set(map(astuple, some)) <= set(map(astuple, every))
    # Each copy keeps its most similar partner; the group stays one group.
    best = {}
    for d in every:
        for own, other in ((d.a, d.b), (d.b, d.a)):
            if own not in best or d.similarity > best[own][0]:
                best[own] = (d.similarity, other)
    kept = {(d.a, d.b) for d in some}
    assert all(tuple(sorted((own, other))) in kept for own, (_, other) in best.items())
    assert components([(d.a, d.b) for d in some]) == [set(ids)]
    # Few partners are never cut.
    assert duplicates_of_texts(ids[:6], copies[:6], DedupOptions(max_near_partners=5)) == [
        d for d in every if d.a in ids[:6] and d.b in ids[:6]
    ]


def components(pairs):
    groups: list[set[str]] = []
    for a, b in pairs:
        joined = [g for g in groups if a in g or b in g]
        merged = {a, b}.union(*joined)
        groups = [g for g in groups if g not in joined] + [merged]
    return groups
