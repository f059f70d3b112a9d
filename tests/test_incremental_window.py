"""A run loads only its time window's part of the story index, and clusters exactly as with the whole index."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import numpy as np
import pytest

from storytrace.incremental import STORY_INDEX_KEY, load_story_index, save_story_index
from storytrace.models import Article, Duplicate
from storytrace.settings import StoryOptions
from storytrace.store.memory import MemoryStore
from storytrace.store.sqlite import SQLiteStore
from storytrace.stories import find_stories

OPTIONS = StoryOptions(embeddings=False)
#: Invented topic words; each topic is a run of events a few weeks long, some recurring over months.
TOPICS = [[f"{stem}{k}" for k in range(12)] for stem in ("varnow", "quelti", "brosk", "mindel", "sapho", "tervik",
                                                         "olund", "zaphir", "krell", "navost")]
FILLER = [f"word{k}" for k in range(300)]


def _article(rng: random.Random, i: int, day: dt.date, topic: int, parent: str | None = None) -> Article:
    words = rng.sample(TOPICS[topic], 6) + rng.sample(FILLER, 25)
    rng.shuffle(words)
    title = " ".join(rng.sample(TOPICS[topic], 3))
    return Article.from_raw(f"w{i:05d}", f"w{i:05d}.txt", "Report. " + " ".join(words) + ".", title=title,
                            outlet=f"outlet{i % 7}", published=day.isoformat(), parent=parent)


def _corpus(seed: int, n: int, start: dt.date, days: int, first_id: int = 0) -> list[Article]:
    rng = random.Random(seed)
    out = []
    for i in range(first_id, first_id + n):
        day = start + dt.timedelta(days=rng.randrange(days))
        # Topics drift with time, so stories are local in time, but topic 0 recurs all year (long stories).
        topic = 0 if rng.random() < 0.15 else (day.toordinal() // 20 + rng.randrange(2)) % len(TOPICS)
        out.append(_article(rng, i, day, topic))
    return sorted(out, key=lambda a: (a.published, a.id))


def _stored(store, seed: int = 1) -> list[Article]:
    """An index of 600 articles over a year, built in date-ordered calls and saved whole."""
    old = _corpus(seed, 600, dt.date(2021, 1, 1), 365)
    index = None
    for start in range(0, len(old), 200):
        index = find_stories(old[start:start + 200], [], [], None, OPTIONS, index=index).index
    save_story_index(store, index)
    return old


def _summary(result) -> list[tuple]:
    return [(s.id, tuple(s.articles), s.title, s.start, s.end, tuple(s.related)) for s in result.stories]


@pytest.mark.parametrize("make_store", [lambda p: SQLiteStore(p / "store.db"), lambda p: MemoryStore()])
def test_a_window_load_clusters_like_the_whole_index(tmp_path: Path, make_store) -> None:
    with make_store(tmp_path) as store:
        old = _stored(store)
        new = _corpus(2, 40, dt.date(2021, 12, 10), 20, first_id=5000)
        dup = Duplicate(new[0].id, new[1].id, "near", 0.9, 0.9)
        whole = load_story_index(store)
        window = load_story_index(store, new, OPTIONS)
        assert len(whole) == len(old) and window.unloaded > 0 and len(window) + window.unloaded == len(old)
        assert len(window) < len(old) // 2  # a year of news, a month and a half of window
        expected = find_stories(new, [dup], [], None, OPTIONS, index=whole)
        got = find_stories(new, [dup], [], None, OPTIONS, index=window)
        assert _summary(got) == _summary(expected) and got.removed == expected.removed
        stored_ids = {a.id for a in old}
        assert any(stored_ids.intersection(s.articles) for s in got.stories)  # new articles joined stored stories

        save_story_index(store, got.index)  # writes back the months it read
        after = load_story_index(store)
        reference = expected.index
        assert after.ids == reference.ids and after.story == reference.story
        assert after.df == reference.df and after.related == reference.related
        assert np.array_equal(after.day, reference.day)
        assert np.allclose(after.neighbourhood, reference.neighbourhood)
        assert np.array_equal(after.tf.indptr, reference.tf.indptr)
        assert np.array_equal(after.tf.indices, reference.tf.indices)
        assert np.array_equal(after.tf.data, reference.tf.data.astype(np.float16).astype(np.float32))


def test_runs_in_a_row_match_the_whole_index_and_a_story_spanning_months_is_loaded_whole(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "store.db") as store:
        _stored(store, seed=3)
        reference = load_story_index(store)
        for k, (month, day) in enumerate([(3, 5), (3, 20), (8, 1), (12, 28)]):
            new = _corpus(10 + k, 25, dt.date(2021, month, day), 4, first_id=6000 + 100 * k)
            window = load_story_index(store, new, OPTIONS)
            # Every story with a row in the window is complete (its rows in other months were read too).
            members = {s: sum(1 for x in window.story if x == s) for s in set(window.story)}
            whole_members = {s: sum(1 for x in reference.story if x == s) for s in members}
            for story in window.window.scope:
                assert members[story] == whole_members[story]
            expected = find_stories(new, [], [], None, OPTIONS, index=reference)
            got = find_stories(new, [], [], None, OPTIONS, index=window)
            assert _summary(got) == _summary(expected)
            save_story_index(store, got.index)
            reference = load_story_index(store)  # the reference goes through the store too (float16 vectors)
            assert reference.ids == expected.index.ids and reference.story == expected.index.story


def test_an_undated_article_or_no_time_penalty_loads_everything(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "store.db") as store:
        old = _stored(store)
        new = _corpus(4, 5, dt.date(2021, 6, 1), 3, first_id=7000)
        undated = Article.from_raw("u1", "u1.txt", "An undated report about varnow1 varnow2.")
        assert len(load_story_index(store, [*new, undated], OPTIONS)) == len(old)
        assert len(load_story_index(store, new, StoryOptions(embeddings=False, time_weight=0.0))) == len(old)
        assert len(load_story_index(store, new, OPTIONS)) < len(old)


def test_sidebars_and_pages_link_across_runs(tmp_path: Path) -> None:
    rng = random.Random(5)
    with SQLiteStore(tmp_path / "store.db") as store:
        old = _stored(store)
        page = _article(rng, 8000, dt.date(2021, 7, 1), 3)
        sidebar = _article(rng, 8001, dt.date(2021, 7, 1), 5, parent=page.id)
        whole = load_story_index(store)
        expected = find_stories([page, sidebar], [], [], None, OPTIONS, index=whole)
        got = find_stories([page, sidebar], [], [], None, OPTIONS, index=load_story_index(store, [page, sidebar], OPTIONS))
        assert _summary(got) == _summary(expected)
        save_story_index(store, got.index)
        assert load_story_index(store).related == expected.index.related
        assert len(old) + 2 == len(load_story_index(store))


def test_an_index_of_an_earlier_version_is_read_whole_and_rewritten_by_month(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "store.db") as store:
        articles = _corpus(6, 60, dt.date(2022, 1, 1), 90)
        index = find_stories(articles, [], [], None, OPTIONS).index
        store.save_state(STORY_INDEX_KEY, index.to_bytes())  # as earlier versions stored it: one value
        loaded = load_story_index(store, articles[:3], OPTIONS)
        assert loaded.ids == index.ids and loaded.window is None
        save_story_index(store, loaded)
        assert store.state(STORY_INDEX_KEY).startswith(b"storytrace-story-index:")
        assert load_story_index(store).ids == index.ids


def test_a_damaged_month_makes_the_index_unreadable_not_wrong(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "store.db") as store:
        _stored(store)
        store.save_state(f"{STORY_INDEX_KEY}/month/2021-05/a", b"not an index")
        assert load_story_index(store) is None
        assert load_story_index(store, _corpus(7, 3, dt.date(2021, 5, 10), 3), OPTIONS) is None
