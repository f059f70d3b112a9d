"""The cost of adding 1,000 articles to a large store; prints one JSON line.

Builds a store of ``--stored`` invented articles with its near-duplicate
index (as earlier runs would leave it), then times ``storytrace.analyze`` on
``--new`` new files into it (a tenth of them copies of stored articles), and
the same files into an empty store for comparison. Incremental cost should
follow ``--new``, not ``--stored``: run it at two ``--stored`` sizes.

    .venv/bin/python benchmarks/bench_incremental.py --stored 20000 --new 1000

Quotes and stories are off (their cost is per new article and measured by
their own benchmarks); the executor is serial so CPU time is comparable.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from invented_news import article_text, copy_of  # noqa: E402

import storytrace  # noqa: E402
from storytrace.incremental import index_new_articles, link_new_articles  # noqa: E402
from storytrace.models import Article  # noqa: E402
from storytrace.settings import Options, StoryOptions  # noqa: E402
from storytrace.store import open_store  # noqa: E402

OPTIONS = Options(workers=1, executor="serial", quotes=False, stories=StoryOptions(enabled=False))


def _cpu() -> float:
    """CPU seconds of this process and its finished worker processes."""
    return sum(
        u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def build_store(location: str, stored: int, batch: int = 5000) -> float:
    """``stored`` articles plus their index, in batches (seconds taken)."""
    started = time.perf_counter()
    with open_store(location) as store:
        for first in range(0, stored, batch):
            articles = [
                Article.from_raw(f"s{i:08d}", f"stored/s{i:08d}.txt", article_text(i))
                for i in range(first, min(stored, first + batch))
            ]
            store.add_articles(articles)
            index_new_articles(store, link_new_articles(store, articles, OPTIONS))
    return time.perf_counter() - started


def add_new(folder: Path, location: str, new: int, stored: int) -> dict[str, float]:
    folder.mkdir()
    for i in range(new):
        text = copy_of(article_text(i * 7 % max(1, stored)), i) if i % 10 == 0 else article_text(10_000_000 + i)
        (folder / f"n{i:06d}.txt").write_text(text, encoding="utf-8")
    wall, cpu = time.perf_counter(), _cpu()
    analysis = storytrace.analyze([folder], options=OPTIONS, store=location)
    return {
        "wall_s": round(time.perf_counter() - wall, 2),
        "cpu_s": round(_cpu() - cpu, 2),
        "linked_duplicates": analysis.stats["incremental"].get("duplicates", 0),
        "stored_neighbours": analysis.stats["incremental"]["stored_neighbours"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=20_000)
    parser.add_argument("--new", type=int, default=1_000)
    parser.add_argument("--store", default=None, help="A store URL (e.g. postgresql://...); default: SQLite in a temp dir.")
    parser.add_argument("--quick", action="store_true", help="A small store (2,000) and 200 new articles.")
    args = parser.parse_args()
    if args.quick:
        args.stored, args.new = 2_000, 200
    with tempfile.TemporaryDirectory() as tmp:
        location = args.store or str(Path(tmp) / "large.db")
        build_s = build_store(location, args.stored)
        into_large = add_new(Path(tmp) / "new", location, args.new, args.stored)
        into_empty = add_new(Path(tmp) / "new-empty", str(Path(tmp) / "empty.db"), args.new, args.stored)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({
        "bench": "incremental", "stored": args.stored, "new": args.new, "build_store_s": round(build_s, 1),
        "into_large_store": into_large, "into_empty_store": into_empty, "peak_rss_mib": round(peak_mib),
    }))


if __name__ == "__main__":
    main()
