"""The embedded store: one SQLite file, the default for a laptop-sized corpus.

Why SQLite (measured against DuckDB in ``benchmarks/bench_store.py``, see
``evaluation/results/store-choice.md``): the store's work is many small
transactions and point reads (ingest batches, idempotency checks, the web
app's page views) plus full-text search, which is SQLite's home ground; in
WAL mode a web app in another process reads while an ingest writes.

Note:
    * WAL journal, ``synchronous=NORMAL`` (a power cut may lose the last
      committed batches but never corrupts the file), foreign keys on.
    * A 64 MiB page cache per connection (SQLite's default is 2 MiB): the
      content-hash index is random by nature and the FTS index merges
      segments, so a small cache made inserts almost twice as slow at
      20,000 articles, and worse beyond.
    * Every value reaches SQL as a bound parameter; the only SQL text built
      at run time is a list of ``?`` placeholders and constant column names.
    * The schema is versioned (``schema_version``); :data:`MIGRATIONS` runs
      the missing steps in one transaction when a store is opened.
    * An FTS5 index over title and text is kept in sync by triggers (an
      external-content table, so the text is not stored twice).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice
from os import PathLike, fspath
from pathlib import Path
from typing import Any, TypeVar

from storytrace._exceptions import StoreError
from storytrace.models import Article, Rejected
from storytrace.store import _codec
from storytrace.store.base import IdConflictError, Run, RunId, SearchHit, Store, StorySummary

T = TypeVar("T")

#: Schema steps by version number. Append a new number for a change; never edit a released step.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE articles (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            content_hash TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            title TEXT, outlet TEXT, byline TEXT, published TEXT,
            credit TEXT, genre TEXT, parent TEXT, url TEXT,
            raw TEXT NOT NULL,
            text TEXT NOT NULL,
            offsets TEXT NOT NULL,
            raw_length INTEGER NOT NULL,
            meta TEXT NOT NULL,
            added_at TEXT NOT NULL
        )""",
        "CREATE INDEX articles_outlet ON articles(outlet)",
        "CREATE INDEX articles_published ON articles(published)",
        "CREATE INDEX articles_parent ON articles(parent)",
        """CREATE TABLE removals (
            article_id TEXT NOT NULL REFERENCES articles(id),
            seq INTEGER NOT NULL,
            rule TEXT NOT NULL,
            text TEXT NOT NULL,
            raw_start INTEGER NOT NULL,
            raw_end INTEGER NOT NULL,
            PRIMARY KEY (article_id, seq)
        ) WITHOUT ROWID""",
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            paths TEXT NOT NULL,
            options TEXT NOT NULL,
            summary TEXT
        )""",
        """CREATE TABLE rejected (
            seq INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            path TEXT NOT NULL,
            reason TEXT NOT NULL
        )""",
        "CREATE INDEX rejected_run ON rejected(run_id, seq)",
        """CREATE TABLE results (
            seq INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id),
            kind TEXT NOT NULL,
            payload TEXT NOT NULL
        )""",
        "CREATE INDEX results_kind ON results(kind, run_id, seq)",
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END""",
    ),
    # Stories (the current clustering), result-to-article links for per-story and
    # per-article pages, a vector cache (embeddings) and state blobs (incremental indexes).
    2: (
        """CREATE TABLE result_articles (
            kind TEXT NOT NULL,
            article_id TEXT NOT NULL,
            result_seq INTEGER NOT NULL REFERENCES results(seq),
            PRIMARY KEY (kind, article_id, result_seq)
        ) WITHOUT ROWID""",
        "ALTER TABLE results ADD COLUMN payload_hash TEXT",
        "CREATE INDEX results_payload ON results(kind, payload_hash)",
        """CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            title TEXT,
            start TEXT,
            "end" TEXT,
            size INTEGER NOT NULL,
            outlets TEXT NOT NULL,
            payload TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        'CREATE INDEX stories_newest ON stories("end" DESC, id)',
        "CREATE INDEX stories_biggest ON stories(size DESC, id)",
        """CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY,
            story_id TEXT NOT NULL
        ) WITHOUT ROWID""",
        "CREATE INDEX story_articles_story ON story_articles(story_id)",
        """CREATE VIRTUAL TABLE stories_fts USING fts5(
            title, content='stories', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
        )""",
        """CREATE TRIGGER stories_fts_insert AFTER INSERT ON stories BEGIN
            INSERT INTO stories_fts(rowid, title) VALUES (new.rowid, new.title);
        END""",
        """CREATE TRIGGER stories_fts_delete AFTER DELETE ON stories BEGIN
            INSERT INTO stories_fts(stories_fts, rowid, title) VALUES ('delete', old.rowid, old.title);
        END""",
        """CREATE TABLE vectors (
            model TEXT NOT NULL,
            id TEXT NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model, id)
        ) WITHOUT ROWID""",
        """CREATE TABLE state (
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL,
            updated_at TEXT NOT NULL
        )""",
    ),
    # The web app's story list at 100k articles: a search maps FTS rowids to article ids through a
    # small covering index instead of the wide articles rows; date filters count from an index.
    3: (
        "CREATE INDEX articles_seq_id ON articles(seq, id)",
        'CREATE INDEX stories_span ON stories("end", start)',
    ),
}
SCHEMA_VERSION = max(MIGRATIONS)

_COLUMNS = ", ".join(_codec.ARTICLE_COLUMNS)
_INSERT_ARTICLE = (
    f"INSERT INTO articles ({_COLUMNS}, added_at) VALUES ({', '.join('?' * (len(_codec.ARTICLE_COLUMNS) + 1))})"
)
_INSERT_REMOVAL = "INSERT INTO removals (article_id, seq, rule, text, raw_start, raw_end) VALUES (?, ?, ?, ?, ?, ?)"
_REMOVAL_COLUMNS = "article_id, seq, rule, text, raw_start, raw_end"
#: Rows one call adds before it turns into a bulk load (see :class:`_BulkLoad`).
BULK_ROWS = 5_000
#: Secondary indexes of the articles table (the UNIQUE ones cannot go): rebuilt after a bulk load.
_ARTICLE_INDEXES = {
    "articles_outlet": "CREATE INDEX articles_outlet ON articles(outlet)",
    "articles_published": "CREATE INDEX articles_published ON articles(published)",
    "articles_parent": "CREATE INDEX articles_parent ON articles(parent)",
    "articles_seq_id": "CREATE INDEX articles_seq_id ON articles(seq, id)",
}
_FTS_INSERT_TRIGGER = next(step for step in MIGRATIONS[1] if "TRIGGER articles_fts_insert " in step)


def _placeholders(n: int) -> str:
    return ", ".join("?" * n)


def _batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _link_existing_results(db: sqlite3.Connection) -> None:
    """Version 2 indexes results by article: do it for results saved before."""
    rows = db.execute("SELECT seq, kind, payload FROM results").fetchall()
    for seq, kind, payload in rows:
        db.execute("UPDATE results SET payload_hash = ? WHERE seq = ?", (_codec.payload_hash(payload), seq))
        links = [(kind, article_id, seq) for article_id in _codec.record_article_ids(kind, _codec.load_json(payload))]
        db.executemany("INSERT OR IGNORE INTO result_articles (kind, article_id, result_seq) VALUES (?, ?, ?)", links)


def _fts_match(phrases: list[str]) -> str:
    """An FTS5 query in which every word is a quoted phrase: user text can never be syntax."""
    return " ".join('"' + phrase.replace('"', '""') + '"' for phrase in phrases)


class _BulkLoad:
    """A large add inside one transaction: a bigger page cache, and the indexes built once at the end.

    Started by a call that has added :data:`BULK_ROWS` rows. When the table held fewer rows than
    the call adds (a first load), the secondary indexes and the full-text trigger are dropped
    and built once after the rows (a sort, instead of a random B-tree insert per row and
    index, and one full-text pass in row order): all in the same transaction, so a failure
    rolls the schema back with the rows and other connections never see it without them.
    """

    def __init__(self, db: sqlite3.Connection, cache_mib: int, bulk_cache_mib: int) -> None:
        self.db, self.cache_mib = db, cache_mib
        self.rebuilt = False
        self.first_seq = 0
        db.execute(f"PRAGMA cache_size=-{int(max(cache_mib, bulk_cache_mib)) * 1024}")

    def drop_indexes(self, first_seq: int) -> None:
        """Leave the indexes of the rows from ``first_seq`` on to :meth:`finish`."""
        self.first_seq, self.rebuilt = first_seq, True
        for name in _ARTICLE_INDEXES:
            self.db.execute(f"DROP INDEX IF EXISTS {name}")  # constant names
        self.db.execute("DROP TRIGGER IF EXISTS articles_fts_insert")

    def finish(self) -> None:
        if self.rebuilt:
            self.db.execute(
                "INSERT INTO articles_fts(rowid, title, text) SELECT seq, title, text FROM articles WHERE seq >= ? ORDER BY seq",
                (self.first_seq,),
            )
            self.db.execute(_FTS_INSERT_TRIGGER)
            for statement in _ARTICLE_INDEXES.values():
                self.db.execute(statement)
        self.restore()

    def restore(self) -> None:
        self.db.execute(f"PRAGMA cache_size=-{int(self.cache_mib) * 1024}")


class SQLiteStore(Store):
    """A :class:`Store` in one SQLite file (or ``":memory:"``).

    Args:
        path: The database file; created, with its schema, when missing.
        batch_size: Articles checked and inserted per ``executemany``; also
            the page size of :meth:`articles`. Kept under SQLite's bound
            parameter limit.
        timeout: Seconds to wait for another process's write lock.
        cache_mib: Page cache of this connection, in MiB (an upper bound,
            filled only as pages are read).
        bulk_cache_mib: Page cache while one call adds more than
            :data:`BULK_ROWS` rows (the indexes of a large table stop
            fitting in ``cache_mib``; see :class:`_BulkLoad`).

    One object is one connection, usable from the thread that opened it.
    Open one store per thread or process for concurrent readers; WAL lets
    them read while a writer writes.
    """

    def __init__(
        self,
        path: str | PathLike[str],
        *,
        batch_size: int = 500,
        timeout: float = 30.0,
        cache_mib: int = 64,
        bulk_cache_mib: int = 1024,
    ):
        if not 1 <= batch_size <= 900:
            raise ValueError(f"batch_size must be between 1 and 900, not {batch_size}")
        if cache_mib < 1:
            raise ValueError(f"cache_mib must be at least 1, not {cache_mib}")
        self.path = fspath(path)
        self._batch_size = batch_size
        self._cache_mib, self._bulk_cache_mib = cache_mib, bulk_cache_mib
        try:
            self._conn: sqlite3.Connection | None = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(f"cannot open the store {self.path!r}: {error}") from error
        try:
            self._configure(cache_mib)
            self._migrate()
        except BaseException:
            self._conn.close()
            self._conn = None
            raise

    # -- plumbing ---------------------------------------------------------

    @property
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the store is closed")
        return self._conn

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """Report driver errors as :class:`StoreError`, naming what was being done."""
        try:
            yield
        except sqlite3.Error as error:
            raise StoreError(f"{doing} in {self.path!r} failed: {error}") from error

    @contextmanager
    def _write(self, doing: str) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed on success, rolled back on any error."""
        db = self._db
        with self._errors(doing):
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _configure(self, cache_mib: int) -> None:
        with self._errors("opening the store"):
            self._db.execute("PRAGMA journal_mode=WAL").fetchone()
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute(f"PRAGMA cache_size=-{int(cache_mib) * 1024}")  # negative: KiB, not pages

    def _version(self) -> int:
        db = self._db
        has_version = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        if has_version:
            return int(db.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0])
        if db.execute("SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' LIMIT 1").fetchone():
            raise StoreError(f"{self.path!r} is an SQLite database but not a storytrace store")
        return 0

    def _migrate(self) -> None:
        """Bring the schema to :data:`SCHEMA_VERSION`; a store that is current takes no lock."""
        with self._errors("reading the schema version"):
            current = self._version()
        if current == SCHEMA_VERSION:
            return
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path!r} has schema version {current}, newer than this storytrace knows "
                f"({SCHEMA_VERSION}): upgrade storytrace"
            )
        with self._write("migrating the schema") as db:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            current = self._version()  # another process may have migrated meanwhile
            for version in range(current + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version]:
                    db.execute(statement)
                if version == 2:
                    _link_existing_results(db)
                db.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)", (version, _codec.utc_now()))

    def _require_run(self, db: sqlite3.Connection, run_id: RunId) -> None:
        if db.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone() is None:
            raise StoreError(f"unknown run {run_id!r}: start it with start_run() first")

    # -- articles ---------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> tuple[list[str], list[str]]:
        added: list[str] = []
        existing: list[str] = []
        conflicts: list[str] = []
        bulk: _BulkLoad | None = None
        with self._write("adding articles") as db:
            before = int(db.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0])
            try:
                for batch in _batched(articles, self._batch_size):
                    if bulk is None and len(added) >= BULK_ROWS:
                        bulk = _BulkLoad(db, self._cache_mib, self._bulk_cache_mib)
                    if bulk is not None and not bulk.rebuilt and len(added) >= before:
                        # This call has added as many rows as the table held: building the indexes
                        # once at the end now costs less than keeping them up to date.
                        bulk.drop_indexes(int(db.execute("SELECT coalesce(max(seq), 0) FROM articles").fetchone()[0]) + 1)
                    self._add_batch(db, batch, added, existing, conflicts)
                if bulk is not None:
                    bulk.finish()
            except BaseException:
                if bulk is not None:
                    bulk.restore()
                raise
            if conflicts:
                raise IdConflictError(conflicts)
        return added, existing

    def _add_batch(
        self, db: sqlite3.Connection, batch: list[Article], added: list[str], existing: list[str], conflicts: list[str]
    ) -> None:
        """Check and insert one batch, noting each article as added, existing or in conflict."""
        encoded = [_codec.encode_article(article) for article in batch]
        ids = [row.id for row, _ in encoded]
        hashes = [row.content_hash for row, _ in encoded]
        stored_by_id = dict(
            db.execute(f"SELECT id, content_hash FROM articles WHERE id IN ({_placeholders(len(ids))})", ids)
        )
        stored_hashes = {
            h
            for (h,) in db.execute(
                f"SELECT content_hash FROM articles WHERE content_hash IN ({_placeholders(len(hashes))})", hashes
            )
        }
        rows: list[tuple[Any, ...]] = []
        removals: list[_codec.RemovalRow] = []
        now = _codec.utc_now()
        for row, row_removals in encoded:
            known_hash = stored_by_id.get(row.id)
            if known_hash is not None:
                (existing if known_hash == row.content_hash else conflicts).append(row.id)
            elif row.content_hash in stored_hashes:
                existing.append(row.id)
            else:
                stored_by_id[row.id] = row.content_hash
                stored_hashes.add(row.content_hash)
                rows.append((*row, now))
                removals.extend(row_removals)
                added.append(row.id)
        db.executemany(_INSERT_ARTICLE, rows)
        db.executemany(_INSERT_REMOVAL, removals)

    def _removals(self, db: sqlite3.Connection, ids: list[str]) -> dict[str, list[_codec.RemovalRow]]:
        grouped: dict[str, list[_codec.RemovalRow]] = {id: [] for id in ids}
        query = f"SELECT {_REMOVAL_COLUMNS} FROM removals WHERE article_id IN ({_placeholders(len(ids))})"
        for values in db.execute(query, ids):
            grouped[values[0]].append(_codec.RemovalRow(*values))
        return grouped

    def _decode_rows(self, db: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> dict[str, Article]:
        removals = self._removals(db, [row[0] for row in rows])
        articles = {}
        for values in rows:
            row = _codec.ArticleRow(*values)
            articles[row.id] = _codec.decode_article(row, removals[row.id])
        return articles

    def article(self, id: str) -> Article | None:
        db = self._db
        with self._errors("reading an article"):
            row = db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (id,)).fetchone()
            if row is None:
                return None
            return self._decode_rows(db, [row])[id]

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        # Each page is read in full before anything is yielded, so no read
        # transaction stays open while the caller works (or writes).
        if ids is not None:
            for chunk in _batched(ids, self._batch_size):
                db = self._db
                with self._errors("reading articles"):
                    query = f"SELECT {_COLUMNS} FROM articles WHERE id IN ({_placeholders(len(chunk))})"
                    found = self._decode_rows(db, db.execute(query, chunk).fetchall())
                yield from (found[id] for id in chunk if id in found)
            return
        last = ""  # ids are non-empty, so every id sorts after ""
        while True:
            db = self._db
            with self._errors("reading articles"):
                # Keyset paging: "id > last" seeks in the unique index, however deep the scan.
                rows = db.execute(
                    f"SELECT {_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?", (last, self._batch_size)
                ).fetchall()
                if not rows:
                    return
                page = self._decode_rows(db, rows)
            yield from page.values()
            last = rows[-1][0]

    def count_articles(self) -> int:
        with self._errors("counting articles"):
            return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def id_for_hash(self, content_hash: str) -> str | None:
        with self._errors("looking up a content hash"):
            row = self._db.execute("SELECT id FROM articles WHERE content_hash = ?", (content_hash,)).fetchone()
        return None if row is None else str(row[0])

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        db = self._db
        phrases = _codec.fts_phrases(query)
        if not phrases or limit <= 0:
            return []
        sql = (
            "SELECT a.id, a.title, snippet(articles_fts, -1, '[', ']', '…', 16) "
            "FROM articles_fts JOIN articles AS a ON a.seq = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY articles_fts.rank, a.id LIMIT ?"
        )
        with self._errors("searching"):
            rows = db.execute(sql, (_fts_match(phrases), limit)).fetchall()
        return [SearchHit(id, title, snippet) for id, title, snippet in rows]

    # -- rejected inputs --------------------------------------------------

    def add_rejected(self, rejected: Iterable[Rejected], run_id: RunId) -> None:
        rows = [(run_id, *_codec.encode_rejected(item)) for item in rejected]
        with self._write("recording rejected inputs") as db:
            self._require_run(db, run_id)
            db.executemany("INSERT INTO rejected (run_id, path, reason) VALUES (?, ?, ?)", rows)

    def rejected(self, run_id: RunId | None = None) -> list[Rejected]:
        with self._errors("reading rejected inputs"):
            if run_id is None:
                rows = self._db.execute("SELECT path, reason FROM rejected ORDER BY run_id, seq")
            else:
                rows = self._db.execute("SELECT path, reason FROM rejected WHERE run_id = ? ORDER BY seq", (run_id,))
            return [Rejected(path, reason) for path, reason in rows]

    # -- analysis results -------------------------------------------------

    def save_results(self, kind: str, records: Iterable[Mapping[str, Any]], run_id: RunId) -> None:
        kind = _codec.check_kind(kind)
        with self._write(f"saving {kind} results") as db:
            self._require_run(db, run_id)
            for batch in _batched(enumerate(records), self._batch_size):
                for i, record in batch:
                    payload = _codec.record_payload(record, f"{kind} record {i}")
                    cursor = db.execute(
                        "INSERT INTO results (run_id, kind, payload, payload_hash) VALUES (?, ?, ?, ?)",
                        (run_id, kind, payload, _codec.payload_hash(payload)),
                    )
                    links = [(kind, a, cursor.lastrowid) for a in _codec.record_article_ids(kind, _codec.load_json(payload))]
                    db.executemany("INSERT INTO result_articles (kind, article_id, result_seq) VALUES (?, ?, ?)", links)

    def results(self, kind: str, run_id: RunId | None = None) -> list[dict[str, Any]]:
        with self._errors(f"reading {kind!r} results"):
            if run_id is None:
                rows = self._db.execute("SELECT payload FROM results WHERE kind = ? ORDER BY run_id, seq", (kind,))
            else:
                rows = self._db.execute(
                    "SELECT payload FROM results WHERE kind = ? AND run_id = ? ORDER BY seq", (kind, run_id)
                )
            return [_codec.load_json(payload) for (payload,) in rows]

    def results_for_articles(self, kind: str, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        kind = _codec.check_kind(kind)
        seqs: set[int] = set()
        db = self._db
        with self._errors(f"reading {kind!r} results by article"):
            for chunk in _batched(article_ids, self._batch_size):
                query = (
                    "SELECT result_seq FROM result_articles "
                    f"WHERE kind = ? AND article_id IN ({_placeholders(len(chunk))})"
                )
                seqs.update(seq for (seq,) in db.execute(query, [kind, *chunk]))
            rows: list[tuple[int, str, str]] = []
            for chunk in _batched(sorted(seqs), self._batch_size):
                query = f"SELECT seq, payload_hash, payload FROM results WHERE seq IN ({_placeholders(len(chunk))})"
                rows.extend(db.execute(query, chunk))
        seen: set[str] = set()
        found = []
        for _, digest, payload in sorted(rows):
            if digest not in seen:
                seen.add(digest)
                found.append(_codec.load_json(payload))
        return found

    # -- stories ----------------------------------------------------------

    def save_stories(self, stories: Iterable[Mapping[str, Any]]) -> None:
        rows = [_codec.story_row(record) for record in stories]
        seen: set[str] = set()
        for story_id, *_ in rows:
            if story_id in seen:
                raise StoreError(f"story {story_id!r} is listed twice in one save")
            seen.add(story_id)
        now = _codec.utc_now()
        with self._write("saving stories") as db:
            for story_id, title, start, end, articles, payload in rows:
                outlets: set[str] = set()
                for chunk in _batched(articles, self._batch_size):
                    query = f"SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND id IN ({_placeholders(len(chunk))})"
                    outlets.update(o for (o,) in db.execute(query, chunk))
                db.execute("DELETE FROM stories WHERE id = ?", (story_id,))  # delete + insert keeps the FTS triggers simple
                db.execute("DELETE FROM story_articles WHERE story_id = ?", (story_id,))
                db.execute(
                    'INSERT INTO stories (id, title, start, "end", size, outlets, payload, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
                    (story_id, title, start, end, len(articles), _codec.dump_json(sorted(outlets), "outlets"), payload, now),
                )
                db.executemany(
                    "INSERT OR REPLACE INTO story_articles (article_id, story_id) VALUES (?, ?)",
                    [(a, story_id) for a in articles],
                )

    def delete_stories(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        with self._write("deleting stories") as db:
            for chunk in _batched(ids, self._batch_size):
                marks = _placeholders(len(chunk))
                db.execute(f"DELETE FROM stories WHERE id IN ({marks})", chunk)
                db.execute(f"DELETE FROM story_articles WHERE story_id IN ({marks})", chunk)

    def story(self, id: str) -> dict[str, Any] | None:
        with self._errors("reading a story"):
            row = self._db.execute("SELECT payload FROM stories WHERE id = ?", (id,)).fetchone()
        return None if row is None else _codec.load_json(row[0])

    def _story_filter(
        self, query: str | None, outlet: str | None, since: str | None, until: str | None
    ) -> tuple[str, list[Any]] | None:
        """A WHERE clause (constant text, values bound) for the story list; None when nothing can match."""
        clauses: list[str] = []
        values: list[Any] = []
        if query is not None:
            phrases = _codec.fts_phrases(query)
            if not phrases:
                return None
            match = _fts_match(phrases)
            clauses.append(
                "(s.rowid IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH ?) OR s.id IN ("
                "SELECT sa.story_id FROM articles_fts JOIN articles AS a INDEXED BY articles_seq_id ON a.seq = articles_fts.rowid "
                "JOIN story_articles AS sa ON sa.article_id = a.id WHERE articles_fts MATCH ?))"
            )
            values += [match, match]
        if outlet is not None:
            clauses.append(
                "s.id IN (SELECT sa.story_id FROM articles AS a JOIN story_articles AS sa ON sa.article_id = a.id "
                "WHERE a.outlet = ?)"
            )
            values.append(_codec.check_text(outlet, "outlet filter"))
        if since is not None:
            clauses.append('s."end" IS NOT NULL AND s."end" >= ?')
            values.append(_codec.check_text(since, "since"))
        if until is not None:
            # "2017-04-12T09:00" starts on 2017-04-12: compare the date part with an inclusive bound.
            clauses.append("s.start IS NOT NULL AND substr(s.start, 1, length(?)) <= ?")
            values += [until, _codec.check_text(until, "until")]
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), values

    def stories(
        self,
        *,
        query: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        order: str = "newest",
        limit: int = 50,
        offset: int = 0,
    ) -> list[StorySummary]:
        _codec.check_story_page(order, limit, offset)
        where = self._story_filter(query, outlet, since, until)
        if where is None or limit == 0:
            return []
        clause, values = where
        # NULLs sort last in DESC order in SQLite: undated stories come last, and the index serves the order.
        ordering = 's."end" DESC, s.id' if order == "newest" else "s.size DESC, s.id"
        # With a search, walking the order's index and testing membership stops after one page; the
        # planner's default (collect every match, then sort) costs more for common words.
        hint = (" INDEXED BY stories_newest" if order == "newest" else " INDEXED BY stories_biggest") if query is not None else ""
        sql = f'SELECT s.id, s.title, s.start, s."end", s.size, s.outlets FROM stories AS s{hint}{clause} ORDER BY {ordering} LIMIT ? OFFSET ?'
        with self._errors("listing stories"):
            rows = self._db.execute(sql, [*values, limit, offset]).fetchall()
        return [StorySummary(i, t, a, b, n, _codec.load_json(o)) for i, t, a, b, n, o in rows]

    def count_stories(
        self, *, query: str | None = None, outlet: str | None = None, since: str | None = None, until: str | None = None
    ) -> int:
        where = self._story_filter(query, outlet, since, until)
        if where is None:
            return 0
        clause, values = where
        with self._errors("counting stories"):
            return int(self._db.execute(f"SELECT count(*) FROM stories AS s{clause}", values).fetchone()[0])

    def story_of(self, article_id: str) -> str | None:
        with self._errors("finding an article's story"):
            row = self._db.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
        return None if row is None else str(row[0])

    # -- caches and state -------------------------------------------------

    def vectors(self, model: str, ids: Iterable[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        db = self._db
        with self._errors("reading vectors"):
            for chunk in _batched(ids, self._batch_size):
                query = f"SELECT id, vector FROM vectors WHERE model = ? AND id IN ({_placeholders(len(chunk))})"
                found.update((i, bytes(v)) for i, v in db.execute(query, [model, *chunk]))
        return found

    def save_vectors(self, model: str, items: Iterable[tuple[str, bytes]]) -> None:
        model = _codec.check_state_key(model)
        bulk: _BulkLoad | None = None
        with self._write("saving vectors") as db:
            try:
                for number, batch in enumerate(_batched(items, self._batch_size)):
                    if bulk is None and number * self._batch_size >= BULK_ROWS:
                        bulk = _BulkLoad(db, self._cache_mib, self._bulk_cache_mib)
                    rows = [(model, *_codec.check_vector(item)) for item in batch]
                    db.executemany("INSERT OR REPLACE INTO vectors (model, id, vector) VALUES (?, ?, ?)", rows)
            finally:
                if bulk is not None:
                    bulk.restore()

    def state(self, key: str) -> bytes | None:
        with self._errors("reading state"):
            row = self._db.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def save_state(self, key: str, value: bytes) -> None:
        key = _codec.check_state_key(key)
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise StoreError(f"state {key!r} must be bytes, not {type(value).__name__}")
        with self._write("saving state") as db:
            db.execute(
                "INSERT OR REPLACE INTO state (key, value, updated_at) VALUES (?, ?, ?)", (key, bytes(value), _codec.utc_now())
            )

    # -- runs -------------------------------------------------------------

    def start_run(self, paths: Sequence[str | PathLike[str]], options_json: str) -> RunId:
        options_json = _codec.check_options_json(options_json)
        paths_json = _codec.dump_json([fspath(p) for p in paths], "run paths")
        with self._write("starting a run") as db:
            cursor = db.execute(
                "INSERT INTO runs (started_at, paths, options) VALUES (?, ?, ?)",
                (_codec.utc_now(), paths_json, options_json),
            )
            return int(cursor.lastrowid or 0)

    def finish_run(self, run_id: RunId, summary: Mapping[str, Any]) -> None:
        summary_json = _codec.dump_json(dict(summary), f"run {run_id} summary")
        with self._write("finishing a run") as db:
            self._require_run(db, run_id)
            cursor = db.execute(
                "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ? AND finished_at IS NULL",
                (_codec.utc_now(), summary_json, run_id),
            )
            if cursor.rowcount == 0:
                raise StoreError(f"run {run_id} has already finished")

    def runs(self) -> list[Run]:
        with self._errors("reading runs"):
            rows = self._db.execute(
                "SELECT id, paths, options, started_at, finished_at, summary FROM runs ORDER BY id"
            ).fetchall()
        return [
            Run(
                id=run_id,
                paths=_codec.load_json(paths),
                options_json=options,
                started_at=started_at,
                finished_at=finished_at,
                summary=None if summary is None else _codec.load_json(summary),
            )
            for run_id, paths, options, started_at, finished_at, summary in rows
        ]

    # -- lifetime ---------------------------------------------------------

    def close(self) -> None:
        if self._conn is not None:
            conn, self._conn = self._conn, None
            conn.close()

    def __repr__(self) -> str:
        state = "closed" if self._conn is None else "open"
        return f"SQLiteStore({Path(self.path).name!r}, {state})"
