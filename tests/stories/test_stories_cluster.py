"""Story clustering on invented articles: must-links, time order, ids, sidebars, incremental placing."""

from __future__ import annotations

import math
import random
import warnings
from dataclasses import replace

import pytest
from stories_cluster_helpers import EVENTS, article, event_articles, membership

from storytrace.models import Duplicate, Reuse
from storytrace.settings import StoryOptions
from storytrace.stories import StoryIndex, find_stories, story_id
from storytrace.stories.titles import first_sentence

TFIDF_ONLY = StoryOptions(embeddings=False)


def test_articles_of_one_event_share_a_story_and_events_stay_apart():
    result = find_stories(event_articles("bridge", "chess", "harvest"), [], [], None, TFIDF_ONLY)
    groups = sorted(sorted(s.articles) for s in result.stories)
    assert groups == [["bridge-0", "bridge-1", "bridge-2"], ["chess-0", "chess-1"], ["harvest-0", "harvest-1"]]
    assert result.removed == []


def test_a_copy_and_its_source_always_share_a_story_even_with_nothing_in_common():
    arts = event_articles("bridge", "chess")
    # Listed as duplicates / copy reuse, the pairs must be joined whatever their text says.
    dups = [Duplicate(a="bridge-0", b="chess-0", kind="near", similarity=0.6, containment=0.9)]
    reuse = [Reuse(source="chess-1", target="bridge-2", kind="copy", attributed=False),
             Reuse(source="bridge-1", target="chess-1", kind="quotation", attributed=False)]
    stories = membership(find_stories(arts, dups, reuse, None, TFIDF_ONLY).stories)
    assert stories["bridge-0"] == stories["chess-0"]
    assert stories["chess-1"] == stories["bridge-2"]


def test_quotation_reuse_is_no_must_link():
    arts = event_articles("bridge", "harvest")
    reuse = [Reuse(source="bridge-0", target="harvest-0", kind="quotation", attributed=True)]
    stories = membership(find_stories(arts, [], reuse, None, TFIDF_ONLY).stories)
    assert stories["bridge-0"] != stories["harvest-0"]


def test_a_short_shared_passage_is_no_must_link_but_a_substantial_excerpt_is():
    # One outlet's inline template (a few dozen words) shared by unrelated articles ties nothing;
    # an excerpt covering a fifth of an article does, like a copy.
    arts = event_articles("bridge", "harvest")
    template = Reuse(source="bridge-0", target="harvest-0", kind="copy", attributed=False,
                     evidence={"containment": {"source": 0.04, "target": 0.05}})
    excerpt = Reuse(source="bridge-1", target="harvest-1", kind="copy", attributed=True,
                    evidence={"containment": {"source": 0.2, "target": 0.14}})
    stories = membership(find_stories(arts, [], [template, excerpt], None, TFIDF_ONLY).stories)
    assert stories["bridge-0"] != stories["harvest-0"]
    assert stories["bridge-1"] == stories["harvest-1"]
    # With the share at 0 every copy pair is a must-link again.
    everything = replace(TFIDF_ONLY, copy_link_containment=0.0)
    stories = membership(find_stories(arts, [], [template], None, everything).stories)
    assert stories["bridge-0"] == stories["harvest-0"]


def test_articles_are_in_time_order_with_span_and_first_report():
    arts = event_articles("bridge")
    arts[0].published, arts[1].published, arts[2].published = "2024-03-12", "2024-03-09T08:00:00Z", None
    (story,) = find_stories(arts, [], [], None, TFIDF_ONLY).stories
    assert story.articles == ["bridge-1", "bridge-0", "bridge-2"]  # undated last
    assert (story.start, story.end) == ("2024-03-09T08:00:00Z", "2024-03-12")
    assert story.first_article == "bridge-1"
    assert story.first_reported_by == "Outlet 1"
    assert story.summary == [] and story.framing == []  # left to the describe step


def test_undated_story_has_no_span_and_first_report_falls_back_to_none():
    (story,) = find_stories(event_articles("chess", dated=False), [], [], None, TFIDF_ONLY).stories
    assert story.start is None and story.end is None and story.first_reported_by is None
    assert story.articles == ["chess-0", "chess-1"]  # by id


def test_an_article_without_outlet_is_first_reported_by_its_id():
    arts = event_articles("chess")
    arts[0].outlet = None
    (story,) = find_stories(arts, [], [], None, TFIDF_ONLY).stories
    assert story.first_reported_by == "chess-0"


