"""Sentence embeddings: what is embedded, that vectors are cached in the store, and that they say something."""

from __future__ import annotations

import numpy as np
import pytest
from stories_cluster_helpers import article, event_articles, membership

from storytrace.settings import StoryOptions
from storytrace.store.memory import MemoryStore
from storytrace.stories import embed, find_stories


def test_embedding_text_is_the_title_and_the_first_lead_words():
    a = article("x", "Ferry vote delayed", "The council of Port Wenlow delayed the ferry vote again on Tuesday.")
    assert embed.embedding_text(a, 4) == "Ferry vote delayed. The council of Port"
    assert embed.embedding_text(a, 0) == "Ferry vote delayed"
    long_body = " ".join(f"w{n}" for n in range(50))
    assert embed.embedding_text(article("y", None, long_body), 0, untitled_words=32) == " ".join(long_body.split()[:32])


def test_vectors_are_normalised_and_similar_reports_are_closer_than_unrelated_ones():
    arts = event_articles("bridge", "chess")
    vectors = embed.embed_articles(arts, lead_words=24, max_seq_length=48)
    assert vectors is not None and vectors.shape == (5, embed.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    same = float(vectors[0] @ vectors[1])  # two bridge reports
    other = float(vectors[0] @ vectors[3])  # bridge vs chess
    assert same > other + 0.2


def test_a_second_run_reads_embeddings_from_the_store_instead_of_embedding_again(monkeypatch):
    store = MemoryStore()
    arts = event_articles("bridge", "chess")
    first = find_stories(arts, [], [], None, StoryOptions(), cache=store)
    assert len(store.vectors(embed.MODEL_KEY, [a.id for a in arts])) == len(arts)

    def no_model(*args, **kwargs):
        raise AssertionError("embedded again although every vector is cached")

    monkeypatch.setattr(embed, "encode", no_model)
    second = find_stories(arts, [], [], None, StoryOptions(), cache=store)
    assert membership(second.stories) == membership(first.stories)
    assert second.index.has_embedding.all()


def test_a_damaged_cache_entry_is_embedded_again():
    store = MemoryStore()
    arts = event_articles("chess")
    store.save_vectors(embed.MODEL_KEY, [("chess-0", b"\x00\x01\x02")])
    vectors = embed.embed_articles(arts, lead_words=24, max_seq_length=48, cache=store)
    assert vectors is not None and np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-3)
    assert len(store.vectors(embed.MODEL_KEY, ["chess-0"])["chess-0"]) == embed.DIMENSIONS * 2


def test_embeddings_off_never_loads_the_model(monkeypatch):
    def no_model(*args, **kwargs):
        raise AssertionError("the model was loaded with embeddings=False")

    monkeypatch.setattr(embed, "load_model", no_model)
    result = find_stories(event_articles("harvest"), [], [], None, StoryOptions(embeddings=False))
    assert len(result.stories) == 1 and not result.index.has_embedding.any()


def test_loading_the_model_prints_no_progress_bar_and_leaves_the_setting_as_it_was(monkeypatch, capfd):
    from transformers.utils import logging as hf_logging

    monkeypatch.setattr(embed, "_model", None)
    monkeypatch.setattr(embed, "_failed", None)
    hf_logging.enable_progress_bar()
    capfd.readouterr()
    assert embed.load_model(64) is not None
    assert "Loading weights" not in capfd.readouterr().err
    assert hf_logging.is_progress_bar_enabled()
