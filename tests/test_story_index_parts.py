"""A story index too large for one store value is written in parts and read back whole (or not at all)."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace import incremental
from storytrace.incremental import STORY_INDEX_KEY, load_story_index, save_story_index
from storytrace.models import Article
from storytrace.settings import StoryOptions
from storytrace.store.memory import MemoryStore
from storytrace.store.sqlite import SQLiteStore
from storytrace.stories import find_stories


#: The one month of ``_index()`` as the store keeps it (first slot).
MONTH_KEY = f"{STORY_INDEX_KEY}/month/2024-03/a"


def _index():
    articles = [Article.from_raw(f"a{i}", f"a{i}.txt", f"Invented report number {i} about the Varnow bridge.",
                                 published=f"2024-03-{1 + i:02d}") for i in range(12)]
    return find_stories(articles, [], [], None, StoryOptions(embeddings=False)).index


@pytest.mark.parametrize("make_store", [lambda p: SQLiteStore(p / "store.db"), lambda p: MemoryStore()])
def test_a_large_index_round_trips_in_parts(tmp_path: Path, monkeypatch, make_store) -> None:
    monkeypatch.setattr(incremental, "STATE_PART_BYTES", 700)
    index = _index()
    with make_store(tmp_path) as store:
        save_story_index(store, index)
        assert store.state(f"{MONTH_KEY}/part/1") is not None  # really in parts
        loaded = load_story_index(store)
        assert loaded is not None and loaded.ids == index.ids and loaded.story == index.story
        assert (loaded.tf.indices == index.tf.indices).all()  # values are kept as float16
        assert abs(loaded.tf.data - index.tf.data).max() < 1e-3


def test_a_damaged_part_makes_the_index_unreadable_not_wrong(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(incremental, "STATE_PART_BYTES", 700)
    with SQLiteStore(tmp_path / "store.db") as store:
        save_story_index(store, _index())
        store.save_state(f"{MONTH_KEY}/part/0", b"x" * 700)
        assert load_story_index(store) is None
        store.save_state(STORY_INDEX_KEY, b"storytrace-parts:{not json")
        assert load_story_index(store) is None


def test_a_small_index_stays_one_value(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "store.db") as store:
        save_story_index(store, _index())
        assert store.state(f"{STORY_INDEX_KEY}/part/0") is None
        assert load_story_index(store).ids == _index().ids
