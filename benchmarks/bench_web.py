"""Web app latency with 100,000 articles in the store: the story list and story pages (issue #6).

Builds (once, then reuses) a SQLite store of ``--n`` articles synthesised from
``../shared/eval/allsides-articles/articles.jsonl.gz`` (the corpus repeated
with varied ids, dates and outlets, so every copy is distinct content),
grouped into stories of realistic sizes (most of 1-4 articles, a long tail
up to a few hundred) saved with ``save_stories``, and results saved as the
pipeline would (reuse with passages, lineage, edits, quotes, quote groups).
Then it serves the app with uvicorn in a separate process and measures, with
httpx from this process, p50/p95 latency of:

* the story list, newest and biggest first, with a search, with an outlet filter;
* story pages (a sample of stories, the biggest ones included) and their API.

Goal: p95 < 200 ms. Prints one JSON line per measurement, with the server's
CPU time (user+sys) next to wall time, since the machine is shared.

    python benchmarks/bench_web.py            # 100,000 articles
    python benchmarks/bench_web.py --quick    # 10,000 articles
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

try:
    import storytrace  # noqa: F401
except ImportError:  # the benchmark environment may not install the project
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx

from storytrace.models import Article, Passage, Reuse
from storytrace.store import SQLiteStore

REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("STORYTRACE_SHARED", REPO.parent / "shared")) / "eval" / "allsides-articles" / "articles.jsonl.gz"
CACHE = Path(os.environ.get("STORYTRACE_BENCH_CACHE", "/tmp/storytrace-bench-web"))
BUILD_VERSION = 2  # bump when the synthesised store changes, so a stale cache is rebuilt
GOAL_MS = 200.0


# -- building the store ---------------------------------------------------------------------


def corpus_records() -> list[dict[str, Any]]:
    records = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = (record.get("content_original") or record.get("content") or "").strip()
            if len(text.split()) >= 25:
                records.append({"title": record.get("title") or "", "outlet": record.get("source") or None,
                                "date": record.get("date") or None, "url": record.get("url"), "text": text})
    return records


def story_sizes(total: int, rng: random.Random) -> list[int]:
    """Story sizes summing to ``total``: mostly 1-4 articles, a Pareto tail up to 400."""
    sizes: list[int] = []
    while sum(sizes) < total:
        size = min(400, int(rng.paretovariate(1.3)))
        sizes.append(max(1, min(size, total - sum(sizes))))
    return sizes


def synthesise(n: int, seed: int = 7) -> Iterator[tuple[list[Article], dict[str, Any], list[dict[str, Any]]]]:
    """Stories one by one: their articles, the story record and result records by kind."""
    rng = random.Random(seed)
    records = corpus_records()
    made = 0
    for number, size in enumerate(story_sizes(n, rng)):
        story_id = f"story-{number:06d}"
        base = rng.randrange(len(records))
        day0 = 17_000 + rng.randrange(1500)  # days since 1970: 2016-2020
        articles = []
        for k in range(size):
            record = records[(base + k * 7919 + made) % len(records)]
            copy = made // len(records)
            published = time.strftime("%Y-%m-%d", time.gmtime((day0 + rng.randrange(3)) * 86400))
            text = f"{record['text']}\n\n(Edition {made}.)"  # every synthesised article is distinct content
            articles.append(
                Article.from_raw(f"a{made:07d}", f"bench/{made}.txt", text, title=record["title"],
                                 outlet=record["outlet"] if copy == 0 else f"{record['outlet']} {copy}",
                                 published=published, url=record["url"])
            )
            made += 1
        articles.sort(key=lambda a: (a.published or "", a.id))
        ids = [a.id for a in articles]
        first = articles[0]
        results: dict[str, list[dict[str, Any]]] = {"reuse": [], "lineage": [], "quotes": [], "quote_groups": []}
        quote_ids = []
        for article in articles:
            end = min(len(article.text), 120)
            quote_ids.append(f"{article.id}:q1")
            results["quotes"].append({"id": f"{article.id}:q1", "article": article.id, "text": article.text[:end],
                                      "start": 0, "end": end, "kind": "direct", "speaker": "A Speaker", "group": f"{story_id}:g1"})
        for article in articles[1:]:
            if rng.random() < 0.3:  # a third of a story's later articles copy its first
                span = min(len(first.text), len(article.text), 400)
                passage = Passage(0, span, 0, span, first.text[:span], article.text[:span], 0.9)
                reuse = Reuse(first.id, article.id, "copy", rng.random() < 0.5, [passage], {"credited": first.outlet})
                results["reuse"].append(reuse.to_export())
                results["lineage"].append({"component": 0, "source": first.id, "target": article.id,
                                           "attributed": reuse.attributed, "via": [], "direct": True, "signal": "containment"})
        results["quote_groups"].append({"id": f"{story_id}:g1", "quotes": quote_ids, "speaker": "A Speaker", "earliest": first.id,
                                        "versions": [{"text": first.text[:120], "articles": ids[:50], "outlets": []}]})
        outlets = sorted({a.outlet or a.id for a in articles})
        story = {
            "id": story_id, "title": first.title, "articles": ids, "start": first.published, "end": articles[-1].published,
            "first_reported_by": first.outlet, "first_article": first.id,
            "summary": [{"text": s.strip() + ".", "support": ids[: 1 + k], "outlets": outlets[: 1 + k]}
                        for k, s in enumerate(first.text.split(".")[:3])],
            "single_source": [],
            "framing": [{"concept": "the event", "terms": {o: ["word"] for o in outlets[:6]}, "evidence": []}],
            "coverage": {"outlets": [{"outlet": o, "articles": [], "first": first.published, "ratings": {}} for o in outlets],
                         "timeline": [], "by_rating": {}, "flags": []},
            "related": [],
        }
        yield articles, story, results


def build_store(n: int) -> Path:
    """The cached store for ``n`` articles, built when missing (minutes for 100,000)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"web-{n}-v{BUILD_VERSION}.db"
    if path.exists():
        with SQLiteStore(path) as store:
            if store.state("bench-web-complete") == b"1":
                return path
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    with SQLiteStore(path) as store:
        run = store.start_run(["bench"], "{}")
        articles: list[Article] = []
        stories: list[dict[str, Any]] = []
        results: dict[str, list[dict[str, Any]]] = {}

        def flush() -> None:
            store.add_articles(articles)
            for kind, records in results.items():
                store.save_results(kind, records, run)
            store.save_stories(stories)
            articles.clear(), stories.clear(), results.clear()

        for story_articles, story, story_results in synthesise(n):
            articles += story_articles
            stories.append(story)
            for kind, records in story_results.items():
                results.setdefault(kind, []).extend(records)
            if len(articles) >= 2000:
                flush()
        flush()
        store.finish_run(run, {})
        store.save_state("bench-web-complete", b"1")
    print(f"# built {path} ({n} articles) in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return path


# -- serving and measuring --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """user+sys CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve(path: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import sys, uvicorn; from storytrace.web import create_app; "
        "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning', access_log=False)"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src") + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-c", code, str(path), str(port)], env=env)


