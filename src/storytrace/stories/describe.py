"""Fill one clustered story with its coverage, framing, attributed summary and single-source reports.

Clustering decides *which* articles form a story; this module says what the
story looks like across outlets. It reads only what earlier stages produced
(articles, edits and reuse between copies, quotes) and never changes them.
"""

from __future__ import annotations

from dataclasses import replace

from storytrace.models import Article, Edits, Reuse
from storytrace.quotes.records import QuoteResult
from storytrace.settings import StoryOptions
from storytrace.stories.coverage import describe_coverage, outlet_of, time_key, time_order
from storytrace.stories.framing import describe_framing
from storytrace.stories.ratings import Ratings
from storytrace.stories.records import Story
from storytrace.stories.summary import Document, SummaryParams, summary_with_title


def summary_params(options: StoryOptions) -> SummaryParams:
    """The summariser's settings from the run's options (the rest keep their fitted defaults)."""
    return SummaryParams(
        words=options.summary_words or SummaryParams().words,
        max_summary_words=options.summary_words,
        support_similarity=options.support_similarity,
        single_source_max=options.single_source_max,
    )


def describe_story(
    story: Story,
    articles: dict[str, Article],
    *,
    edits: list[Edits],
    reuse: list[Reuse],
    quotes: QuoteResult | None = None,
    ratings: Ratings | None = None,
    options: StoryOptions | None = None,
    labels_path: str | None = None,
) -> Story:
    """A copy of ``story`` with coverage, framing, summary and single_source filled.

    Articles are put in time order; ``start``, ``end``, ``first_reported_by`` and
    ``first_article`` are filled from the publication dates when clustering left
    them empty. Story ids missing from ``articles`` are ignored.

    Args:
        story: the clustered story (its ``articles`` are ids).
        articles: every article of the run by id.
        edits: word edits between copies (pairs outside the story are ignored).
        reuse: reuse pairs (copies are kept out of the sentence alignment used for framing).
        quotes: the quote analysis (reserved: quoted sentences are already kept out of the summary).
        ratings: outlet ratings from the user's CSV (:func:`~storytrace.stories.ratings.load_ratings`), or None.
        options: story options; None uses the defaults.
        labels_path: the label lexicon for framing concepts; None uses the packaged one.
    """
    options = options or StoryOptions()
    ids = time_order([a for a in story.articles if a in articles], articles)
    coverage = describe_coverage(
        ids, articles, ratings,
        thin_share=options.thin_coverage_share, thin_min_articles=options.thin_coverage_min_articles,
    )
    dated = [a for a in ids if time_key(articles[a].published) is not None]
    first = dated[0] if dated else None
    framing = describe_framing(
        ids, articles, edits=edits, reuse=reuse, labels_path=labels_path,
        min_similarity=options.framing_sentence_similarity, min_cosine=options.framing_paraphrase_similarity,
        max_sentences=options.framing_max_sentences,
    )
    docs = [Document(a, articles[a].text, outlet_of(articles[a]), articles[a].title or "") for a in ids]
    params = summary_params(options)
    summary_title, summary, single = summary_with_title(docs, params)
    # With every article at hand, the title is the headline the summary leads with (what the summary gate
    # scores; in a big story, one of the panel's headlines); a story whose stored articles are not in this
    # run keeps the clustering's pick.
    whole = len(ids) == len(story.articles)
    title = (summary_title if whole else "") or story.title
    return replace(
        story,
        title=title,
        articles=ids + [a for a in story.articles if a not in articles],
        start=story.start or (articles[dated[0]].published if dated else None),
        end=story.end or (articles[dated[-1]].published if dated else None),
        first_reported_by=story.first_reported_by or (outlet_of(articles[first]) if first else None),
        first_article=story.first_article or first,
        coverage=coverage,
        framing=framing,
        summary=summary,
        single_source=single,
    )


__all__ = ["describe_story", "summary_params"]
