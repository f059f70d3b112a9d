"""Throughput of the quotes analysis (spaCy parse + attribution + citations + entities + groups).

Usage: ``python benchmarks/bench_quotes.py [--limit N] [--quick] [--workers W]``. Reads the first N
real articles of ../shared/eval/allsides-articles and prints one JSON line. The articles are
analysed in shards on worker processes, as ``storytrace.analyze`` runs them, then merged and
grouped in the main process.

The worker processes are started and load spaCy before the clock starts (``startup_seconds``,
reported apart): a one-off cost per process, not part of the rate.

The machine these figures come from is shared, so wall-clock rates move with its load. Every
worker therefore reports the CPU seconds (user + system) its shards took, model loading
measured apart; ``articles_per_cpu_second`` is the rate one fully used core sustains, and
``comparable_rate_2_cores`` (twice that) is the figure to compare across runs and with the
20 articles/s goal. ``cpu_seconds_per_article`` splits the cost into parsing + analysis (workers)
and merging + grouping (main process, sentence-embedding model load excluded).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import time
from pathlib import Path

from storytrace.executors import make_executor
from storytrace.models import Article
from storytrace.pipeline import shards
from storytrace.quotes import QuoteResult, merge_results, quotes_of_texts
from storytrace.quotes.nlp import load_nlp
from storytrace.settings import Options

CORPUS = Path(os.environ.get("STORYTRACE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "eval" / "allsides-articles" / "articles.jsonl.gz"


def articles(limit: int) -> list[Article]:
    out: list[Article] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as feed:
        for line in feed:
            record = json.loads(line)
            text = (record.get("content_original") or "").strip()
            if text:
                out.append(Article.from_raw(record["ID"], f"allsides#{len(out) + 1}", text, outlet=record.get("source")))
            if len(out) >= limit:
                break
    return out


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_shard(items: list[tuple[str, str]]) -> tuple[QuoteResult, float, float]:
    """One shard on a worker: its result, the CPU seconds spent loading the model (first shard of a
    worker only) and those spent on the shard itself."""
    started = _cpu()
    load_nlp()
    loaded = _cpu()
    result = quotes_of_texts(items)
    return result, loaded - started, _cpu() - loaded


def _warm(_: int) -> float:
    """Load the model in a worker (the pool hands each worker one of these while the others load);
    returns the CPU seconds the load took."""
    started = _cpu()
    load_nlp()
    loaded = _cpu() - started
    time.sleep(0.5)  # keep this worker busy so that the next warm-up task goes to another one
    return loaded


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="200 articles")
    parser.add_argument("--workers", type=int, default=0, help="worker processes (0: one per core)")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: the corpora in ../shared/ are needed for this benchmark", file=sys.stderr)
        return 2
    batch = articles(200 if args.quick else args.limit)
    options = Options(workers=args.workers, shard_size=32)
    batches = list(shards(((a.id, a.text) for a in batch), options.shard_size))
    executor = make_executor(options, len(batches))
    try:
        # Start the workers and load spaCy in each before the clock starts: a one-off cost per process
        # (reported as startup_seconds), not part of the rate at which a running pipeline gets through articles.
        startup = time.perf_counter()
        loads = dict(executor.map_unordered(_warm, range(options.worker_count())))
        startup = time.perf_counter() - startup
        started = time.perf_counter()
        parts = dict(executor.map_unordered(timed_shard, batches))
    finally:
        executor.close()
    parsed = time.perf_counter()
    # The sentence-embedding model (for translations) loads on first use; load it first so it is timed apart.
    embed_load = _embedding_model_load_cpu()
    merge_started, merge_cpu = time.perf_counter(), _cpu()
    result = merge_results([parts[i][0] for i in sorted(parts)], batch)
    merge_cpu = _cpu() - merge_cpu
    done = time.perf_counter()
    worker_cpu = sum(p[2] for p in parts.values())
    cpu = worker_cpu + merge_cpu
    wall = (parsed - started) + (done - merge_started)
    print(json.dumps({
        "benchmark": "quotes",
        "articles": len(batch),
        "words": sum(len(a.text.split()) for a in batch),
        "workers": options.worker_count(),
        "seconds": round(wall, 2),
        "seconds_split": {"parse_and_analyse": round(parsed - started, 2), "merge_and_group": round(done - merge_started, 2)},
        "startup_seconds": round(startup, 2),
        "articles_per_s": round(len(batch) / wall, 1),
        "cpu_seconds": round(cpu, 2),
        "cpu_seconds_per_article": {"parse_and_analyse": round(worker_cpu / len(batch), 4),
                                    "merge_and_group": round(merge_cpu / len(batch), 4)},
        "articles_per_cpu_second": round(len(batch) / cpu, 2),
        "comparable_rate_2_cores": round(2 * len(batch) / cpu, 1),
        "model_load_cpu_seconds": {"spacy_per_worker": round(max([*loads.values(), *(p[1] for p in parts.values())]), 2),
                                   "sentence_embeddings": embed_load},
        "quotes": len(result.quotes),
        "quote_groups": len(result.groups),
        "citations": len(result.citations),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()[:2]],
    }))
    return 0


def _embedding_model_load_cpu() -> float | None:
    before = _cpu()
    try:
        from storytrace.quotes.semantic import MAX_SEQ_LENGTH
        from storytrace.stories.embed import EmbeddingsUnavailable, load_model

        load_model(MAX_SEQ_LENGTH)
    except (ImportError, EmbeddingsUnavailable):
        return None
    return round(_cpu() - before, 2)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
