"""Throughput of the quotes analysis (spaCy parse + attribution + citations + entities).

Usage: ``python benchmarks/bench_quotes.py [--limit N] [--quick]``. Reads the first N real
articles of ../shared/eval/allsides-articles and prints one JSON line: articles/s, quotes found,
and the time spent loading the model (timed apart), with the quotes parsed in shards on
worker processes as ``storytrace.analyze`` runs them.
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
from storytrace.pipeline import find_quotes_sharded
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
    started = time.perf_counter()
    load_nlp()
    loaded = time.perf_counter()
    options = Options(workers=args.workers, shard_size=32)
    executor = make_executor(options, -(-len(batch) // options.shard_size))
    try:
        result = find_quotes_sharded(batch, options, executor)  # as analyze() runs it: shards on the workers
    finally:
        executor.close()
    done = time.perf_counter()
    print(json.dumps({
        "benchmark": "quotes",
        "articles": len(batch),
        "words": sum(len(a.text.split()) for a in batch),
        "model_load_seconds": round(loaded - started, 2),
        "seconds": round(done - loaded, 2),
        "articles_per_s": round(len(batch) / (done - loaded), 1),
        "quotes": len(result.quotes),
        "citations": len(result.citations),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "workers": options.worker_count(),
        "quote_groups": len(result.groups),
        "load_average": list(os.getloadavg()[:2]),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