def test_story_title_is_a_member_headline_or_a_lead_sentence_never_invented():
    result = find_stories(event_articles("bridge", "chess"), [], [], None, TFIDF_ONLY)
    headlines = {title for event in EVENTS.values() for title, _ in event}
    assert all(s.title in headlines for s in result.stories)
    untitled = [article(f"u{n}", None, text) for n, (_, text) in enumerate(EVENTS["harvest"])]
    (story,) = find_stories(untitled, [], [], None, TFIDF_ONLY).stories
    assert story.title in {first_sentence(text) for _, text in EVENTS["harvest"]}


def test_story_ids_are_stable_and_do_not_depend_on_input_order():
    arts = event_articles("bridge", "chess", "harvest")
    first = membership(find_stories(arts, [], [], None, TFIDF_ONLY).stories)
    shuffled = list(arts)
    random.Random(3).shuffle(shuffled)
    again = membership(find_stories(shuffled, [], [], None, TFIDF_ONLY).stories)
    assert first == again
    assert first["bridge-2"] == story_id("bridge-0")  # founded by the earliest article


def test_a_sidebar_never_joins_its_page_story_and_the_two_are_related():
    arts = event_articles("bridge")
    # The sidebar is about the same bridge: on its own it would join the story.
    sidebar = article("bridge-0.2", "The history of the Varnow bridge",
                      "The iron bridge at Varnow over the Elsner river was built in 1890. Engineers warned the "
                      "county council about rust in its girders.", parent="bridge-0", published="2024-03-10")
    stories = find_stories(arts + [sidebar], [], [], None, TFIDF_ONLY).stories
    by_article = membership(stories)
    assert by_article["bridge-0.2"] != by_article["bridge-0"]
    by_id = {s.id: s for s in stories}
    assert by_id[by_article["bridge-0.2"]].related == [by_article["bridge-0"]]
    assert by_id[by_article["bridge-0"]].related == [by_article["bridge-0.2"]]


def test_index_round_trips_through_bytes():
    result = find_stories(event_articles("bridge", "chess"), [], [], None, TFIDF_ONLY)
    index = result.index
    back = StoryIndex.from_bytes(index.to_bytes())
    assert back.ids == index.ids and back.story == index.story and back.title == index.title
    assert back.published == index.published and back.parent == index.parent and back.df == index.df
    assert (back.tf != index.tf).nnz == 0 or abs(back.tf - index.tf).max() < 1e-3
    assert (back.embedding == index.embedding).all() and (back.has_embedding == index.has_embedding).all()
    assert list(back.entity_ptr) == list(index.entity_ptr)


@pytest.mark.parametrize("blob", [b"", b"not an index", b"PK\x03\x04garbage"])
def test_damaged_index_bytes_are_refused_with_a_clear_error(blob: bytes):
    with pytest.raises(ValueError, match="story index"):
        StoryIndex.from_bytes(blob)


def test_incremental_article_joins_its_story_and_an_unrelated_one_opens_a_new_story():
    first = find_stories(event_articles("bridge", "chess"), [], [], None, TFIDF_ONLY)
    before = membership(first.stories)
    index = StoryIndex.from_bytes(first.index.to_bytes())
    late = event_articles("harvest")[:1]
    late_bridge = article("bridge-late", "Varnow bridge inquiry blames ignored rust warnings",
                          "An inquiry into the collapse of the Varnow bridge into the Elsner river found the county "
                          "council ignored engineers' warnings about rusting girders.", published="2024-03-20")
    second = find_stories(late + [late_bridge], [], [], None, TFIDF_ONLY, index=index)
    after = membership(second.stories)
    assert after["bridge-late"] == before["bridge-0"]  # joined, id kept
    assert after["harvest-0"] not in before.values()  # a new story
    # Only stories this call touched come back; the chess story is unchanged and not listed.
    assert {s.id for s in second.stories} == {before["bridge-0"], after["harvest-0"]}
    (bridge,) = [s for s in second.stories if s.id == before["bridge-0"]]
    assert bridge.articles == ["bridge-0", "bridge-1", "bridge-2", "bridge-late"]
    assert second.index.story[second.index.ids.index("chess-1")] == before["chess-1"]
    assert second.removed == []


