"""What only the SQLite backend promises: its file settings, schema versions, WAL and FTS."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_fixtures import cleaned_article, simple_article

from storytrace.store import SCHEMA_VERSION, MemoryStore, SQLiteStore, StoreError


def raw_connection(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def test_the_file_is_in_wal_mode_with_normal_sync_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SQLiteStore(path) as store:
        connection = store._conn
        assert connection is not None
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert raw_connection(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_file_gets_the_current_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    versions = [v for (v,) in raw_connection(path).execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_a_store_from_a_newer_storytrace_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    raw_connection(path).execute("INSERT INTO schema_version VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(path)


def test_a_foreign_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    raw_connection(path).execute("CREATE TABLE invoices (n INTEGER)")
    with pytest.raises(StoreError, match="not a storytrace store"):
        SQLiteStore(path)
    names = [n for (n,) in raw_connection(path).execute("SELECT name FROM sqlite_master")]
    assert names == ["invoices"]


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are just some notes, not a database at all" * 50)
    with pytest.raises(StoreError, match="notes.db"):
        SQLiteStore(path)


def test_a_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot open"):
        SQLiteStore(tmp_path / "no" / "such" / "folder" / "s.db")


def test_a_held_read_snapshot_does_not_block_the_writer(tmp_path: Path) -> None:
    """WAL: a reader inside a transaction keeps its snapshot while a writer commits."""
    path = tmp_path / "s.db"
    with SQLiteStore(path, timeout=0.1) as writer:
        writer.add_articles([simple_article("first")])
        reader = raw_connection(path)
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1

        writer.add_articles([simple_article("second")])  # in rollback-journal mode this would time out

        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
        reader.execute("COMMIT")
        assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 2


def test_full_text_index_stays_in_sync(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with SQLiteStore(path, batch_size=2) as store:
        store.add_articles([cleaned_article(f"c{i}", raw=f"Story {i} about the harbour ferry.\n") for i in range(5)])
        store.add_articles([cleaned_article(f"c{i}", raw=f"Story {i} about the harbour ferry.\n") for i in range(5)])
    connection = raw_connection(path)
    connection.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    assert connection.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'ferry'").fetchone()[0] == 5


@pytest.mark.parametrize("column", ["outlet", "published", "parent", "content_hash", "id"])
def test_lookups_by_metadata_use_an_index(tmp_path: Path, column: str) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        connection = store._conn
        assert connection is not None
        plan = " ".join(str(row) for row in connection.execute(f"EXPLAIN QUERY PLAN SELECT seq FROM articles WHERE {column} = ?", ("x",)))
    assert "USING" in plan and "INDEX" in plan


def test_articles_can_be_dropped_only_with_their_removals(tmp_path: Path) -> None:
    """Foreign keys are enforced: removals never point at a missing article."""
    with SQLiteStore(tmp_path / "s.db") as store:
        store.add_articles([cleaned_article()])
        connection = store._conn
        assert connection is not None
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("DELETE FROM articles")


def test_an_in_memory_sqlite_store_works(tmp_path: Path) -> None:
    with SQLiteStore(":memory:") as store:
        store.add_articles([cleaned_article()])
        assert store.article(cleaned_article().id) == cleaned_article()


def test_batch_size_is_checked() -> None:
    with pytest.raises(ValueError):
        SQLiteStore(":memory:", batch_size=0)


WORDS = ["ferry", "harbour", "vote", "council", "delay", "tide", "café", "Pier", "pier"]


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join), min_size=1, max_size=6),
    query=st.lists(st.sampled_from(WORDS + ["harbour-tide", "vote,", "(council)"]), min_size=1, max_size=3).map(" ".join),
)
def test_the_memory_double_finds_what_fts5_finds(texts: list[str], query: str) -> None:
    """The double is only useful if it agrees with the real backend on what matches."""
    articles = [simple_article(f"a{i}", text) for i, text in enumerate(texts)]
    with SQLiteStore(":memory:") as sqlite_store, MemoryStore() as memory_store:
        sqlite_store.add_articles(articles)
        memory_store.add_articles(articles)
        found_by_sqlite = {hit.id for hit in sqlite_store.search(query, limit=100)}
        found_by_memory = {hit.id for hit in memory_store.search(query, limit=100)}
    assert found_by_memory == found_by_sqlite


def test_a_version_1_store_is_upgraded_and_its_results_linked_to_articles(tmp_path: Path) -> None:
    from storytrace.store.sqlite import MIGRATIONS

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
    for statement in MIGRATIONS[1]:
        db.execute(statement)
    db.execute("INSERT INTO schema_version VALUES (1, 'then')")
    db.execute("INSERT INTO runs (started_at, paths, options) VALUES ('then', '[]', '{}')")
    db.execute("INSERT INTO results (run_id, kind, payload) VALUES (1, 'reuse', '{\"source\":\"a\",\"target\":\"b\"}')")
    db.commit()
    db.close()
    with SQLiteStore(path) as store:
        assert store.results_for_articles("reuse", ["b"]) == [{"source": "a", "target": "b"}]
        assert store.results("reuse") == [{"source": "a", "target": "b"}]
    assert sqlite3.connect(path).execute("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION


def test_story_list_queries_use_indexes(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "s.db") as store:
        db = store._db
        for order, index in (('s."end" DESC, s.id', "stories_newest"), ("s.size DESC, s.id", "stories_biggest")):
            plan = " ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN SELECT s.id FROM stories AS s ORDER BY {order} LIMIT 50"))
            assert index in plan and "TEMP B-TREE" not in plan, plan
