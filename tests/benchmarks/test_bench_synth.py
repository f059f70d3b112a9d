"""The synthetic scale corpus (benchmarks/synth.py): deterministic, copies known, originals not duplicates."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest
from testsupport import REPO, load_script

from storytrace.dedup import find_duplicates
from storytrace.models import Article
from storytrace.settings import DedupOptions


@pytest.fixture(scope="module")
def synth():
    return load_script(REPO / "benchmarks" / "synth.py")


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """An invented stand-in for the AllSides file: 80 articles of 12-20 sentences of random invented words."""
    rng = random.Random(5)
    vocabulary = [f"{rng.choice('bcdfgklmnprstvz')}{rng.choice('aeiou')}{rng.choice('lmnrst')}{n}" for n in range(3000)]
    path = tmp_path_factory.mktemp("synth") / "articles.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for i in range(80):
            sentences = [" ".join(rng.choice(vocabulary) for _ in range(rng.randint(8, 20))).capitalize() + "."
                         for _ in range(rng.randint(12, 20))]
            out.write(json.dumps({"ID": f"r{i}", "topic": ("rivers", "orchards")[i % 2], "source": f"Outlet {i % 7}",
                                  "date": f"2019-0{1 + i % 9}-1{i % 10}", "title": f"Invented {i}",
                                  "content_original": " ".join(sentences)}) + "\n")
        out.write(json.dumps({"ID": "undated", "topic": "rivers", "date": "someday", "content_original": "x. y."}) + "\n")
    return path


def test_articles_are_a_function_of_seed_and_position(synth, source):
    one, two = synth.SyntheticCorpus(50, seed=3, source=source), synth.SyntheticCorpus(500, seed=3, source=source)
    assert [one.article(i) for i in range(50)] == [two.article(i) for i in range(50)]
    assert one[7] == two.article(7)["text"] and len(one) == 50
    other = synth.SyntheticCorpus(50, seed=4, source=source)
    assert [other[i] for i in range(10)] != [one[i] for i in range(10)]
    with pytest.raises(IndexError):
        one[50]


def test_copies_are_listed_with_their_earlier_original_source(synth, source):
    corpus = synth.SyntheticCorpus(600, seed=1, copy_rate=0.1, source=source)
    copies = corpus.copies()
    assert 30 <= len(copies) <= 90
    for copy_id, source_id in copies:
        record = corpus.article(int(copy_id[3:]))
        assert record["copy_of"] == source_id and source_id < copy_id
        assert corpus.article(int(source_id[3:]))["copy_of"] is None
        assert record["outlet"] != corpus.article(int(source_id[3:]))["outlet"]
    assert sum(1 for r in corpus.articles() if r["copy_of"]) == len(copies)


def test_records_carry_real_looking_metadata(synth, source):
    corpus = synth.SyntheticCorpus(40, source=source)
    for record in corpus.articles():
        assert record["published"].startswith("2019-") and record["outlet"].startswith("Outlet ")
        assert record["title"] and record["title"].split()[0] in record["text"]
        assert len(record["text"].split()) > 40


def test_only_the_injected_copies_are_near_duplicates(synth, source):
    corpus = synth.SyntheticCorpus(400, seed=2, copy_rate=0.05, source=source)
    articles = [Article.from_raw(r["id"], r["id"], r["text"]) for r in corpus.articles()]
    found = {(d.a, d.b) for d in find_duplicates(articles, DedupOptions(workers=1))}
    group = {}
    for copy_id, source_id in corpus.copies():
        group[copy_id] = source_id
        group.setdefault(source_id, source_id)
    assert all(a in group and group[a] == group.get(b) for a, b in found), "originals must not be duplicates"
    truth = {tuple(sorted(pair)) for pair in corpus.copies()}
    assert len(truth & found) >= 0.9 * len(truth)


def test_thinning_leaves_no_five_words_of_a_sentence_in_a_row(synth):
    words = [f"word{n}" for n in range(40)]
    sentence = " ".join(words)
    for seed in range(30):
        thinned = synth._thin(sentence, random.Random(seed)).split(" ")
        assert 0.6 * len(words) <= len(thinned) < len(words)
        positions = [words.index(w) for w in thinned]
        runs = [b - a for a, b in zip(positions, positions[1:])]
        longest = max(len(r) for r in "".join("1" if step == 1 else " " for step in runs).split(" ")) + 1
        assert longest < 5
    assert synth._thin("Too short to thin.", random.Random(1)) == "Too short to thin."
