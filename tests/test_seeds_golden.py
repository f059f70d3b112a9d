"""Golden tests: the whole pipeline on the five seed articles in ../shared/corpus/seeds/.

The expected strings are short checks typed from reading the seeds, not
copies of them.
"""

from __future__ import annotations

import pytest

import storytrace
from storytrace.models import Article
from storytrace.settings import Options


@pytest.fixture(scope="module")
def analysis(seeds_dir) -> storytrace.Analysis:
    return storytrace.analyze([seeds_dir], options=Options(workers=1))


def by_prefix(analysis: storytrace.Analysis, prefix: str) -> Article:
    found = [a for a in analysis.articles if a.id.startswith(prefix) and a.parent is None]
    assert len(found) == 1, [a.id for a in analysis.articles]
    return found[0]


def removed_rules(article: Article) -> dict[str, list[str]]:
    rules: dict[str, list[str]] = {}
    for item in article.removed:
        rules.setdefault(item.rule, []).append(item.text)
    return rules


def test_every_seed_is_analysed_and_nothing_rejected(analysis):
    assert analysis.rejected == []
    main = [a for a in analysis.articles if a.parent is None]
    assert len(main) == 5


@pytest.mark.parametrize(
    "prefix, boilerplate",
    [
        ("000", ["Related:", "RTX3CTS4", "RTX3BUQZ", "via REUTERS", "Join the Discussion"]),
        ("001", ["(newsweek) --"]),
        ("002", ["Home / OPINION", "Print Friendly, PDF & Email", "By Adam Garrie", "Source: The Duran"]),
    ],
)
def test_boilerplate_is_gone_from_text_and_listed_as_removed(analysis, prefix, boilerplate):
    article = by_prefix(analysis, prefix)
    removed_text = " ".join(item.text for item in article.removed)
    for item in boilerplate:
        assert item not in article.text, item
        assert item in removed_text, item


@pytest.mark.parametrize(
    "prefix, first, last",
    [
        ("000", "Iraq's vice president has reached out", "among other defense endeavors."),
        ("001", "During a visit to Moscow, Iraqi Vice President", "among other defense endeavors."),
        ("002", "Iraq is embracing Iran, Russia and Syria", "fall of South Vietnam in 1975."),
        ("003", "Russia and Iraq will", "during the second half of the 20th century."),
        ("004", "Iraqi Vice-President Nuri al-Maliki", "when tanks are delivered and money changes hands."),
    ],
)
def test_first_and_last_body_sentences_survive(analysis, prefix, first, last):
    text = by_prefix(analysis, prefix).text
    assert 0 <= text.find(first) < 200, text[:300]
    assert last in text[-300:], text[-300:]


def test_print_page_is_repaired(analysis):
    page = by_prefix(analysis, "004")
    text = page.text
    for joined in ["disintegration", "Valentina Matviyenko", "sectarian", "We sincerely thank you", "premiership"]:
        assert joined in text, joined
    for real_hyphen in ["Iran-backed", "pro-Kremlin", "Russian-made", "US-led"]:
        assert real_hyphen in text, real_hyphen
    assert "disinte-" not in text and "Rus-\n" not in text
    assert text.startswith("Iraqi")


def test_sidebar_is_split_off_with_its_title(analysis):
    page = by_prefix(analysis, "004")
    sidebars = [a for a in analysis.articles if a.parent == page.id]
    assert len(sidebars) == 1
    sidebar = sidebars[0]
    assert sidebar.title == "Iran and Russia cooperate amid suspicion"
    assert sidebar.text.startswith("Iranian and Russian interests")
    assert "Iranian and Russian interests" not in page.text
    assert "Russian-Iranian" in sidebar.text and "2011-12" in sidebar.text


def test_metadata_is_filled_where_the_seed_states_it(analysis):
    assert by_prefix(analysis, "001").credit == "Newsweek"
    opinion = by_prefix(analysis, "002")
    assert opinion.byline == "Adam Garrie"
    assert opinion.outlet == "The Duran" or opinion.credit == "The Duran"
    assert opinion.genre == "opinion"
    assert by_prefix(analysis, "000").title.startswith("U.S. Ally Iraq Turns to Russia")


def test_offsets_lead_back_to_the_raw_text(analysis):
    for article in analysis.articles:
        for word in ("Maliki", "Russia"):
            pos = article.text.find(word)
            if pos < 0:
                continue
            start, end = article.offsets.span_to_raw(pos, pos + len(word))
            assert article.raw[start:end].replace("-\n", "") == word
