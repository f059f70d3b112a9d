"""Coverage: outlets, first dates, timeline, split by ratings and the thin-coverage flag (invented articles)."""

from __future__ import annotations

from storytrace.models import Article
from storytrace.stories.coverage import describe_coverage, first_reporters, outlet_of, time_order

RATINGS = {"Left Post": {"bias": "left"}, "Centre Wire": {"bias": "center"}, "Right Times": {"bias": "right"}}


def _art(id: str, outlet: str | None, published: str | None) -> Article:
    return Article.from_raw(id, f"{id}.txt", "Some words about the dam.", outlet=outlet, published=published)


def _articles(*items: Article) -> dict[str, Article]:
    return {a.id: a for a in items}


def test_outlets_their_first_dates_and_the_timeline_follow_time_across_zones():
    arts = _articles(
        _art("b", "Left Post", "2024-03-12T10:00:00+02:00"),  # 08:00 UTC: first
        _art("a", "Centre Wire", "2024-03-12T09:00:00+00:00"),
        _art("c", "Left Post", "2024-03-13"),
        _art("d", None, None),
    )
    cov = describe_coverage(["a", "b", "c", "d"], arts)
    assert [o.outlet for o in cov.outlets] == ["Left Post", "Centre Wire", "d"]
    assert cov.outlets[0].articles == ["b", "c"] and cov.outlets[0].first == "2024-03-12T10:00:00+02:00"
    assert cov.outlets[2].first is None  # undated: listed, but not in the timeline
    assert [t["article"] for t in cov.timeline] == ["b", "a", "c"]
    assert time_order(["d", "c", "a", "b"], arts) == ["b", "a", "c", "d"]
    assert cov.first_reporters == ["Left Post"]  # times on both: one was first


def test_a_date_without_a_time_may_have_been_first_on_its_day():
    arts = _articles(
        _art("a", "Centre Wire", "2024-03-12T09:00:00Z"),
        _art("b", "Left Post", "2024-03-12"),  # any time that day: it may have been first
        _art("c", "Right Times", "2024-03-12T10:00:00Z"),  # after 09:00: not first
        _art("d", "Left Post", "2024-03-12T08:30:00+00:00"),  # Left Post's second article, earliest of all
        _art("e", "Day Late", "2024-03-13"),
        _art("f", None, None),
    )
    ids = time_order(list(arts), arts)
    assert first_reporters(ids, arts) == ["Left Post"]  # 08:30 beats 09:00; b is Left Post too
    del arts["d"]
    ids = time_order(list(arts), arts)
    assert describe_coverage(ids, arts).first_reporters == ["Left Post", "Centre Wire"]
    only_days = _articles(_art("x", "North", "2024-03-12"), _art("y", "South", "2024-03-12"),
                          _art("z", "East", "2024-03-14"))
    assert first_reporters(time_order(list(only_days), only_days), only_days) == ["North", "South"]
    assert first_reporters(["f"], {"f": _art("f", None, None)}) == []


def test_an_article_without_outlet_is_keyed_by_its_id():
    assert outlet_of(_art("x1", None, None)) == "x1"
    assert outlet_of(_art("x1", "  ", None)) == "x1"


def test_coverage_splits_by_every_rating_column_and_counts_unrated():
    ratings = {"Left Post": {"bias": "left", "owner": "family"}, "Right Times": {"bias": "right"}}
    arts = _articles(_art("a", "left post", None), _art("b", "Right Times", None), _art("c", "Other", None))
    cov = describe_coverage(["a", "b", "c"], arts, ratings)
    assert cov.by_rating == {"bias": {"left": 1, "right": 1, "unrated": 1}, "owner": {"family": 1, "unrated": 2}}
    assert cov.outlets[0].ratings == {"bias": "left", "owner": "family"}


def test_a_side_that_barely_covered_the_story_is_flagged():
    arts = _articles(*[_art(f"l{i}", "Left Post", None) for i in range(6)], _art("c0", "Centre Wire", None),
                     *[_art(f"c{i}", "Centre Wire", None) for i in range(1, 4)])
    cov = describe_coverage(list(arts), arts, RATINGS)
    assert cov.by_rating["bias"] == {"left": 6, "center": 4}
    assert cov.flags == ["bias=right: 0 of 10 rated articles (0%)"]


def test_balanced_or_tiny_stories_are_not_flagged():
    balanced = _articles(_art("l", "Left Post", None), _art("c", "Centre Wire", None), _art("r", "Right Times", None))
    assert describe_coverage(list(balanced), balanced, RATINGS).flags == []
    tiny = _articles(_art("l", "Left Post", None), _art("c", "Centre Wire", None))
    assert describe_coverage(list(tiny), tiny, RATINGS, thin_min_articles=3).flags == []
    assert describe_coverage(list(tiny), tiny, RATINGS, thin_min_articles=2).flags == [
        "bias=right: 0 of 2 rated articles (0%)"
    ]


def test_no_ratings_no_split():
    arts = _articles(_art("a", "Left Post", None))
    cov = describe_coverage(["a", "missing"], arts, None)
    assert cov.by_rating == {} and cov.flags == [] and [o.articles for o in cov.outlets] == [["a"]]
