"""Ingest speed and memory on 20,000 real news articles.

Reads ``../shared/eval/allsides-articles/articles.jsonl.gz`` (fields ``ID``,
``source``, ``title``, ``date``, ``authors``, ``content_original``, ``url``),
writes the articles as a temporary JSON Lines file in our own field names,
runs ``storytrace.analyze`` on it with no store, and prints one JSON line:
articles/s and MB/s of input through reading and cleaning (``ingest_seconds``:
until ``analyze`` starts comparing articles), the whole run's seconds, peak
memory, and the seconds each stage took (summed over worker processes).
``--ingest-only`` stops after reading and cleaning (no duplicates, reuse).

Usage: ``python benchmarks/bench_ingest.py [--limit N] [--workers N] [--ingest-only] [--quick]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import storytrace
from storytrace.executors import make_executor
from storytrace.pipeline import ShardResult, collect_sources, corpus_stages, process_shard, shards
from storytrace.settings import Options
from storytrace.stage import StageStats

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYTRACE_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "eval" / "allsides-articles" / "articles.jsonl.gz"
QUICK_LIMIT = 2000


def corpus_records(path: Path, limit: int | None) -> Iterator[dict]:
    """The corpus's articles in our field names (what a user's feed would look like)."""
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                return
            row = json.loads(line)
            yield {
                "id": row["ID"],
                "outlet": row.get("source"),
                "title": row.get("title"),
                "published": row.get("date"),
                "byline": row.get("authors"),
                "url": row.get("url"),
                "text": row.get("content_original") or "",
            }


def write_feed(records: Iterator[dict], folder: Path) -> tuple[Path, int]:
    feed = folder / "allsides.jsonl"
    count = 0
    with open(feed, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return feed, count


def peak_rss_mb(who: int) -> float:
    """Peak resident memory in MB (``ru_maxrss`` is KB on Linux, bytes on macOS)."""
    peak = resource.getrusage(who).ru_maxrss
    return round(peak / (1024 * 1024 if platform.system() == "Darwin" else 1024), 1)


class PhaseClock:
    """A progress callback that notes when ``analyze`` moves from reading to comparing."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.compare_started: float | None = None

    def __call__(self, step: str, done: int, total: int | None) -> None:
        if step == "compare" and self.compare_started is None:
            self.compare_started = time.perf_counter()


def run_analyze(feed: Path, options: Options) -> dict:
    """The full ``storytrace.analyze`` (no store), timed per phase."""
    clock = PhaseClock()
    analysis = storytrace.analyze([feed], options=options, progress=clock)
    finished = time.perf_counter()
    ingest_end = clock.compare_started or finished
    return {
        "articles": len(analysis.articles),
        "rejected": len(analysis.rejected),
        "seconds": finished - clock.started,
        "ingest_seconds": ingest_end - clock.started,
        "stage_seconds": {name: round(s.get("seconds", 0.0), 2) for name, s in analysis.stats.get("stages", {}).items()},
    }


def run_ingest_only(feed: Path, options: Options) -> dict:
    """Reading and cleaning only: discovery, the per-article stages on shards, the corpus cleaning stages."""
    started = time.perf_counter()
    sources, rejected = collect_sources([feed], options)
    batches = list(shards(sources, options.shard_size))
    executor = make_executor(options, len(batches))
    results: dict[int, ShardResult] = {}
    try:
        for index, result in executor.map_unordered(process_shard, batches, options):
            results[index] = result
    finally:
        executor.close()
    articles, stats = [], {}
    for index in sorted(results):
        articles.extend(results[index].articles)
        rejected.extend(results[index].rejected)
        for name, s in results[index].stats.items():
            stats.setdefault(name, StageStats(name)).merge(s)
    for stage in corpus_stages(options):
        articles = stage.run_all(articles, stats.setdefault(stage.name, StageStats(stage.name)))
    seconds = time.perf_counter() - started
    return {
        "articles": len(articles),
        "rejected": len(rejected),
        "seconds": seconds,
        "ingest_seconds": seconds,
        "stage_seconds": {name: round(s.seconds, 2) for name, s in stats.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="read only the first N articles")
    parser.add_argument("--workers", type=int, default=0, help="worker processes (0: one per core)")
    parser.add_argument("--ingest-only", action="store_true", help="stop after reading and cleaning (no duplicates, reuse)")
    parser.add_argument("--quotes", action="store_true", help="also run the quotes analysis (spaCy; slow)")
    parser.add_argument("--quick", action="store_true", help=f"same as --limit {QUICK_LIMIT}")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: the corpora in ../shared/ are needed for this benchmark", file=sys.stderr)
        return 2
    limit = QUICK_LIMIT if args.quick and args.limit is None else args.limit

    with tempfile.TemporaryDirectory(prefix="storytrace-bench-") as tmp:
        feed, count = write_feed(corpus_records(CORPUS, limit), Path(tmp))
        size = feed.stat().st_size
        options = Options(workers=args.workers, quotes=args.quotes)
        run = run_ingest_only if args.ingest_only else run_analyze
        measured = run(feed, options)

    print(json.dumps({
        "benchmark": "ingest-only" if args.ingest_only else "analyze",
        "corpus": "allsides-articles",
        "inputs": count,
        "articles": measured["articles"],
        "rejected": measured["rejected"],
        "input_mb": round(size / 1e6, 1),
        "seconds": round(measured["seconds"], 2),
        "ingest_seconds": round(measured["ingest_seconds"], 2),
        "articles_per_s": round(count / measured["ingest_seconds"], 1),
        "mb_per_s": round(size / 1e6 / measured["ingest_seconds"], 2),
        "peak_rss_mb": peak_rss_mb(resource.RUSAGE_SELF),
        "peak_rss_workers_mb": peak_rss_mb(resource.RUSAGE_CHILDREN),
        "workers": options.worker_count(),
        "stage_seconds": measured["stage_seconds"],
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
