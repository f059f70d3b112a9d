"""Stories, results by article, vectors and state: behaviour every backend must have.

Runs against each backend in ``conftest.BACKENDS`` (PostgreSQL joins the list
when it lands), like ``test_store_conformance.py``.
"""

from __future__ import annotations

import pytest
from store_fixtures import simple_article

from storytrace.store import Store, StoreError, StorySummary


def _story(id: str, articles: list[str], start: str | None = None, end: str | None = None, title: str | None = None, **extra):
    return {"id": id, "title": title or f"story {id}", "articles": articles, "start": start, "end": end, **extra}


@pytest.fixture
def newsroom(store: Store) -> Store:
    """Four invented articles from three outlets, clustered into two stories."""
    store.add_articles(
        [
            simple_article("a1", "The ferry vote in Port Wenlow was delayed by the harbour council.", outlet="Wenlow Gazette"),
            simple_article("a2", "Port Wenlow councillors put off the ferry contract again.", outlet="Coastal Post"),
            simple_article("b1", "A hailstorm flattened the barley harvest near Ostrey.", outlet="Coastal Post"),
            simple_article("b2", "Farmers near Ostrey count the cost of the hailstorm.", outlet="Farm Wire"),
        ]
    )
    store.save_stories(
        [
            _story("ferry", ["a1", "a2"], "2031-04-01", "2031-04-03", "Ferry vote delayed", summary=[{"text": "x", "support": ["a1"]}]),
            _story("hail", ["b1", "b2"], "2031-05-10T08:00:00", "2031-05-12", "Hail flattens barley"),
        ]
    )
    return store


def test_a_saved_story_comes_back_as_saved(newsroom: Store) -> None:
    story = newsroom.story("ferry")
    assert story["articles"] == ["a1", "a2"]
    assert story["summary"] == [{"text": "x", "support": ["a1"]}]
    assert newsroom.story("missing") is None
    assert newsroom.story_of("a2") == "ferry"
    assert newsroom.story_of("nowhere") is None


def test_story_list_orders_and_summarises(newsroom: Store) -> None:
    newest = newsroom.stories()
    assert [s.id for s in newest] == ["hail", "ferry"]
    assert newest[1] == StorySummary("ferry", "Ferry vote delayed", "2031-04-01", "2031-04-03", 2, ["Coastal Post", "Wenlow Gazette"])
    newsroom.save_stories([_story("hail", ["b1"], "2031-05-10", "2031-05-12")])
    assert [s.id for s in newsroom.stories(order="biggest")] == ["ferry", "hail"]
    assert [s.id for s in newsroom.stories(limit=1, offset=1)] == ["ferry"]
    with pytest.raises(StoreError):
        newsroom.stories(order="loudest")


def test_undated_stories_come_last_in_the_newest_order(newsroom: Store) -> None:
    newsroom.add_articles([simple_article("c1", "An undated note about the lighthouse keepers.")])
    newsroom.save_stories([_story("lighthouse", ["c1"])])
    assert [s.id for s in newsroom.stories()] == ["hail", "ferry", "lighthouse"]
    assert newsroom.count_stories() == 3
    assert [s.id for s in newsroom.stories(since="2000-01-01")] == ["hail", "ferry"]


def test_story_filters(newsroom: Store) -> None:
    assert [s.id for s in newsroom.stories(outlet="Farm Wire")] == ["hail"]
    assert {s.id for s in newsroom.stories(outlet="Coastal Post")} == {"hail", "ferry"}
    assert newsroom.stories(outlet="Nobody") == []
    assert [s.id for s in newsroom.stories(since="2031-05-01")] == ["hail"]
    assert [s.id for s in newsroom.stories(until="2031-04-30")] == ["ferry"]
    # until is inclusive on the date even when the start has a time
    assert [s.id for s in newsroom.stories(since="2031-05-10", until="2031-05-10")] == ["hail"]
    assert newsroom.count_stories(outlet="Coastal Post", since="2031-05-01") == 1


