"""Outlet template text (footers repeated across an outlet's articles) is not reuse."""

from __future__ import annotations

from reuse_helpers import article, paragraphs, sentences
from storytrace.reuse import find_reuse
from storytrace.settings import ReuseOptions

FOOTER = "Sign up for the Morning Kestrel letter and read every story from our whole newsroom today."


def test_a_footer_shared_by_an_outlets_articles_is_not_a_copy():
    articles = [
        article(f"k{i}", "\n\n".join(paragraphs(4, seed=60 + i)) + "\n\n" + FOOTER, outlet="Kestrel Daily")
        for i in range(4)
    ]
    reuse, _, _ = find_reuse(articles, [], ReuseOptions())
    assert reuse == []


def test_the_footer_counts_when_the_outlet_has_fewer_articles_than_the_limit():
    articles = [
        article(f"k{i}", "\n\n".join(paragraphs(4, seed=60 + i)) + "\n\n" + FOOTER + " " + FOOTER, outlet="Kestrel Daily")
        for i in range(2)
    ]
    reuse, _, _ = find_reuse(articles, [], ReuseOptions(template_min_articles=3))
    assert len(reuse) == 1


def test_versions_of_one_story_within_an_outlet_are_kept():
    story = "\n\n".join(paragraphs(5, seed=70))
    articles = [
        article(f"v{i}", story + "\n\n" + " ".join(sentences(1, 80 + i)) + "\n\n" + FOOTER, outlet="Kestrel Daily")
        for i in range(3)
    ]
    reuse, _, _ = find_reuse(articles, [], ReuseOptions())
    assert len(reuse) == 3 and all(r.kind == "copy" for r in reuse)
