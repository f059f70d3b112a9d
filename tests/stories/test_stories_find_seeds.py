"""Golden test on the seed corpus: the five main articles form one story; 004's print sidebar does not join it."""

from __future__ import annotations

from pathlib import Path

import pytest

import storytrace
from storytrace.settings import Options, StoryOptions
from storytrace.stories import StoryIndex, find_stories


@pytest.fixture(scope="module")
def analysis(seeds_dir: Path):
    return storytrace.analyze(seeds_dir, options=Options(executor="serial", stories=StoryOptions(enabled=False)))


def _main_and_sidebars(analysis):
    main = [a.id for a in analysis.articles if a.parent is None]
    sidebars = [a for a in analysis.articles if a.parent is not None]
    return main, sidebars


def test_the_five_main_seed_articles_form_one_story(analysis):
    main, sidebars = _main_and_sidebars(analysis)
    assert len(main) == 5 and sidebars, "the seeds are five articles, one with a print sidebar"
    result = find_stories(analysis.articles, analysis.duplicates, analysis.reuse, _quotes(analysis), StoryOptions())
    by_article = {a: s for s in result.stories for a in s.articles}
    (story,) = {by_article[a].id for a in main}
    main_story = by_article[main[0]]
    assert set(main) <= set(main_story.articles)
    for sidebar in sidebars:
        # Its own article, in its own story, marked related to its page's story (and the page's story to it).
        assert sidebar.id not in main_story.articles
        assert by_article[sidebar.id].related == [story]
        assert by_article[sidebar.id].id in main_story.related
    assert main_story.title in {a.title for a in analysis.articles if a.id in main and a.title}


def test_without_embeddings_copies_still_share_a_story_and_the_sidebar_stays_apart(analysis):
    # TF-IDF alone is weak on a six-article corpus (every shared word is in most documents); what must
    # hold regardless is the must-links: 001 and 004 copy 000.
    _, sidebars = _main_and_sidebars(analysis)
    result = find_stories(analysis.articles, analysis.duplicates, analysis.reuse, _quotes(analysis),
                          StoryOptions(embeddings=False))
    by_article = {a: s.id for s in result.stories for a in s.articles}
    copies = {r.source for r in analysis.reuse if r.kind == "copy"} | {r.target for r in analysis.reuse if r.kind == "copy"}
    assert len(copies) >= 3 and len({by_article[a] for a in copies}) == 1
    assert all(by_article[s.id] != by_article[s.parent] for s in sidebars)


def test_seed_stories_are_the_same_when_the_articles_arrive_one_by_one(analysis):
    options = StoryOptions(embeddings=False)
    quotes = _quotes(analysis)
    together = find_stories(analysis.articles, analysis.duplicates, analysis.reuse, quotes, options)
    index: StoryIndex | None = None
    ordered = sorted(analysis.articles, key=lambda a: a.id)
    for n in range(len(ordered)):
        seen = {a.id for a in ordered[: n + 1]}
        result = find_stories(ordered[: n + 1], [d for d in analysis.duplicates if {d.a, d.b} <= seen],
                              [r for r in analysis.reuse if {r.source, r.target} <= seen], quotes, options,
                              index=index)
        index = StoryIndex.from_bytes(result.index.to_bytes())
    assert index is not None
    assert sorted(map(sorted, _groups(index).values())) == sorted(sorted(s.articles) for s in together.stories)


def _quotes(analysis):
    from storytrace.quotes.records import QuoteResult

    return QuoteResult(analysis.quotes, analysis.citations, analysis.entities, analysis.quote_groups)


def _groups(index: StoryIndex) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for article, story in zip(index.ids, index.story):
        out.setdefault(story, []).append(article)
    return out
