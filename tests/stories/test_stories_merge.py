"""Incremental runs may merge stored stories: when new articles tie two of them, as clustering from scratch would."""

from __future__ import annotations

from stories_cluster_helpers import article, event_articles, membership

from storytrace.settings import StoryOptions
from storytrace.stories import StoryIndex, find_stories

TFIDF_ONLY = StoryOptions(embeddings=False)

#: One invented flood: two reports name the bridge, a third tells of the stranded town; few words are shared.
FLOOD = [
    ("flood-0", "Elsner flood closes Varnow bridge",
     "The Varnow bridge over the Elsner was closed on Monday after floodwater reached its deck, the Varnow mayor said.",
     "2024-05-01"),
    ("flood-1", "Varnow bridge shut as the Elsner floods",
     "Floodwater from the Elsner reached the deck of the Varnow bridge, and the mayor shut the bridge to traffic.",
     "2024-05-01"),
    ("flood-2", "Mill town stranded as swamped Varnow crossing stays shut",
     ("Commuters in the Varnow mill town were stranded when the only river crossing was swamped by rising water and "
     "police turned lorries back."), "2024-05-02"),
]
#: A later report that tells both sides of it.
BOTH = ("flood-3", "Elsner flood: Varnow bridge shut, mill town stranded as swamped crossing stays closed",
        ("Floodwater from the Elsner reached the deck of the Varnow bridge and the mayor shut the bridge to traffic; "
        "commuters in the Varnow mill town were stranded as the only river crossing was swamped by rising water and "
        "police turned lorries back."), "2024-05-03")


def _flood(*rows: tuple[str, str, str, str]):
    return [article(id, title, text, published=day) for id, title, text, day in rows]


def test_a_new_article_that_ties_two_stored_stories_merges_them_as_from_scratch():
    earlier = _flood(*FLOOD) + event_articles("chess", "harvest")
    first = find_stories(earlier, [], [], None, TFIDF_ONLY)
    before = membership(first.stories)
    assert before["flood-0"] == before["flood-1"] != before["flood-2"], "the premise: two stories of one flood"

    second = find_stories(_flood(BOTH), [], [], None, TFIDF_ONLY, index=StoryIndex.from_bytes(first.index.to_bytes()))
    (story,) = second.stories
    assert story.id == before["flood-0"]  # the older story keeps its id
    assert second.removed == [before["flood-2"]]  # the store deletes the other
    assert story.articles == ["flood-0", "flood-1", "flood-2", "flood-3"]
    after = dict(zip(second.index.ids, second.index.story))
    assert after["chess-0"] == before["chess-0"] and after["harvest-0"] == before["harvest-0"]

    scratch = membership(find_stories(earlier + _flood(BOTH), [], [], None, TFIDF_ONLY).stories)
    assert after == scratch


def test_stories_that_no_new_article_joins_never_merge():
    first = find_stories(_flood(*FLOOD), [], [], None, TFIDF_ONLY)
    before = membership(first.stories)
    second = find_stories(event_articles("chess"), [], [], None, TFIDF_ONLY, index=first.index)
    assert second.removed == []
    after = dict(zip(second.index.ids, second.index.story))
    assert {a: after[a] for a in before} == before
