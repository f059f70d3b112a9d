"""Throughput of the quotes analysis (spaCy parse + attribution + citations + entities).

Usage: ``python benchmarks/bench_quotes.py [--limit N] [--quick]``. Reads the first N real
articles of ../shared/eval/allsides-articles and prints one JSON line: articles/s, quotes found,
and the share of time spent loading the model. One process; the model load is timed apart.
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

from storytrace.models import Article
from storytrace.quotes import find_quotes
from storytrace.quotes.nlp import load_nlp

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
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: the corpora in ../shared/ are needed for this benchmark", file=sys.stderr)
        return 2
    batch = articles(200 if args.quick else args.limit)
    started = time.perf_counter()
    load_nlp()
    loaded = time.perf_counter()
    result = find_quotes(batch)
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
        "processes": 1,
        "load_average": list(os.getloadavg()[:2]),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
