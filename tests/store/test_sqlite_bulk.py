"""A large add to the SQLite store builds its indexes once, after the rows, in the same transaction."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_fixtures import cleaned_article, simple_article

from storytrace.store import IdConflictError, SQLiteStore
from storytrace.store import sqlite as sqlite_store

INDEXES = {"articles_outlet", "articles_published", "articles_parent", "articles_seq_id"}


def _schema(store: SQLiteStore) -> set[str]:
    return {name for (name,) in store._db.execute("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")}


def _cache_kib(store: SQLiteStore) -> int:
    return -int(store._db.execute("PRAGMA cache_size").fetchone()[0])


def _articles(first: int, count: int) -> list:
    return [simple_article(f"n{i:04d}", f"Report {i}: the ferry word{i} crossed the harbour.", outlet=f"outlet{i % 3}",
                           published=f"2024-01-{1 + i % 28:02d}") for i in range(first, first + count)]


@pytest.fixture
def small_bulk(monkeypatch):
    monkeypatch.setattr(sqlite_store, "BULK_ROWS", 10)


def test_a_bulk_add_keeps_every_index_search_and_the_page_cache(tmp_path: Path, small_bulk) -> None:
    with SQLiteStore(tmp_path / "s.db", batch_size=10) as store:
        before = _schema(store)
        assert INDEXES | {"articles_fts_insert"} <= before
        added, existing = store.add_articles(_articles(0, 120))
        assert len(added) == 120 and existing == []
        assert _schema(store) == before  # dropped during the load, built again before the commit
        assert _cache_kib(store) == 64 * 1024
        for i in (3, 57, 119):  # indexed by the trigger (before the switch) and by the bulk pass (after)
            assert [hit.id for hit in store.search(f"word{i}")] == [f"n{i:04d}"]
        assert store.count_stories(outlet="outlet1") == 0
        planned = store._db.execute("EXPLAIN QUERY PLAN SELECT id FROM articles WHERE outlet = 'outlet1'").fetchall()
        assert any("articles_outlet" in str(row) for row in planned)
        # A later small add goes through the trigger again.
        store.add_articles([simple_article("late", "A late word999 about the ferry.")])
        assert [hit.id for hit in store.search("word999")] == ["late"]
        assert store.article("n0042") == _articles(42, 1)[0]


def test_a_bulk_add_into_a_larger_table_keeps_its_indexes_and_search(tmp_path: Path, small_bulk) -> None:
    with SQLiteStore(tmp_path / "s.db", batch_size=10) as store:
        store.add_articles(_articles(0, 200))
        store.add_articles(_articles(200, 30))
        assert INDEXES <= _schema(store)
        assert [hit.id for hit in store.search("word215")] == ["n0215"]
        assert store.count_articles() == 230


def test_a_conflict_in_a_bulk_add_writes_nothing_and_keeps_the_schema(tmp_path: Path, small_bulk) -> None:
    with SQLiteStore(tmp_path / "s.db", batch_size=10) as store:
        store.add_articles([cleaned_article("n0100")])
        before = _schema(store)
        with pytest.raises(IdConflictError):
            store.add_articles(_articles(0, 150))  # n0100 is stored with other content
        assert store.count_articles() == 1
        assert _schema(store) == before and _cache_kib(store) == 64 * 1024
        assert store.search("word5") == []


def test_a_bulk_vector_save_restores_the_page_cache(tmp_path: Path, small_bulk) -> None:
    with SQLiteStore(tmp_path / "s.db", cache_mib=8, batch_size=10) as store:
        store.save_vectors("m", ((f"v{i}", bytes([i % 256])) for i in range(5000)))
        assert _cache_kib(store) == 8 * 1024
        assert store.vectors("m", ["v7", "v4999"]) == {"v7": bytes([7]), "v4999": bytes([4999 % 256])}