def test_incremental_run_gives_the_same_stories_as_clustering_everything_at_once():
    arts = event_articles("bridge", "chess", "harvest")
    together = membership(find_stories(arts, [], [], None, TFIDF_ONLY).stories)
    index = find_stories(arts[:3], [], [], None, TFIDF_ONLY).index
    index = find_stories(arts[3:5], [], [], None, TFIDF_ONLY, index=index).index
    last = find_stories(arts[5:], [], [], None, TFIDF_ONLY, index=index)
    assert dict(zip(last.index.ids, last.index.story)) == together


def test_articles_already_indexed_are_not_placed_again():
    arts = event_articles("bridge", "chess")
    first = find_stories(arts, [], [], None, TFIDF_ONLY)
    again = find_stories(arts, [], [], None, TFIDF_ONLY, index=first.index)
    assert again.stories == [] and again.removed == []
    assert again.index.ids == first.index.ids


def test_a_copy_linking_two_existing_stories_merges_them_and_reports_the_one_removed():
    first = find_stories(event_articles("bridge", "chess"), [], [], None, TFIDF_ONLY)
    before = membership(first.stories)
    copy = article("copy-1", "Reprint", "A reprint with its own words about nothing in particular at all.")
    dups = [Duplicate(a="bridge-0", b="copy-1", kind="near", similarity=0.7, containment=0.9),
            Duplicate(a="chess-0", b="copy-1", kind="near", similarity=0.7, containment=0.9)]
    second = find_stories([copy], dups, [], None, TFIDF_ONLY, index=first.index)
    (story,) = second.stories
    assert story.id == before["bridge-0"]  # the bigger story keeps its id
    assert second.removed == [before["chess-0"]]
    assert set(story.articles) == {"bridge-0", "bridge-1", "bridge-2", "chess-0", "chess-1", "copy-1"}


def test_time_prior_keeps_a_distant_article_out_of_a_story():
    arts = event_articles("chess")
    arts[1].published = "2026-11-01"
    strict = StoryOptions(embeddings=False, time_weight=1.0)
    stories = membership(find_stories(arts, [], [], None, strict).stories)
    assert stories["chess-0"] != stories["chess-1"]
    no_prior = StoryOptions(embeddings=False, time_weight=0.0)
    assert len(set(membership(find_stories(arts, [], [], None, no_prior).stories).values())) == 1


def test_empty_input_gives_no_stories():
    result = find_stories([], [], [], None, StoryOptions())
    assert result.stories == [] and result.removed == [] and len(result.index) == 0


def test_an_empty_article_gets_a_story_of_its_own():
    arts = event_articles("chess") + [article("blank", None, "")]
    stories = membership(find_stories(arts, [], [], None, TFIDF_ONLY).stories)
    assert stories["blank"] not in {stories["chess-0"], stories["chess-1"]}


def test_without_sentence_transformers_clustering_falls_back_with_a_warning(monkeypatch):
    from storytrace.stories import embed

    def unavailable(max_seq_length: int):
        raise embed.EmbeddingsUnavailable("ImportError: no module named sentence_transformers")

    monkeypatch.setattr(embed, "load_model", unavailable)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = find_stories(event_articles("bridge", "chess"), [], [], None, StoryOptions(embeddings=True))
    assert any("embeddings unavailable" in str(w.message) for w in caught)
    assert sorted(sorted(s.articles) for s in result.stories) == [["bridge-0", "bridge-1", "bridge-2"],
                                                                  ["chess-0", "chess-1"]]
    assert not result.index.has_embedding.any()


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-09", 738954.0),
    ("2024-03-09T12:00:00", 738954.5),
    ("2024-03-09T13:00:00+01:00", 738954.5),
    ("2024-03-09T06:00:00Z", 738954.25),
    ("2024-03-09 garbage", 738954.0),
    ("yesterday", None),
    ("", None),
    (None, None),
])
def test_publication_dates_become_days_in_utc(text, expected):
    from storytrace.stories.titles import day_of

    got = day_of(text)
    assert math.isnan(got) if expected is None else got == pytest.approx(expected)


def test_articles_of_one_day_are_ordered_by_their_time():
    arts = event_articles("bridge")
    arts[0].published, arts[1].published, arts[2].published = "2024-03-10T18:00:00Z", "2024-03-10T09:00:00Z", \
        "2024-03-10T12:00:00+02:00"
    (story,) = find_stories(arts, [], [], None, TFIDF_ONLY).stories
    assert story.articles == ["bridge-1", "bridge-2", "bridge-0"]  # 09:00, 10:00 and 18:00 UTC
    assert story.first_article == "bridge-1" and story.end == "2024-03-10T18:00:00Z"
