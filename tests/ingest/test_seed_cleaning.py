"""Cleaning and metadata on the seed articles (read from ../shared through the fixtures).

The expected strings are a few words typed from reading each seed: checks
against the shared files, not copies of them. Seed 004 is a print page that
RepairPrint unwraps first; here it only serves the caption with a position
marker.
"""

from __future__ import annotations

import pytest

from storytrace.ingest.clean import CleanBoilerplate
from storytrace.ingest.metadata import ExtractMetadata
from storytrace.ingest.normalise import NormaliseUnicode
from storytrace.ingest.rules.captions import photo_captions
from storytrace.models import Article


def normalised(article: Article) -> Article:
    """The article after NormaliseUnicode, or as read while that stage is not written yet."""
    try:
        result = NormaliseUnicode().process(article)
    except NotImplementedError:
        return article
    assert isinstance(result, Article)
    return result


def cleaned(seed_texts: dict[str, str], key: str) -> Article:
    article = normalised(Article.from_raw(f"seed-{key}", f"{key}.txt", seed_texts[key], format="text"))
    return ExtractMetadata().process(CleanBoilerplate().process(article))


def removed_by_rule(article: Article) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for removal in article.removed:
        out.setdefault(removal.rule, []).append(removal.text)
    return out


def assert_gone(article: Article, rule: str, fragment: str) -> None:
    """``fragment`` is no longer in the text and was removed by ``rule``."""
    assert fragment not in article.text, f"{fragment!r} is still in the text"
    assert any(fragment in text for text in removed_by_rule(article).get(rule, [])), f"{fragment!r} not removed as {rule}"


# (first words of the body, last words of the body) per seed.
BODY_ENDS = {
    "000": ("Iraq's vice president has reached out", "among other defense endeavors."),
    "001": ("During a visit to Moscow", "among other defense endeavors."),
    "002": ("Iraq is embracing Iran", "fall of South Vietnam in 1975."),
    "003": ("Russia and Iraq will", "second half of the 20th century."),
}


@pytest.mark.parametrize("key", sorted(BODY_ENDS))
def test_body_starts_and_ends_where_the_story_does(seed_texts, key):
    article = cleaned(seed_texts, key)
    first, last = BODY_ENDS[key]
    assert article.text.startswith(first)
    assert article.text.rstrip("\u201d\"").endswith(last.rstrip("\u201d\""))


@pytest.mark.parametrize("key", sorted(BODY_ENDS))
def test_clean_text_layout(seed_texts, key):
    text = cleaned(seed_texts, key).text
    assert text == text.strip()
    assert "\n\n\n" not in text
    assert all(part.strip() for part in text.split("\n\n"))


def test_seed_000_navigation_captions_and_headline(seed_texts):
    article = cleaned(seed_texts, "000")
    assert_gone(article, "headline", "Ally Iraq Turns to Russia")
    assert article.title is not None and article.title.startswith("U.S. Ally Iraq Turns to Russia")
    assert_gone(article, "promo", "Related:")
    assert_gone(article, "caption", "RTX3CTS4")
    assert_gone(article, "caption", "Kremlin via REUTERS")
    assert_gone(article, "caption", "RTX3BUQZ")
    assert_gone(article, "comments", "Join the Discussion")
    assert len(article.removed) == 5
    # Reuters mentioned in a body sentence is not a caption.
    assert "Reuters cited Russian military officials" in article.text


def test_seed_001_credit_prefix(seed_texts):
    article = cleaned(seed_texts, "001")
    assert_gone(article, "credit", "(newsweek)")
    assert article.credit == "Newsweek"
    assert [r.rule for r in article.removed] == ["credit"]


def test_seed_002_breadcrumb_widget_byline_source(seed_texts):
    article = cleaned(seed_texts, "002")
    assert_gone(article, "breadcrumb", "Home / OPINION / Analysis")
    assert_gone(article, "widget", "Print Friendly, PDF & Email")
    assert_gone(article, "byline", "By Adam Garrie")
    assert_gone(article, "source", "Source: The Duran")
    assert any("Military and Political Alliance" in t for t in removed_by_rule(article)["headline"])
    assert "Military and Political Alliance" not in article.text
    assert article.title is not None and article.title.startswith("Iraq Seeks Russia")
    assert (article.byline, article.credit, article.outlet, article.genre) == ("Adam Garrie", "The Duran", "The Duran", "opinion")


def test_seed_003_has_no_boilerplate(seed_texts):
    article = cleaned(seed_texts, "003")
    assert article.removed == []
    assert article.title is None


def test_seed_004_caption_with_position_marker(seed_texts):
    text = normalised(Article.from_raw("seed-004", "004.txt", seed_texts["004"])).text
    captions = [text[e.start : e.end] for e in photo_captions(text)]
    marked = [c for c in captions if "(L)" in c]
    assert len(marked) == 1 and "Geopolitical challenge" in marked[0]
