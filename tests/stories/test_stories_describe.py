"""describe_story end to end: invented articles, and golden tests on the seed corpus."""

from __future__ import annotations

from dataclasses import replace

import pytest

import storytrace
from storytrace import Options
from storytrace.models import Article, EditOp, Edits
from storytrace.settings import StoryOptions
from storytrace.stories.describe import describe_story
from storytrace.stories.genre import classify_genre
from storytrace.stories.records import Story
from storytrace.stories.summary import Document

TEXT_A = (
    "Dalvenia began filling the Harrow Gap reservoir on Monday, officials in Velm said. "
    "Sarrow says the filling is drying out the Orvane delta downstream, and protesters gathered in Lowmarsh."
)
TEXT_B = (
    "Dalvenia began filling the Harrow Gap reservoir on Monday, officials in Velm said. "
    "Sarrow says the filling is drying out the Orvane delta downstream, and rioters gathered in Lowmarsh."
)
TEXT_C = (
    "Officials in Velm said Dalvenia started filling the Harrow Gap reservoir on Monday. "
    "A basin commission will send engineers to read the river gauges next week."
)


def _invented() -> tuple[Story, dict[str, Article], list[Edits]]:
    arts = {
        "a": Article.from_raw("a", "a.txt", TEXT_A, outlet="Harbor Herald", published="2024-03-12T06:30:00+00:00"),
        "b": Article.from_raw("b", "b.txt", TEXT_B, outlet="Coastline Daily", published="2024-03-13"),
        "c": Article.from_raw("c", "c.txt", TEXT_C, outlet="Sarrow Delta Courier",
                              published="2024-03-12T10:00:00+01:00"),
    }
    edits = [Edits("a", "b", [EditOp("replace", "protesters", "rioters", 150, 150, True)])]
    return Story("s1", "Dam filling", ["b", "c", "a", "gone"]), arts, edits


def test_describe_story_fills_every_part_and_keeps_the_input_unchanged():
    story, arts, edits = _invented()
    ratings = {"Harbor Herald": {"bias": "center"}, "Coastline Daily": {"bias": "right"},
               "Sarrow Delta Courier": {"bias": "left"}}
    out = describe_story(story, arts, edits=edits, reuse=[], quotes=None, ratings=ratings, options=StoryOptions())
    assert story.articles == ["b", "c", "a", "gone"] and story.summary == []  # the input is not changed
    assert out.articles == ["a", "c", "b", "gone"]  # time order; unknown ids kept at the end
    assert (out.first_article, out.first_reported_by) == ("a", "Harbor Herald")
    assert out.start == "2024-03-12T06:30:00+00:00" and out.end == "2024-03-13"
    assert [o.outlet for o in out.coverage.outlets] == ["Harbor Herald", "Sarrow Delta Courier", "Coastline Daily"]
    assert out.coverage.by_rating == {"bias": {"center": 1, "left": 1, "right": 1}}
    assert [f.concept for f in out.framing] == ["protester"]
    assert out.framing[0].terms == {"Harbor Herald": ["protesters"], "Coastline Daily": ["rioters"]}
    assert out.summary and all(s.support for s in out.summary)
    assert any(r.outlet == "Sarrow Delta Courier" for r in out.single_source)
    exported = out.to_export()
    assert exported["summary"][0]["support"] and exported["framing"][0]["concept"] == "protester"


def test_options_shape_the_summary_and_the_flags():
    story, arts, edits = _invented()
    ratings = {"Harbor Herald": {"bias": "center"}, "Coastline Daily": {"bias": "center"},
               "Sarrow Delta Courier": {"bias": "center"}, "Elsewhere": {"bias": "right"}}
    strict = StoryOptions(summary_words=5, single_source_max=0, thin_coverage_min_articles=3)
    out = describe_story(story, arts, edits=edits, reuse=[], quotes=None, ratings=ratings, options=strict)
    assert len(out.summary) == 1 and out.single_source == []
    assert out.coverage.flags == ["bias=right: 0 of 3 rated articles (0%)"]


