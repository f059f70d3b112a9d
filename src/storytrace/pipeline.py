"""The storytrace pipeline: the stages in order.

Reading and cleaning are per-article stages, run on shards of inputs by an
executor (one process, a process pool, or Dask) with the same result.
The analyses that compare articles run on the whole corpus after that.

    discover inputs  ->  shards of Sources
    per shard:  read -> normalise -> repair print -> clean -> metadata -> require article
    corpus:     unique ids -> outlet boilerplate
    analyses:   duplicates -> reuse, lineage and edits -> quotes, speakers, citations, entities
                -> genre -> stories (clustering, then coverage, framing and an attributed summary each)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from storytrace._exceptions import ConfigError
from storytrace.dedup import find_duplicates
from storytrace.executors import Executor, SerialExecutor
from storytrace.ingest.boilerplate import RemoveOutletBoilerplate
from storytrace.ingest.clean import CleanBoilerplate
from storytrace.ingest.metadata import ExtractMetadata
from storytrace.ingest.normalise import NormaliseUnicode
from storytrace.ingest.print_repair import RepairPrint
from storytrace.ingest.read import ReadSource, RequireArticle, UniqueIds, drop_repeated_inputs
from storytrace.ingest.sources import discover
from storytrace.models import Article, Duplicate, Edits, Rejected, Reuse, Source
from storytrace.quotes import QuoteResult, merge_results, quotes_of_texts
from storytrace.reuse import find_reuse
from storytrace.settings import Options
from storytrace.stage import ArticleStage, CorpusStage, StageStats


def article_stages(options: Options) -> list[ArticleStage]:
    """Stages that see one article at a time, in order."""
    return [
        ReadSource(options.ingest),  # Source -> Article: decode, trafilatura for HTML, JSONL fields
        NormaliseUnicode(),  # mojibake, NFC, odd spaces; offsets into the raw text kept
        RepairPrint(),  # PDF-extracted pages: hyphens, drop caps, furniture, sidebars split off
        CleanBoilerplate(),  # named rules; what they remove is kept with the rule's name
        ExtractMetadata(),  # title, outlet, byline, date, credit, genre
        RequireArticle(options.ingest),  # too little text left -> rejected as "not an article"
    ]


def corpus_stages(options: Options) -> list[CorpusStage]:
    """Stages that need every article of the run."""
    return [
        UniqueIds(),  # two inputs named alike get distinct ids
        RemoveOutletBoilerplate(options.ingest),  # lines an outlet repeats across its articles
    ]


@dataclass(slots=True)
class ShardResult:
    """What the per-article stages made of one shard of inputs."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    stats: dict[str, StageStats] = field(default_factory=dict)


def process_shard(sources: list[Source], options: Options) -> ShardResult:
    """Run the per-article stages over one shard. Pure: safe in any worker process."""
    result = ShardResult()
    # ReadSource turns Sources into Articles; both carry the ``path`` a rejection names.
    stream: Iterable = iter(sources)
    for stage in article_stages(options):
        stats = result.stats.setdefault(stage.name, StageStats(stage.name))
        stream = stage.run(stream, result.rejected, stats)
    result.articles = list(stream)
    return result


def shards(items: Iterable[Source], size: int) -> Iterator[list[Source]]:
    shard: list[Source] = []
    for item in items:
        shard.append(item)
        if len(shard) >= size:
            yield shard
            shard = []
    if shard:
        yield shard


@dataclass(slots=True)
class CorpusResult:
    articles: list[Article]
    rejected: list[Rejected]
    duplicates: list[Duplicate]
    reuse: list[Reuse]
    edits: list[Edits]
    lineage: list[dict]
    quotes: QuoteResult
    stats: dict[str, StageStats]
    stories: list = field(default_factory=list)
    #: The updated incremental story index (``StoryIndex``), None when stories were off.
    story_index: object | None = None
    #: Ids of stored stories merged into others by this run.
    stories_removed: list = field(default_factory=list)


