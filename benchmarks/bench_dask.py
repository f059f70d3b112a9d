"""Speed-up of a 2-worker Dask LocalCluster over a 1-worker one, next to the process pool, in one run.

Usage: ``python benchmarks/bench_dask.py [--limit N] [--quote-limit N] [--shard-size N] [--quick]``

Reads the first N real articles of ``../shared/eval/allsides-articles`` (as a
temporary JSON Lines feed) and times the two analyses an executor schedules,
exactly as ``storytrace.analyze`` runs them: the per-article stages (read,
normalise, repair print, clean, metadata, require article) over shards of
inputs, and quotes (spaCy parse, attribution, citations, entities) over
shards of the clean articles. Each runs on: one process (no executor), a Dask
LocalCluster with 1 and with 2 single-threaded worker processes, and the
local process pool with 2 workers. Worker start-up and spaCy loading happen
before the clock starts (one warm-up task per worker); each map is timed
``--repeat`` times and the fastest run counts (all are printed). Prints one
JSON line per (analysis, executor) with wall seconds, the CPU seconds of
the workers and those of this process (client, scheduler, nannies), then
one summary line with the speed-ups; the goal is >= 1.8x for 2 Dask
workers over 1. On a machine whose cores other jobs are using,
the wall-clock ratio is bounded by the cores actually free: ``load_average``
is printed so such runs can be told apart. Dask's workers run numerical
libraries single-threaded (it sets ``OMP_NUM_THREADS=1``); the serial run
may use more than one core for spaCy's matrix products.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from storytrace.executors import Executor, ProcessPoolExecutor, SerialExecutor
from storytrace.executors.dask import DaskExecutor
from storytrace.pipeline import collect_sources, process_shard, shards
from storytrace.quotes import quotes_of_texts
from storytrace.settings import Options

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYTRACE_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "eval" / "allsides-articles" / "articles.jsonl.gz"
#: A warm-up task keeps its worker busy this long, so that each worker gets one.
WARM_SECONDS = 2.0


def _warm(_: int, with_nlp: bool) -> int:
    """Import the stages (and load spaCy) in a worker, then stay busy so the next warm-up goes elsewhere."""
    started = time.perf_counter()
    import storytrace.pipeline  # noqa: F401

    if with_nlp:
        from storytrace.quotes.nlp import load_nlp

        load_nlp()
    time.sleep(max(0.0, WARM_SECONDS - (time.perf_counter() - started)))
    return os.getpid()


def write_feed(folder: Path, limit: int) -> Path:
    """The first ``limit`` corpus articles as JSONL (the corpus's own field names are read as they are)."""
    feed = folder / "allsides.jsonl"
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines, open(feed, "w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            if number >= limit:
                break
            out.write(line)
    return feed


def _worker_cpu() -> float:
    """User + system CPU seconds of this process's live descendants (the executor's workers)."""
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def timed_map(executor: Executor, fn: Callable[..., Any], batches: list, *args: Any) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds of the workers (of this process for the serial run), CPU seconds of this
    process (client, scheduler and nannies of a LocalCluster, which share the cores with the workers) and
    the number of results of one map."""
    own = psutil.Process().cpu_times()
    cpu_before, started = _worker_cpu(), time.perf_counter()
    results = dict(executor.map_unordered(fn, batches, *args))
    wall = time.perf_counter() - started
    cpu = _worker_cpu() - cpu_before
    now = psutil.Process().cpu_times()
    client_cpu = (now.user - own.user) + (now.system - own.system)
    if isinstance(executor, SerialExecutor):
        cpu = client_cpu
    return wall, cpu, client_cpu, len(results)


def make(kind: str) -> Executor:
    if kind == "serial":
        return SerialExecutor()
    if kind.startswith("dask-"):
        return DaskExecutor(int(kind.removeprefix("dask-")))
    return ProcessPoolExecutor(int(kind.removeprefix("pool-")))


def start(kind: str, with_nlp: bool) -> tuple[Executor, float]:
    """The executor, warmed up (one task per worker), and the seconds that took."""
    started = time.perf_counter()
    executor = make(kind)
    workers = getattr(executor, "workers", 1)
    if isinstance(executor, SerialExecutor):
        _warm(0, with_nlp)
    else:
        dict(executor.map_unordered(_warm, range(workers), with_nlp))
    return executor, time.perf_counter() - started


def measure(kind: str, executor: Executor, startup: float, ingest_batches: list, quote_batches: list,
            options: Options, repeat: int) -> list[dict]:
    rows = []
    for analysis, fn, batches, args in (("per-article stages", process_shard, ingest_batches, (options,)),
                                        ("quotes", quotes_of_texts, quote_batches, ())):
        if not batches:
            continue
        runs = [timed_map(executor, fn, batches, *args) for _ in range(repeat)]
        assert all(done == len(batches) for *_, done in runs), (kind, analysis)
        walls = sorted(wall for wall, *_ in runs)
        rows.append({"benchmark": "dask", "analysis": analysis, "executor": kind,
                     "workers": getattr(executor, "workers", 1), "shards": len(batches),
                     "seconds": round(walls[0], 2), "seconds_all": [round(w, 2) for w, *_ in runs],
                     "cpu_seconds": round(min(cpu for _, cpu, _, _ in runs), 2),
                     "client_cpu_seconds": round(min(client for _, _, client, _ in runs), 2),
                     "startup_seconds": round(startup, 2),
                     "load_average": list(os.getloadavg()[:2])})
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=4000, help="articles through the per-article stages")
    parser.add_argument("--quote-limit", type=int, default=400, help="articles through quotes (0: skip quotes)")
    parser.add_argument("--shard-size", type=int, default=50)
    parser.add_argument("--executors", default="serial,dask-1,dask-2,pool-2")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per executor; the fastest counts")
    parser.add_argument("--quick", action="store_true", help="600 articles, 80 with quotes, 1 run")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: the corpora in ../shared/ are needed for this benchmark", file=sys.stderr)
        return 2
    limit, quote_limit = (600, 80) if args.quick else (args.limit, args.quote_limit)
    if args.quick:
        args.repeat = 1
    options = Options(executor="serial", quotes=False, shard_size=args.shard_size)
    with tempfile.TemporaryDirectory() as folder:
        sources, rejected = collect_sources([write_feed(Path(folder), limit)], options)
    ingest_batches = list(shards(sources, args.shard_size))
    # Quotes parse clean text: clean the first articles once, here, and shard them as analyze does.
    clean = [a for batch in ingest_batches[: -(-quote_limit // args.shard_size)] for a in process_shard(batch, options).articles]
    texts = [(a.id, a.text) for a in clean[:quote_limit]]
    quote_batches = list(shards(texts, max(1, args.shard_size // 5))) if quote_limit else []  # type: ignore[arg-type]

    rows: dict[tuple[str, str], dict] = {}
    for kind in args.executors.split(","):
        executor, startup = start(kind, bool(quote_batches))
        try:
            for row in measure(kind, executor, startup, ingest_batches, quote_batches, options, args.repeat):
                rows[(row["analysis"], kind)] = row
        finally:
            executor.close()

    summary: dict[str, Any] = {"benchmark": "dask", "summary": True, "articles": len(sources), "rejected": len(rejected),
                               "quote_articles": len(texts), "cpu_count": os.cpu_count()}
    def seconds(analysis: str, kind: str) -> float | None:
        row = rows.get((analysis, kind))
        return row["seconds"] if row else None

    for analysis in ("per-article stages", "quotes"):
        key = "stages" if analysis != "quotes" else "quotes"
        one, two, pool = (seconds(analysis, kind) for kind in ("dask-1", "dask-2", "pool-2"))
        if one and two:
            summary[f"{key}_dask2_speedup_over_dask1"] = round(one / two, 2)
        if two and pool:
            summary[f"{key}_pool2_speedup_over_dask2"] = round(two / pool, 2)
        if one and (serial := seconds(analysis, "serial")):
            summary[f"{key}_dask1_speedup_over_serial"] = round(serial / one, 2)
    summary["load_average"] = list(os.getloadavg()[:2])
    print(json.dumps(summary), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
