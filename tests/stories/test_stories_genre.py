"""Genre: the page's own label first, then the writing (invented articles)."""

from __future__ import annotations

from storytrace.models import Article, Removal
from storytrace.stories.genre import classify_genre, features, genre_scores, label_genre

NEWS = (
    "Officials in Velm said on Tuesday that the reservoir had reached 62 percent of its capacity. "
    "The commission confirmed the figure in a statement, according to a spokesman. "
    "Engineers will read the gauges again on Friday, the ministry said."
)
OPINION = (
    "I have watched this river all my life, and I am tired of pretending the dam is anyone's friend. "
    "We should stop treating the delta as a bargaining chip. You cannot ration a river! "
    "Frankly, the whole plan is a disgraceful mess, and we all know it."
)


def _article(text: str, **meta) -> Article:
    return Article.from_raw("x", "x.txt", text, **meta)


def test_reporting_prose_is_news_and_first_person_argument_is_opinion():
    assert classify_genre(_article(NEWS, title="Reservoir reaches 62 percent")) == "news"
    assert classify_genre(_article(OPINION, title="Why I stopped believing in the dam")) == "opinion"


def test_the_page_label_wins_over_the_writing():
    assert classify_genre(_article(NEWS, genre="opinion")) == "opinion"
    assert classify_genre(_article(OPINION, genre="analysis")) == "analysis"
    crumbs = _article(NEWS, removed=[Removal("breadcrumb", "Home / OPINION / Commentary", 0, 0)])
    assert label_genre(crumbs) == "opinion"
    assert classify_genre(_article(NEWS, title="Analysis: what the dam means for the delta")) == "analysis"


def test_words_inside_quotation_marks_are_the_sources_voice_not_the_writers():
    quoted = _article('"I think we should leave," the minister told reporters on Monday, officials said.')
    assert features(None, quoted.text)["first_singular"] == 0.0
    assert classify_genre(quoted) == "news"


def test_scores_are_probabilities_over_the_three_genres():
    scores = genre_scores("A title", OPINION)
    assert set(scores) == {"news", "opinion", "analysis"}
    assert abs(sum(scores.values()) - 1.0) < 1e-9
    assert scores["opinion"] > scores["news"]


def test_empty_text_defaults_to_news():
    assert classify_genre(_article("")) == "news"
    assert classify_genre(_article("I think we must.")) == "news"  # too short to judge