def run_corpus(
    articles: list[Article],
    rejected: list[Rejected],
    stats: dict[str, StageStats],
    options: Options,
    executor: Executor | None = None,
    *,
    story_index: object | None = None,
    story_cache: object | None = None,
) -> CorpusResult:
    """Corpus stages, then the analyses that compare articles.

    ``story_index`` and ``story_cache`` (a Store) make story clustering
    incremental: new articles join the stories an earlier run stored.
    """
    articles, repeated = drop_repeated_inputs(articles)  # the same input given twice is analysed once
    rejected.extend(repeated)
    for stage in corpus_stages(options):
        articles = stage.run_all(articles, stats.setdefault(stage.name, StageStats(stage.name)))
    duplicates = find_duplicates(articles, options.dedup)
    reuse, edits, lineage = find_reuse(articles, duplicates, options.reuse)
    quotes = find_quotes_sharded(articles, options, executor or SerialExecutor()) if options.quotes else QuoteResult()
    result = CorpusResult(articles, rejected, duplicates, reuse, edits, lineage, quotes, stats)
    if options.stories.enabled:
        told = tell_stories(articles, duplicates, reuse, edits, quotes, options, index=story_index, cache=story_cache)
        result.stories, result.story_index, result.stories_removed = told
    return result


def tell_stories(
    articles: list[Article],
    duplicates: list[Duplicate],
    reuse: list[Reuse],
    edits: list[Edits],
    quotes: QuoteResult | None,
    options: Options,
    *,
    index: object | None = None,
    cache: object | None = None,
) -> tuple[list, object, list[str]]:
    """Genre of every article, then stories: clustered, and each described (coverage, framing, summary).

    With ``index`` (a ``StoryIndex`` from an earlier run) new articles join
    existing stories; ``cache`` (a Store) keeps sentence embeddings between runs.
    """
    from storytrace.stories import find_stories
    from storytrace.stories.describe import describe_story
    from storytrace.stories.genre import classify_genre

    for article in articles:
        article.genre = classify_genre(article)
    ratings = load_outlet_ratings(options)
    found = find_stories(articles, duplicates, reuse, quotes, options.stories, index=index, cache=cache)  # type: ignore[arg-type]
    by_id = {a.id: a for a in articles}
    stored = sorted({a for story in found.stories for a in story.articles if a not in by_id})
    if stored and cache is not None:
        # A story this run's articles joined also holds stored ones: describe it whole.
        by_id.update((a.id, a) for a in cache.articles(stored))  # type: ignore[attr-defined]
    stories = [
        describe_story(story, by_id, edits=edits, reuse=reuse, quotes=quotes, ratings=ratings, options=options.stories)
        for story in found.stories
    ]
    return stories, found.index, list(found.removed)


def load_outlet_ratings(options: Options) -> dict[str, dict[str, str]] | None:
    """The user's outlet ratings CSV, or None; a file that cannot be used is a :class:`ConfigError`."""
    if options.stories.ratings_path is None:
        return None
    from storytrace.stories.ratings import load_ratings

    try:
        return load_ratings(options.stories.ratings_path)
    except ConfigError:
        raise
    except (OSError, ValueError, UnicodeDecodeError) as error:
        raise ConfigError(f"outlet ratings {options.stories.ratings_path!r}: {error}") from error


def find_quotes_sharded(articles: list[Article], options: Options, executor: Executor) -> QuoteResult:
    """Quotes per shard of articles on the executor (parsing is the slow part), merged in order."""
    batches = list(shards(((a.id, a.text) for a in articles), options.shard_size))  # type: ignore[arg-type]
    parts = dict(executor.map_unordered(quotes_of_texts, batches))
    return merge_results([parts[index] for index in sorted(parts)], articles)


def collect_sources(paths: Sequence[str | Path], options: Options) -> tuple[list[Source], list[Rejected]]:
    sources: list[Source] = []
    rejected: list[Rejected] = []
    for item in discover(paths, options.ingest):
        (rejected if isinstance(item, Rejected) else sources).append(item)
    return sources, rejected

