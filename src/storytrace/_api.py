"""The public entry point: ``storytrace.analyze(paths) -> Analysis``."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from storytrace.executors import make_executor
from storytrace.models import Article, Duplicate, Edits, Rejected, Reuse
from storytrace.pipeline import ShardResult, collect_sources, process_shard, run_corpus, shards
from storytrace.settings import Options
from storytrace.stage import StageStats

#: ``progress(step, done, total)``; ``total`` is None while inputs are still being found.
ProgressCallback = Callable[[str, int, "int | None"], None]


@dataclass(slots=True)
class Analysis:
    """Everything one run found. Serialise with :meth:`to_json`."""

    articles: list[Article] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    reuse: list[Reuse] = field(default_factory=list)
    edits: list[Edits] = field(default_factory=list)
    lineage: list[dict[str, Any]] = field(default_factory=list)
    stories: list[Any] = field(default_factory=list)
    quotes: list[Any] = field(default_factory=list)
    citations: list[Any] = field(default_factory=list)
    entities: list[Any] = field(default_factory=list)
    quote_groups: list[Any] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or None."""
        return next((a for a in self.articles if a.id == article_id), None)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON export (``schema: storytrace/1``)."""
        from storytrace.export import to_json

        return to_json(self)


def analyze(
    paths: Sequence[str | Path] | str | Path,
    *,
    options: Options | None = None,
    store: str | Path | None = None,
    progress: ProgressCallback | None = None,
) -> Analysis:
    """Read, clean and compare every article under ``paths``.

    Args:
        paths: files and folders (searched recursively): plain text, HTML,
            JSON Lines and WARC.
        options: run configuration; defaults to :class:`~storytrace.Options`.
        store: a store path or URL (``./storytrace.db``); None keeps results in memory only.
        progress: called as work advances (the CLI draws a progress bar with it).

    Returns:
        An :class:`Analysis`. Every input is either among ``articles`` or listed
        in ``rejected`` with a reason; one bad input never stops the run.

    Example:
        >>> analysis = storytrace.analyze(["examples/corpus"])   # doctest: +SKIP
        >>> [(d.a, d.b, d.kind) for d in analysis.duplicates]    # doctest: +SKIP
    """
    options = options or Options()
    if options.quotes:
        # A missing spaCy model should fail now, with its install hint, not after reading everything.
        from storytrace.quotes.nlp import load_nlp

        load_nlp()
    if options.stories.enabled:
        from storytrace.pipeline import load_outlet_ratings

        load_outlet_ratings(options)  # a bad ratings file fails now, not after reading everything
    if isinstance(paths, (str, Path)):
        paths = [paths]
    started = time.perf_counter()
    articles, rejected, stats, inputs = _ingest(list(paths), options, progress)
    if progress:
        progress("compare", 0, None)
    # The quotes analysis parses every article: it goes to the workers shard by shard.
    executor = make_executor(options, -(-len(articles) // options.shard_size))
    try:
        result = run_corpus(articles, rejected, stats, options, executor)
    finally:
        executor.close()
    analysis = Analysis(
        articles=result.articles,
        rejected=result.rejected,
        duplicates=result.duplicates,
        reuse=result.reuse,
        edits=result.edits,
        lineage=result.lineage,
        quotes=result.quotes.quotes,
        citations=result.quotes.citations,
        entities=result.quotes.entities,
        quote_groups=result.quotes.groups,
        stories=result.stories,
    )
    analysis.stats = {
        "inputs": inputs,
        "articles": len(analysis.articles),
        "rejected": len(analysis.rejected),
        "seconds": round(time.perf_counter() - started, 3),
        "stages": {name: asdict(s) for name, s in result.stats.items()},
    }
    if store is not None:
        _save(analysis, store, list(paths), options)
    return analysis


def _ingest(
    paths: list[str | Path], options: Options, progress: ProgressCallback | None
) -> tuple[list[Article], list[Rejected], dict[str, StageStats], int]:
    """Discover inputs and run the per-article stages over shards of them."""
    # Discovery is cheap next to reading; knowing the total lets the progress bar show one.
    found, rejected = collect_sources(paths, options)
    inputs = len(found) + len(rejected)
    batches = list(shards(found, options.shard_size))
    executor = make_executor(options, len(batches))
    results: dict[int, ShardResult] = {}
    done = 0
    try:
        for index, shard_result in executor.map_unordered(process_shard, batches, options):
            results[index] = shard_result
            done += len(batches[index])
            if progress:
                progress("read", done, len(found))
    finally:
        executor.close()
    articles: list[Article] = []
    stats: dict[str, StageStats] = {}
    for index in sorted(results):
        articles.extend(results[index].articles)
        rejected.extend(results[index].rejected)
        for name, s in results[index].stats.items():
            stats.setdefault(name, StageStats(name)).merge(s)
    return articles, rejected, stats, inputs


def _save(analysis: Analysis, store_location: str | Path, paths: list[str | Path], options: Options) -> None:
    from storytrace.export import to_json
    from storytrace.store import open_store

    document = to_json(analysis)
    with open_store(store_location) as store:
        run_id = store.start_run([str(p) for p in paths], json.dumps(asdict(options)))
        added, existing = store.add_articles(analysis.articles)
        store.add_rejected(analysis.rejected, run_id)
        for kind in ("duplicates", "reuse", "edits", "lineage", "quotes", "quote_groups", "citations", "entities"):
            store.save_results(kind, document.get(kind, []), run_id)
        # Stories are the store's current clustering, replaced by id (not a log per run).
        store.save_stories(document.get("stories", []))
        analysis.stats["store"] = {"added": len(added), "already_stored": len(existing)}
        store.finish_run(run_id, {k: v for k, v in analysis.stats.items() if k != "stages"})