def measure(client: httpx.Client, paths: list[str], repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        for path in paths:
            started = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
    return timings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles in the store")
    parser.add_argument("--quick", action="store_true", help="10,000 articles, fewer requests")
    parser.add_argument("--repeat", type=int, default=0, help="rounds over each set of pages (default 10, quick 3)")
    args = parser.parse_args(argv)
    n = 10_000 if args.quick else args.n
    repeat = args.repeat or (3 if args.quick else 10)
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: this benchmark synthesises its store from it", file=sys.stderr)
        return 1
    path = build_store(n)
    with SQLiteStore(path) as store:
        count = store.count_articles()
        stories = store.count_stories()
        biggest = [s.id for s in store.stories(order="biggest", limit=5)]
        sample = random.Random(1).sample([s.id for s in store.stories(limit=5000)], 20)
        outlet = next(a.outlet for a in store.articles([store.story(biggest[0])["articles"][0]]))
    story_paths = [f"/stories/{s}" for s in [*biggest, *sample]]
    cases = {
        "list_newest": ["/", "/?page=2", "/?page=40"],
        "list_biggest": ["/?order=biggest", "/?order=biggest&page=3"],
        # "president" is in about 70% of the articles: the worst case for a full-text filter.
        "list_search_common": ["/?q=president", "/?q=president&order=biggest"],
        "list_search": ["/?q=climate+change", "/?q=supreme+court&order=biggest", "/?q=zebra"],
        "list_outlet": [f"/?{urlencode({'outlet': outlet})}", f"/?{urlencode({'outlet': outlet, 'order': 'biggest'})}", "/?outlet=Nobody"],
        "list_dates": ["/?since=2018-01-01&until=2018-03-31"],
        "story_page": story_paths,
        "story_api": [f"/api{p}" for p in story_paths],
    }
    port = free_port()
    server = serve(path, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            for _ in range(600):
                try:
                    client.get("/openapi.json")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for paths in cases.values():  # warm the page cache and the thread's connection
                measure(client, paths, 1)
            for name, paths in cases.items():
                cpu0, wall0 = cpu_seconds(server.pid), time.perf_counter()
                timings = measure(client, paths, repeat)
                cpu, wall = cpu_seconds(server.pid) - cpu0, time.perf_counter() - wall0
                p95 = percentile(timings, 0.95)
                print(json.dumps({
                    "benchmark": "web", "case": name, "articles": count, "stories": stories, "requests": len(timings),
                    "p50_ms": round(statistics.median(timings), 1), "p95_ms": round(p95, 1), "max_ms": round(max(timings), 1),
                    "server_cpu_s": round(cpu, 2), "server_cpu_ms_per_request": round(cpu * 1000 / len(timings), 1), "wall_s": round(wall, 2), "goal_p95_ms": GOAL_MS, "meets_goal": p95 < GOAL_MS,
                }), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
