"""Candidate neighbours of story clustering: dated articles meet only their time window, undated ones everything."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np
import pytest
from stories_cluster_helpers import article

from storytrace.settings import StoryOptions
from storytrace.stories import StoryIndex, find_stories
from storytrace.stories.cluster import _Clustering

WORDS = [f"w{n}" for n in range(60)]


def _articles(n: int, undated_every: int, seed: int = 3) -> list:
    """Invented articles of random words from a small vocabulary, dated over two years (some undated)."""
    rng = random.Random(seed)
    start = dt.date(2020, 1, 1)
    out = []
    for i in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(30)) + "."
        published = None if undated_every and i % undated_every == 0 else \
            (start + dt.timedelta(days=rng.randrange(730))).isoformat()
        out.append(article(f"a{i:04d}", None, text, published=published))
    return out


def _clustering(articles: list, options: StoryOptions) -> _Clustering:
    state = _Clustering(StoryIndex(), options)
    state.add(articles, None, None)
    return state


def _brute_force(state: _Clustering, row: int, k: int, window: float) -> np.ndarray:
    """The top-``k`` similarities of ``row`` among the rows it may meet, by comparing with every row."""
    sims = (state.weighted[[row]] @ state.weighted.T).toarray()[0]
    day = state.index.day
    allowed = np.ones(len(day), dtype=bool)
    if not np.isnan(day[row]):
        allowed = np.isnan(day) | (np.abs(day - day[row]) <= window)
    allowed[row] = False
    return np.sort(sims[allowed])[::-1][:k]


@pytest.mark.parametrize("undated_every", [0, 7])
def test_dated_rows_meet_exactly_the_best_rows_of_their_window(undated_every):
    options = StoryOptions(embeddings=False, neighbours=5, time_scale_days=20.0)
    state = _clustering(_articles(300, undated_every), options)
    rows = list(range(0, 300, 3))
    found = state._neighbours(rows)
    assert sorted(found) == rows
    day = state.index.day
    for row in rows:
        columns, values = found[row]
        assert row not in columns.tolist()
        if not np.isnan(day[row]):
            near = np.isnan(day[columns]) | (np.abs(day[columns] - day[row]) <= 20.0)
            assert near.all()
        expected = _brute_force(state, row, 5, 20.0)
        np.testing.assert_allclose(np.sort(values)[::-1], expected, rtol=1e-5, atol=1e-6)


def test_undated_rows_are_compared_with_every_row():
    options = StoryOptions(embeddings=False, neighbours=4)
    articles = _articles(120, undated_every=1)
    state = _clustering(articles, options)
    found = state._neighbours(list(range(120)))
    for row in (0, 17, 119):
        expected = _brute_force(state, row, 4, float("inf"))
        np.testing.assert_allclose(np.sort(found[row][1])[::-1], expected, rtol=1e-5, atol=1e-6)


def test_an_article_alone_in_its_window_gets_no_dated_neighbours():
    options = StoryOptions(embeddings=False, neighbours=3, time_scale_days=5.0)
    articles = [article("early", None, "river bridge collapse engineers council", published="2020-01-01"),
                article("late", None, "river bridge collapse engineers council", published="2021-06-01"),
                article("late-2", None, "orchard harvest drought cider growers", published="2021-06-02")]
    state = _clustering(articles, options)
    found = state._neighbours([0, 1, 2])
    assert 0 not in found  # nothing within five days of it
    assert found[1][0].tolist() == [2] and found[2][0].tolist() == [1]


def test_the_window_keeps_far_apart_rewordings_apart_but_clusters_near_ones():
    options = StoryOptions(embeddings=False, time_scale_days=10.0)
    text = "The Varnow bridge fell into the Elsner river after engineers warned the council about rust."
    articles = [article("a", "Varnow bridge falls", text, published="2024-03-01"),
                article("b", "Varnow bridge falls", text + " Divers came.", published="2024-03-03"),
                article("c", "Varnow bridge falls", text + " Barges wait.", published="2025-03-03")]
    stories = find_stories(articles, [], [], None, options).stories
    assert sorted(sorted(s.articles) for s in stories) == [["a", "b"], ["c"]]


def test_without_a_time_penalty_every_row_is_a_candidate():
    options = StoryOptions(embeddings=False, neighbours=3, time_scale_days=5.0, time_weight=0.0)
    articles = [article("early", None, "river bridge collapse engineers council", published="2020-01-01"),
                article("late", None, "river bridge collapse engineers council", published="2021-06-01")]
    found = _clustering(articles, options)._neighbours([0, 1])
    assert found[0][0].tolist() == [1] and found[1][0].tolist() == [0]
