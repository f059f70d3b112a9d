"""SQLite (our store) against DuckDB for the store's workload; prints one JSON line.

The store's workload is not analytics: it is batches of article inserts with
an idempotency check by content hash, point reads by id (the web app's page
views, from several readers at once), and full-text search. This measures
exactly that on invented articles of realistic size (3-5 KB of text from a
made-up vocabulary; no corpus is read):

* ``sqlite_store``: :class:`storytrace.store.SQLiteStore` as shipped (removals,
  offsets, metadata, FTS5 index kept in sync by triggers);
* ``sqlite_min`` and ``duckdb_min``: the two engines on the same minimal
  schema (id primary key, unique content hash, text columns), so the engines
  are compared like for like. DuckDB is loaded row-wise (``executemany``,
  what a drop-in store would do) and, when pyarrow is there, in Arrow batches
  (its fastest path).

Run it with the benchmark environment, which has duckdb (never install it
into the project's .venv)::

    python3 -m venv .venv-bench
    .venv-bench/bin/pip install duckdb numpy xxhash pyarrow
    .venv-bench/bin/python benchmarks/bench_store.py --n 20000

Without duckdb the DuckDB half is skipped with a message, and the SQLite
figures are still printed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

try:
    import storytrace  # noqa: F401
except ImportError:  # the benchmark environment does not install the project
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import xxhash

from storytrace.models import Article
from storytrace.offsets import Edit
from storytrace.stage import apply_edits
from storytrace.store import SQLiteStore

BATCH = 1000

# -- invented articles --------------------------------------------------------------------

_ONSETS = ["b", "br", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "qu", "r", "s", "st", "t", "tr", "v", "w", "z"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "ea"]
_CODAS = ["", "", "n", "r", "s", "t", "l", "nd", "rk", "sh"]
_FUNCTION_WORDS = "the a of to and in on for that with said was is by at from as it its has have were".split()


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    """Made-up words (so no real text is copied), plus common function words."""
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(rng.randint(1, 3))))
    return sorted(words)


def invented_articles(n: int, seed: int = 1) -> list[Article]:
    rng = random.Random(seed)
    words = vocabulary(rng)
    outlets = [f"{w.title()} {kind}" for w, kind in zip(rng.sample(words, 40), ["Gazette", "Herald", "Post", "Times"] * 10)]
    articles = []
    for i in range(n):
        target = rng.randint(3000, 5000)
        sentences, length = [], 0
        while length < target:
            sentence = " ".join(rng.choice(_FUNCTION_WORDS) if rng.random() < 0.35 else rng.choice(words) for _ in range(rng.randint(8, 22)))
            sentence = sentence[0].upper() + sentence[1:] + "."
            sentences.append(sentence)
            length += len(sentence) + 1
        title = " ".join(rng.choice(words) for _ in range(rng.randint(4, 9))).title()
        outlet = rng.choice(outlets)
        raw = f"HOME | NEWS | SPORT\n{title}\nBy {rng.choice(words).title()} {rng.choice(words).title()}\n" + " ".join(sentences) + "\nShare this article\n"
        article = Article.from_raw(
            f"doc-{i:07d}",
            f"corpus/{outlet.split()[0].lower()}/{i:07d}.txt",
            raw,
            title=title,
            outlet=outlet,
            published=f"2031-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            genre="news",
            meta={"language": "en", "source_format": "text"},
        )
        first = raw.index("\n") + 1
        last = raw.rindex("Share this article")
        apply_edits(article, [Edit(0, first, "", "site-furniture"), Edit(last, len(raw), "", "site-furniture")])
        articles.append(article)
    return articles


# -- measuring ----------------------------------------------------------------------------


def percentiles_us(samples_ns: Sequence[int]) -> dict[str, float]:
    ordered = sorted(samples_ns)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] / 1000  # noqa: E731
    return {"p50_us": round(pick(0.50), 1), "p95_us": round(pick(0.95), 1), "mean_us": round(statistics.fmean(ordered) / 1000, 1)}


def latencies(call: Callable[[Any], Any], keys: Iterable[Any]) -> dict[str, float]:
    samples = []
    for key in keys:
        started = time.perf_counter_ns()
        call(key)
        samples.append(time.perf_counter_ns() - started)
    return percentiles_us(samples)


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else float("inf")


def file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


Reader = tuple[Callable[[str], Any], Callable[[], Any]]  # (lookup, close)


def concurrent_lookups(open_reader: Callable[[], Reader], ids: list[str], threads: int, per_thread: int) -> float:
    """Lookups per second with ``threads`` readers, each on its own connection (opened and closed in its thread)."""
    barrier = threading.Barrier(threads + 1)
    rng = random.Random(3)
    plans = [[rng.choice(ids) for _ in range(per_thread)] for _ in range(threads)]

    def work(plan: list[str]) -> None:
        lookup, close = open_reader()
        barrier.wait()
        for id in plan:
            lookup(id)
        close()

    workers = [threading.Thread(target=work, args=(plan,)) for plan in plans]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    return rate(threads * per_thread, time.perf_counter() - started)


def other_process_can_read(code: str) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter; it prints a row count or fails."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    if done.returncode == 0:
        return {"ok": True, "rows_seen": int(done.stdout.strip())}
    return {"ok": False, "error": (done.stderr.strip().splitlines() or ["?"])[-1][:200]}


# -- the shipped store ----------------------------------------------------------------------


def bench_sqlite_store(articles: list[Article], folder: Path, lookup_ids: list[str], queries: list[str], readers: int) -> dict[str, Any]:
    path = folder / "store.db"
    with SQLiteStore(path) as store:
        started = time.perf_counter()
        for i in range(0, len(articles), BATCH):
            store.add_articles(articles[i : i + BATCH])
        insert_s = time.perf_counter() - started
        started = time.perf_counter()
        for i in range(0, len(articles), BATCH):
            added, _ = store.add_articles(articles[i : i + BATCH])
            assert not added
        again_s = time.perf_counter() - started
        hashes = [xxhash.xxh3_128_hexdigest(store.article(id).raw.encode()) for id in lookup_ids[:500]]  # type: ignore[union-attr]
        result = {
            "insert_articles_per_s": rate(len(articles), insert_s),
            "reingest_articles_per_s": rate(len(articles), again_s),
            "lookup_article_by_id": latencies(store.article, lookup_ids),
            "check_content_hash": latencies(store.id_for_hash, hashes),
            "fts_search": latencies(lambda q: store.search(q, 20), queries),
        }
    def reader() -> Reader:
        store = SQLiteStore(path)
        return store.article, store.close

    result["concurrent_lookups_per_s"] = concurrent_lookups(reader, lookup_ids, readers, 2000 // readers)
    result["file_bytes"] = file_size(path)
    return result


# -- the two engines on one minimal schema ---------------------------------------------------

MIN_SCHEMA = (
    "CREATE TABLE articles (id VARCHAR PRIMARY KEY, content_hash VARCHAR UNIQUE NOT NULL, path VARCHAR, "
    "title VARCHAR, outlet VARCHAR, published VARCHAR, raw VARCHAR, text VARCHAR, offsets VARCHAR, meta VARCHAR)"
)
MIN_COLUMNS = ("id", "content_hash", "path", "title", "outlet", "published", "raw", "text", "offsets", "meta")


def minimal_rows(articles: list[Article]) -> list[tuple[Any, ...]]:
    return [
        (
            a.id,
            xxhash.xxh3_128_hexdigest(a.raw.encode()),
            a.path,
            a.title,
            a.outlet,
            a.published,
            a.raw,
            a.text,
            json.dumps(a.offsets.to_json()),
            json.dumps(a.meta),
        )
        for a in articles
    ]


def bench_sqlite_min(rows: list[tuple[Any, ...]], folder: Path, lookup_ids: list[str], readers: int) -> dict[str, Any]:
    path = folder / "min.sqlite"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(MIN_SCHEMA)
    insert = f"INSERT INTO articles VALUES ({', '.join('?' * len(MIN_COLUMNS))})"
    started = time.perf_counter()
    for i in range(0, len(rows), BATCH):
        db.execute("BEGIN")
        db.executemany(insert, rows[i : i + BATCH])
        db.execute("COMMIT")
    insert_s = time.perf_counter() - started
    started = time.perf_counter()
    for i in range(0, len(rows), BATCH):
        db.execute("BEGIN")
        db.executemany(insert.replace("INSERT", "INSERT OR IGNORE"), rows[i : i + BATCH])
        db.execute("COMMIT")
    again_s = time.perf_counter() - started
    by_id = {row[0]: row for row in rows}
    result = {
        "insert_articles_per_s": rate(len(rows), insert_s),
        "reingest_articles_per_s": rate(len(rows), again_s),
        "lookup_article_by_id": latencies(lambda id: db.execute("SELECT * FROM articles WHERE id = ?", (id,)).fetchone(), lookup_ids),
        "check_content_hash": latencies(
            lambda h: db.execute("SELECT id FROM articles WHERE content_hash = ?", (h,)).fetchone(), [by_id[i][1] for i in lookup_ids]
        ),
    }

    def reader() -> Reader:
        connection = sqlite3.connect(path)
        return lambda id: connection.execute("SELECT * FROM articles WHERE id = ?", (id,)).fetchone(), connection.close

    result["concurrent_lookups_per_s"] = concurrent_lookups(reader, lookup_ids, readers, 2000 // readers)
    # Another process reads while this one holds an open write transaction.
    db.execute("BEGIN IMMEDIATE")
    db.execute(insert, ("pending", "pending-hash", *rows[0][2:]))
    result["other_process_reads_while_writing"] = other_process_can_read(
        f"import sqlite3; print(sqlite3.connect({str(path)!r}).execute('SELECT count(*) FROM articles').fetchone()[0])"
    )
    db.execute("ROLLBACK")
    db.close()
    result["file_bytes"] = file_size(path)
    return result


def bench_duckdb_min(rows: list[tuple[Any, ...]], folder: Path, lookup_ids: list[str], readers: int, rowwise_limit: int) -> dict[str, Any]:
    import duckdb

    result: dict[str, Any] = {"version": duckdb.__version__}
    insert = f"INSERT INTO articles VALUES ({', '.join('?' * len(MIN_COLUMNS))})"

    # Row-wise, as a drop-in store would write (slow in DuckDB: measured on a prefix).
    rowwise = rows[:rowwise_limit]
    scratch = duckdb.connect(str(folder / "rowwise.duckdb"))
    scratch.execute(MIN_SCHEMA)
    started = time.perf_counter()
    for i in range(0, len(rowwise), BATCH):
        scratch.execute("BEGIN")
        scratch.executemany(insert, rowwise[i : i + BATCH])
        scratch.execute("COMMIT")
    result["insert_rowwise_articles_per_s"] = rate(len(rowwise), time.perf_counter() - started)
    result["insert_rowwise_measured_on"] = len(rowwise)
    scratch.close()

    path = folder / "min.duckdb"
    db = duckdb.connect(str(path))
    db.execute(MIN_SCHEMA)
    try:
        import pyarrow as pa
    except ImportError:
        pa = None
    if pa is not None:
        columns = list(zip(*rows))

        def batch_table(i: int) -> Any:
            return pa.table({name: pa.array(list(col[i : i + BATCH]), pa.string()) for name, col in zip(MIN_COLUMNS, columns)})

        tables = [batch_table(i) for i in range(0, len(rows), BATCH)]
        started = time.perf_counter()
        for table in tables:
            db.register("incoming", table)
            db.execute("INSERT INTO articles SELECT * FROM incoming")
            db.unregister("incoming")
        result["insert_arrow_articles_per_s"] = rate(len(rows), time.perf_counter() - started)
        started = time.perf_counter()
        for table in tables:
            db.register("incoming", table)
            db.execute("INSERT OR IGNORE INTO articles SELECT * FROM incoming")
            db.unregister("incoming")
        result["reingest_arrow_articles_per_s"] = rate(len(rows), time.perf_counter() - started)
    else:
        result["insert_arrow_articles_per_s"] = "skipped: pyarrow is not importable"
        started = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            db.execute("BEGIN")
            db.executemany(insert, rows[i : i + BATCH])
            db.execute("COMMIT")
        result["insert_rowwise_full_articles_per_s"] = rate(len(rows), time.perf_counter() - started)

    by_id = {row[0]: row for row in rows}
    result["lookup_article_by_id"] = latencies(lambda id: db.execute("SELECT * FROM articles WHERE id = ?", [id]).fetchone(), lookup_ids)
    result["check_content_hash"] = latencies(
        lambda h: db.execute("SELECT id FROM articles WHERE content_hash = ?", [h]).fetchone(), [by_id[i][1] for i in lookup_ids]
    )

    def reader() -> Reader:
        cursor = db.cursor()  # DuckDB: one database instance per process; readers are its cursors
        return lambda id: cursor.execute("SELECT * FROM articles WHERE id = ?", [id]).fetchone(), cursor.close

    result["concurrent_lookups_per_s"] = concurrent_lookups(reader, lookup_ids, readers, 2000 // readers)
    db.execute("BEGIN")
    db.execute(insert, ["pending", "pending-hash", *rows[0][2:]])
    result["other_process_reads_while_writing"] = other_process_can_read(
        f"import duckdb; print(duckdb.connect({str(path)!r}, read_only=True).execute('SELECT count(*) FROM articles').fetchone()[0])"
    )
    db.execute("ROLLBACK")
    try:
        db.execute("LOAD fts")
        result["fts"] = "loadable (not measured: its index is rebuilt by PRAGMA create_fts_index, not kept in sync)"
    except Exception as error:  # noqa: BLE001 - any failure means the same: no FTS here
        result["fts"] = f"not available offline: {type(error).__name__}: {str(error).splitlines()[0][:120]}"
    db.close()
    result["file_bytes"] = file_size(path)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="articles to insert")
    parser.add_argument("--quick", action="store_true", help="2,000 articles instead of --n")
    parser.add_argument("--lookups", type=int, default=2_000, help="point lookups timed")
    parser.add_argument("--readers", type=int, default=4, help="concurrent reader threads")
    parser.add_argument("--rowwise", type=int, default=5_000, help="articles DuckDB inserts row-wise (slow)")
    parser.add_argument("--dir", type=Path, default=None, help="where the database files go (default: a temporary folder)")
    args = parser.parse_args(argv)
    if args.quick:
        args.n = min(args.n, 2_000)

    print(f"generating {args.n} invented articles ...", file=sys.stderr)
    articles = invented_articles(args.n)
    rng = random.Random(2)
    lookup_ids = [rng.choice(articles).id for _ in range(args.lookups)]
    words = [w for a in articles[:50] for w in a.text.split()[:40] if len(w) > 5]
    queries = [f"{rng.choice(words)} {rng.choice(words)}".strip(".") for _ in range(200)]
    rows = minimal_rows(articles)
    report: dict[str, Any] = {
        "n": args.n,
        "mean_raw_chars": round(statistics.fmean(len(a.raw) for a in articles)),
        "batch": BATCH,
        "readers": args.readers,
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        print("sqlite: the shipped store ...", file=sys.stderr)
        report["sqlite_store"] = bench_sqlite_store(articles, folder, lookup_ids, queries, args.readers)
        print("sqlite: minimal schema ...", file=sys.stderr)
        report["sqlite_min"] = bench_sqlite_min(rows, folder, lookup_ids, args.readers)
        try:
            import duckdb  # noqa: F401
        except ImportError:
            message = "duckdb is not importable: skipping the DuckDB half (run with .venv-bench/bin/python, see the module docstring)"
            print(message, file=sys.stderr)
            report["duckdb_min"] = {"skipped": message}
        else:
            print("duckdb: minimal schema ...", file=sys.stderr)
            report["duckdb_min"] = bench_duckdb_min(rows, folder, lookup_ids, args.readers, min(args.rowwise, args.n))
    print(json.dumps(report))


if __name__ == "__main__":
    main()
