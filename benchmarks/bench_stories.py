"""Story clustering at scale: 10,000 real articles from scratch, then 100 more added incrementally.

Corpus: the first 10,100 articles of ``../shared/eval/allsides-articles/articles.jsonl.gz``
(title, outlet, date, raw text; no ingest stage), in file order. Clustering
runs with the default :class:`~storytrace.settings.StoryOptions` (embeddings on)
and a fresh SQLite store as the embedding cache.

Steps, each timed (wall and CPU seconds of this process; torch uses its own threads):

``cold``
    ``find_stories`` on 10,000 articles with an empty cache: embeddings included.
``warm``
    the same from scratch again, every embedding read from the store's cache.
``add_100``
    100 new articles placed into the 10,000-article index of ``cold`` (read back
    through ``StoryIndex.to_bytes()``/``from_bytes()``, as the pipeline does), embeddings
    not cached; the ratio to ``cold`` is what the issue asks to be "a small fraction".
``describe_big_story``
    coverage, framing and the attributed summary of one story made of the first ``--big``
    articles (2,000; a worst case: full-length, mostly unrelated texts, as a years-long topic
    or a wire story run by every outlet can grow), with the peak memory traced during the step.

Usage::

    python benchmarks/bench_stories.py            # 10,000 + 100
    python benchmarks/bench_stories.py --quick    # 2,000 + 100

Prints one JSON line per step. Timings depend on what else the machine runs:
every record carries the load average before and after.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SOURCE = REPO.parent / "shared" / "eval" / "allsides-articles" / "articles.jsonl.gz"


def load(n: int) -> list:
    """The first ``n`` usable articles of the corpus as :class:`Article` records."""
    from storytrace.models import Article

    out = []
    with gzip.open(SOURCE, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record.get("content_original") or record.get("content") or ""
            if not text.strip():
                continue
            out.append(Article.from_raw(record["ID"], record["ID"], text, title=record.get("title") or None,
                                        outlet=record.get("source") or None, published=record.get("date") or None))
            if len(out) >= n:
                break
    return out


def timed(step: str, fn, bench: str = "stories", **extra):  # type: ignore[no-untyped-def]
    """``fn()`` and a record of its wall and CPU seconds with the load average around it."""
    load_before = os.getloadavg()[0]
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    record = {"bench": bench, "step": step, "wall_s": round(time.perf_counter() - wall, 2),
              "cpu_s": round(time.process_time() - cpu, 2), "load_before": round(load_before, 2),
              "load_after": round(os.getloadavg()[0], 2), **extra}
    return value, record


def describe_big_story(articles: list) -> dict:
    """Time and traced peak memory of describing one story of all ``articles``."""
    import tracemalloc

    from storytrace.stories.describe import describe_story
    from storytrace.stories.records import Story

    by_id = {a.id: a for a in articles}
    story = Story("s-big", "", list(by_id))
    described, record = timed("describe_big_story", lambda: describe_story(story, by_id, edits=[], reuse=[]),
                              articles=len(by_id))
    tracemalloc.start()  # a second, traced run: tracing slows the first one's timing down 2x
    describe_story(story, by_id, edits=[], reuse=[])
    record["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20)
    tracemalloc.stop()
    record.update(summary_sentences=len(described.summary), framing_concepts=len(described.framing))
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 articles instead of 10,000")
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--add", type=int, default=100)
    parser.add_argument("--big", type=int, default=2_000, help="articles in the one big story described")
    args = parser.parse_args(argv)
    size = 2_000 if args.quick else args.size
    big = 500 if args.quick else args.big
    if not SOURCE.exists():
        print(f"{SOURCE} is missing: this benchmark needs ../shared/eval", file=sys.stderr)
        return 2

    from storytrace.settings import StoryOptions
    from storytrace.store.sqlite import SQLiteStore
    from storytrace.stories import StoryIndex, find_stories
    from storytrace.stories.embed import load_model

    options = StoryOptions()
    articles = load(size + args.add)
    base, new = articles[:size], articles[size:]
    _, model = timed("load_model", lambda: load_model(options.embed_max_tokens))
    print(json.dumps(model), flush=True)
    with tempfile.TemporaryDirectory() as folder, SQLiteStore(Path(folder) / "cache.db") as store:
        cold, record = timed("cold", lambda: find_stories(base, [], [], None, options, cache=store), articles=size)
        record["stories"] = len(cold.stories)
        cold_wall = record["wall_s"]
        print(json.dumps(record), flush=True)
        warm, record = timed("warm", lambda: find_stories(base, [], [], None, options, cache=store), articles=size)
        record["stories"] = len(warm.stories)
        record["same_stories_as_cold"] = sorted(map(sorted, (s.articles for s in warm.stories))) == sorted(
            map(sorted, (s.articles for s in cold.stories)))
        print(json.dumps(record), flush=True)
        blob, record = timed("index_to_bytes", cold.index.to_bytes)
        record["index_bytes"] = len(blob)
        print(json.dumps(record), flush=True)
        index, record = timed("index_from_bytes", lambda: StoryIndex.from_bytes(blob))
        print(json.dumps(record), flush=True)
        added, record = timed(f"add_{len(new)}", lambda: find_stories(new, [], [], None, options, index=index,
                                                                       cache=store), articles=len(new))
        joined = {a for s in added.stories if len(s.articles) > 1 for a in s.articles} & {a.id for a in new}
        record.update(stories_touched=len(added.stories), new_articles_joining_a_story=len(joined),
                      share_of_cold_wall=round(record["wall_s"] / max(1e-9, cold_wall), 4))
        print(json.dumps(record), flush=True)
    print(json.dumps(describe_big_story(articles[:big])), flush=True)
    print(json.dumps({"bench": "stories", "step": "peak", "max_rss_mb": round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
