"""Who covered a story, when, who was first, and how coverage splits by outlet ratings.

Time order: ``published`` values are read as ISO 8601; a date without a time
counts as the start of that day (UTC) and a time without a zone as UTC, so
dated articles always sort. Undated articles are kept in the outlet table
but left out of the timeline and of "who reported first".

**Who may have been first** (``Coverage.first_reporters``): a feed often gives
a date without a time, and then several outlets share the story's first day
with nothing to order them. Listed are the outlets whose earliest article the
dates cannot put after the story's first one: an article with a time at the
earliest moment, and every article dated that day without a time.

**Thin coverage** (the flag in ``Coverage.flags``): for each rating column,
the story's articles from rated outlets are counted per value. A value
*barely covered* the story when its share of those articles is at most
``StoryOptions.thin_coverage_share`` (10 % by default) while another value's
share is above it, and the story has at least
``StoryOptions.thin_coverage_min_articles`` rated articles (a three-article
story cannot say much about balance). Values count when they appear in the
ratings file at all, so a side with no article in the story is flagged as
``0 of N``. Articles from unrated outlets are counted under ``unrated`` in
``by_rating`` and never in the shares.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from storytrace.models import Article
from storytrace.reuse.direction import compare_published, parse_published
from storytrace.stories.ratings import Ratings, outlet_key, rating_columns, ratings_index
from storytrace.stories.records import Coverage, OutletCoverage

UNRATED = "unrated"


def outlet_of(article: Article) -> str:
    """The outlet an article is listed under: its outlet name, else its id (never "unknown")."""
    return (article.outlet or "").strip() or article.id


def time_key(published: str | None) -> datetime | None:
    """A comparable UTC datetime for a ``published`` value, or None when it is missing or unreadable."""
    value = parse_published(published)
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    return None


def time_order(ids: list[str], articles: dict[str, Article]) -> list[str]:
    """Article ids in time order; undated (and unknown) ones last, by id."""

    def key(article_id: str) -> tuple:
        article = articles.get(article_id)
        t = time_key(article.published) if article else None
        return (t is None, t or datetime.min.replace(tzinfo=timezone.utc), article_id)

    return sorted(ids, key=key)


def first_reporters(ordered: list[str], articles: dict[str, Article]) -> list[str]:
    """Outlets that may have reported first (see the module note), in time order; empty when none is dated.

    ``ordered`` is in time order (:func:`time_order`). Articles at 09:00 and 10:00 and one dated that day
    without a time: the 09:00 outlet and the undated one may each have been first, the 10:00 one not.
    """
    dated = [a for a in ordered if a in articles and time_key(articles[a].published) is not None]
    if not dated:
        return []
    first = articles[dated[0]].published
    tied = [a for a in dated if compare_published(articles[a].published, first) == 0]
    has_time = {a: isinstance(parse_published(articles[a].published), datetime) for a in tied}
    earliest = min((time_key(articles[a].published) for a in tied if has_time[a]), default=None)
    out: list[str] = []
    for a in tied:
        if (not has_time[a] or time_key(articles[a].published) == earliest) and outlet_of(articles[a]) not in out:
            out.append(outlet_of(articles[a]))
    return out


def _thin_flags(by_rating: dict[str, dict[str, int]], ratings: Ratings, share: float, min_articles: int) -> list[str]:
    flags: list[str] = []
    for column, counts in by_rating.items():
        known = {values[column] for values in ratings.values() if column in values}
        rated = {value: counts.get(value, 0) for value in sorted(known)}
        total = sum(rated.values())
        if len(rated) < 2 or total < min_articles:
            continue
        for value, n in rated.items():
            if n / total <= share and any(m / total > share for v, m in rated.items() if v != value):
                flags.append(f"{column}={value}: {n} of {total} rated articles ({n / total:.0%})")
    return flags


def describe_coverage(
    article_ids: list[str],
    articles: dict[str, Article],
    ratings: Ratings | None = None,
    *,
    thin_share: float = 0.10,
    thin_min_articles: int = 3,
) -> Coverage:
    """Coverage of one story: outlets (with their earliest date and ratings), timeline, split by rating, flags.

    Args:
        article_ids: the story's articles (ids missing from ``articles`` are ignored).
        articles: every article of the run by id.
        ratings: outlet ratings from :func:`~storytrace.stories.ratings.load_ratings`, or None.
        thin_share: a rating value with at most this share of the rated articles is flagged (see the module note).
        thin_min_articles: no flag for a story with fewer rated articles than this.
    """
    ordered = [a for a in time_order(article_ids, articles) if a in articles]
    index = ratings_index(ratings)

    def rated(article: Article) -> dict[str, str]:
        return dict(index.get(outlet_key(article.outlet), {})) if article.outlet else {}

    by_outlet: dict[str, OutletCoverage] = {}
    timeline: list[dict] = []
    for article_id in ordered:
        article = articles[article_id]
        outlet = outlet_of(article)
        entry = by_outlet.get(outlet)
        if entry is None:
            entry = by_outlet[outlet] = OutletCoverage(outlet, [], None, rated(article))
        entry.articles.append(article_id)
        if time_key(article.published) is not None:
            entry.first = entry.first or article.published
            timeline.append({"date": article.published, "article": article_id, "outlet": outlet})
    by_rating: dict[str, dict[str, int]] = {}
    for column in rating_columns(ratings or {}):
        counts: dict[str, int] = {}
        for article_id in ordered:
            value = rated(articles[article_id]).get(column, UNRATED)
            counts[value] = counts.get(value, 0) + 1
        by_rating[column] = counts
    flags = _thin_flags(by_rating, ratings or {}, thin_share, thin_min_articles)
    return Coverage(outlets=list(by_outlet.values()), timeline=timeline, by_rating=by_rating, flags=flags,
                    first_reporters=first_reporters(ordered, articles))


__all__ = ["UNRATED", "describe_coverage", "first_reporters", "outlet_of", "time_key", "time_order"]