def test_a_story_of_undated_articles_without_outlets_still_gets_described():
    arts = {i: Article.from_raw(i, f"{i}.txt", TEXT_A if i == "x" else TEXT_C) for i in ("x", "y")}
    out = describe_story(Story("s", "t", ["y", "x"]), arts, edits=[], reuse=[], quotes=None, ratings=None,
                         options=StoryOptions())
    assert out.articles == ["x", "y"] and out.first_reported_by is None and out.coverage.timeline == []
    assert [o.outlet for o in out.coverage.outlets] == ["x", "y"]  # keyed by id, never "unknown"
    assert out.summary and all(s.support for s in out.summary)


# --- golden tests on the seeds --------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    # Clustering is not under test here: the story is built from the five main articles.
    options = Options(quotes=False, stories=StoryOptions(enabled=False))
    analysis = storytrace.analyze([seeds_dir], options=options, store=None)
    arts = {a.id: a for a in analysis.articles}
    main = [a.id for a in analysis.articles if a.parent is None]
    story = Story("seeds", "Iraq and Russia", main)
    described = describe_story(story, arts, edits=analysis.edits, reuse=analysis.reuse, quotes=None,
                               ratings=None, options=StoryOptions())
    return described, arts


def _by_prefix(arts: dict[str, Article], prefix: str) -> Article:
    return next(a for i, a in arts.items() if i.startswith(prefix) and a.parent is None)


def test_seed_label_swaps_000_to_001_are_in_the_framing_table(seeds):
    story, arts = seeds
    k0, k1 = _by_prefix(arts, "000").id, _by_prefix(arts, "001").id
    pairs = {(e["from"].lower(), e["to"].lower()) for f in story.framing for e in f.evidence
             if e["source"] == k0 and e["target"] == k1}
    assert {("jihadist", "terrorist"), ("hardline sunni muslim", "extremist")} <= pairs
    terms = {f.concept: f.terms for f in story.framing}
    assert "terrorist" in terms["armed-group"][k1] and "jihadist" in terms["armed-group"][k0]


def test_every_seed_summary_sentence_has_support(seeds):
    story, _ = seeds
    assert len(story.summary) >= 2
    for sentence in story.summary:
        assert sentence.support, sentence.text
    assert any(len(s.support) >= 2 for s in story.summary)  # the story's shared facts are carried by several


def test_seed_genres_002_opinion_000_news(seeds):
    _, arts = seeds
    assert classify_genre(_by_prefix(arts, "002")) == "opinion"
    assert classify_genre(_by_prefix(arts, "000")) == "news"


def test_the_title_is_the_summary_headline_when_every_article_is_at_hand():
    from storytrace.stories.summary_title import summary_title

    story, arts, edits = _invented()
    titled = {k: Article.from_raw(a.id, a.path, a.text, outlet=a.outlet, published=a.published, title=title)
              for (k, a), title in zip(arts.items(), ("Opinion: Velm is wrong about the dam | Harbor Herald",
                                                      "Dalvenia starts filling Harrow Gap reservoir",
                                                      "Reservoir filling begins; engineers to read river gauges"))}
    whole = replace(story, articles=["a", "b", "c"])
    out = describe_story(whole, titled, edits=edits, reuse=[], quotes=None, ratings=None, options=StoryOptions())
    docs = [Document(a, titled[a].text, titled[a].outlet or "", titled[a].title or "") for a in out.articles]
    assert out.title == summary_title(docs, [s.text for s in out.summary])
    assert out.title != story.title and "|" not in out.title and not out.title.startswith("Opinion")
    # "gone" is not in this run: the story's other articles are elsewhere, so the clustering's title stays.
    partial = describe_story(story, titled, edits=edits, reuse=[], quotes=None, ratings=None, options=StoryOptions())
    assert partial.title == story.title