def test_story_search_reads_titles_and_article_text_as_plain_words(newsroom: Store) -> None:
    assert [s.id for s in newsroom.stories(query="barley")] == ["hail"]  # story title
    assert [s.id for s in newsroom.stories(query="councillors")] == ["ferry"]  # an article's text
    assert newsroom.stories(query="ferry hailstorm") == []  # every word must match in one place
    assert newsroom.stories(query='" OR * (') == []
    assert newsroom.count_stories(query="Ostrey") == 1


def test_an_article_moves_when_another_story_claims_it(newsroom: Store) -> None:
    newsroom.save_stories([_story("hail", ["b1", "b2", "a2"], "2031-04-01", "2031-05-12")])
    assert newsroom.story_of("a2") == "hail"
    assert newsroom.story_of("a1") == "ferry"


def test_deleting_stories(newsroom: Store) -> None:
    newsroom.delete_stories(["ferry", "never-was"])
    assert newsroom.story("ferry") is None
    assert newsroom.story_of("a1") is None
    assert [s.id for s in newsroom.stories()] == ["hail"]


@pytest.mark.parametrize(
    "bad",
    [
        {"title": "no id", "articles": []},
        {"id": "", "articles": []},
        {"id": "s", "articles": "a1"},
        {"id": "s", "articles": ["a1", "a1"]},
        {"id": "s", "articles": ["a1"], "score": float("nan")},
    ],
)
def test_invalid_stories_are_refused_and_nothing_is_written(store: Store, bad: dict) -> None:
    with pytest.raises(StoreError):
        store.save_stories([_story("fine", ["x"]), bad])
    assert store.story("fine") is None


def test_results_for_articles_finds_every_record_naming_them_once(store: Store) -> None:
    first = store.start_run(["in"], "{}")
    store.save_results("duplicates", [{"a": "a1", "b": "a2", "kind": "near"}, {"a": "b1", "b": "b2", "kind": "exact"}], first)
    store.save_results("quotes", [{"id": "q1", "article": "a2", "text": "We need time"}], first)
    store.save_results(
        "quote_groups",
        [{"id": "g1", "quotes": ["q1"], "earliest": "a2", "versions": [{"text": "t", "articles": ["a2", "b1"]}]}],
        first,
    )
    second = store.start_run(["in"], "{}")
    store.save_results("duplicates", [{"a": "a1", "b": "a2", "kind": "near"}], second)  # the same record again

    assert store.results_for_articles("duplicates", ["a2"]) == [{"a": "a1", "b": "a2", "kind": "near"}]
    assert len(store.results_for_articles("duplicates", ["a1", "b2"])) == 2
    assert store.results_for_articles("quotes", ["a2"])[0]["id"] == "q1"
    assert store.results_for_articles("quotes", ["a1"]) == []
    assert [g["id"] for g in store.results_for_articles("quote_groups", ["b1"])] == ["g1"]
    assert store.results_for_articles("reuse", ["a1"]) == []


def test_vectors_cache_by_model(store: Store) -> None:
    store.save_vectors("mini", [("a1", b"\x00\x01"), ("a2", b"\x02")])
    store.save_vectors("mini", [("a2", b"\x03")])
    store.save_vectors("other", [("a1", b"\x09")])
    assert store.vectors("mini", ["a1", "a2", "zz"]) == {"a1": b"\x00\x01", "a2": b"\x03"}
    assert store.vectors("other", ["a2"]) == {}
    with pytest.raises(StoreError):
        store.save_vectors("mini", [("a3", "not bytes")])


def test_state_blobs_replace(store: Store) -> None:
    assert store.state("stories/index") is None
    store.save_state("stories/index", b"one")
    store.save_state("stories/index", b"two")
    assert store.state("stories/index") == b"two"
    with pytest.raises(StoreError):
        store.save_state("", b"x")
