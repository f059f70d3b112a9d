"""The public entry point: ``storytrace.analyze(paths) -> Analysis``."""

from __future__ import annotations

import json
import time
from contextlib import ExitStack
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
    articles, rejected, stats, inputs = _ingest(list(paths), options, progress, store)
    if progress:
        progress("compare", 0, None)
    # The quotes analysis parses every article: it goes to the workers shard by shard.
    executor = make_executor(options, -(-len(articles) // options.shard_size))
    with ExitStack() as stack:
        story_index, story_cache = None, None
        if store is not None and options.stories.enabled:
            # Incremental stories: new articles join the stories earlier runs stored.
            from storytrace.incremental import load_story_index
            from storytrace.store import open_store

            story_cache = stack.enter_context(open_store(store))
            story_index = load_story_index(story_cache, articles, options.stories)  # the run's time window only
        try:
            result = run_corpus(articles, rejected, stats, options, executor, story_index=story_index, story_cache=story_cache)
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
        _save(analysis, store, list(paths), options, result.story_index, result.stories_removed)
    return analysis


def _ingest(
    paths: list[str | Path],
    options: Options,
    progress: ProgressCallback | None,
    store_location: str | Path | None = None,
) -> tuple[list[Article], list[Rejected], dict[str, StageStats], int]:
    """Discover inputs and run the per-article stages over shards of them.

    With a store, each finished shard is checkpointed there (see
    :mod:`storytrace.resume`), and shards a killed run already finished are
    loaded instead of read again; a ``resume`` entry in the stats counts them.
    """
    # Discovery is cheap next to reading; knowing the total lets the progress bar show one.
    found, rejected = collect_sources(paths, options)
    inputs = len(found) + len(rejected)
    batches = list(shards(found, options.shard_size))
    results: dict[int, ShardResult] = {}
    with ExitStack() as stack:
        checkpoints = None
        if store_location is not None:
            from storytrace.resume import Checkpoints, run_fingerprint
            from storytrace.store import open_store

            store = stack.enter_context(open_store(store_location))
            checkpoints = Checkpoints(store, run_fingerprint(found, rejected, options))
            for index in range(len(batches)):
                loaded = checkpoints.load(index)
                if loaded is not None:
                    results[index] = loaded
        resumed = len(results)
        pending = [index for index in range(len(batches)) if index not in results]
        done = sum(len(batches[index]) for index in results)
        executor = make_executor(options, len(pending))
        try:
            for position, shard_result in executor.map_unordered(process_shard, [batches[i] for i in pending], options):
                index = pending[position]
                results[index] = shard_result
                if checkpoints is not None:
                    checkpoints.save(index, shard_result)
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
    if checkpoints is not None:
        # Counters of the resume step; the fingerprint rides along as a number so _save can find the run.
        stats["resume"] = StageStats(
            "resume",
            counts={"shards": len(batches), "resumed": resumed, "fingerprint": int(checkpoints.fingerprint, 16)},
        )
    return articles, rejected, stats, inputs


def _save(
    analysis: Analysis,
    store_location: str | Path,
    paths: list[str | Path],
    options: Options,
    story_index: Any = None,
    stories_removed: Sequence[str] = (),
) -> None:
    """Store the run; resumable (see :mod:`storytrace.resume`) and incremental (see :mod:`storytrace.incremental`).

    New articles are linked to the stored ones they copy or reuse, and those
    records are saved with the run's own. A save that was killed part-way is
    finished by the next run with the same inputs and options: it reuses the
    unfinished store run and skips what that run already holds.
    """
    from storytrace.export import to_json
    from storytrace.incremental import index_new_articles, link_new_articles, save_story_index
    from storytrace.incremental_quotes import index_new_quotes, link_new_quotes
    from storytrace.resume import Checkpoints
    from storytrace.store import open_store

    resume = analysis.stats.get("stages", {}).pop("resume", None)
    document = to_json(analysis)
    with open_store(store_location) as store:
        checkpoints = None
        run_id = None
        if resume is not None:
            counts = resume["counts"]
            checkpoints = Checkpoints(store, f"{counts['fingerprint']:032x}")
            analysis.stats["resume"] = {"shards": counts["shards"], "resumed": counts["resumed"]}
            run_id = checkpoints.unfinished_run()
        if run_id is None:
            run_id = store.start_run([str(p) for p in paths], json.dumps(asdict(options)))
            if checkpoints is not None:
                checkpoints.remember_run(run_id)
        added, existing = store.add_articles(analysis.articles)
        linked = link_new_articles(store, analysis.articles, options)
        # Quote groups get store-wide ids; new quotes join the stored groups they belong to.
        quote_links = link_new_quotes(
            store, document.get("quotes", []), document.get("quote_groups", []), analysis.articles, run_id
        )
        records = {**linked.records}
        records["quotes"] = quote_links.quotes
        records["quote_groups"] = quote_links.groups
        if not store.rejected(run_id):
            store.add_rejected(analysis.rejected, run_id)
        for kind in ("duplicates", "reuse", "edits", "lineage", "quotes", "quote_groups", "citations", "entities"):
            # Each kind is saved in one transaction: one already in this run was saved whole before a kill.
            if not store.results(kind, run_id):
                own = [] if kind in ("quotes", "quote_groups") else document.get(kind, [])
                store.save_results(kind, [*own, *records.get(kind, [])], run_id)
        index_new_articles(store, linked)
        index_new_quotes(store, quote_links)
        # Stories are the store's current clustering, replaced by id (not a log per run).
        store.delete_stories(stories_removed)
        store.save_stories(document.get("stories", []))
        if story_index is not None:
            save_story_index(store, story_index)
        analysis.stats["store"] = {"added": len(added), "already_stored": len(existing)}
        analysis.stats["incremental"] = {**linked.summary(), "quotes_joined_stored_groups": quote_links.joined}
        store.finish_run(run_id, {k: v for k, v in analysis.stats.items() if k != "stages"})
        if checkpoints is not None:
            checkpoints.clear(analysis.stats["resume"]["shards"])
