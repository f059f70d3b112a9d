"""What only the PostgreSQL store has: URL opening, NUL escaping, jsonb copies, schema versions, the CLI.

The shared behaviour is in ``test_store_conformance.py`` and
``test_store_stories.py``, which run this backend too (see ``conftest.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pg_backend import POSTGRES_URL, open_postgres, postgres_schema
from store_fixtures import simple_article
from typer.testing import CliRunner

from storytrace.store import StoreError, open_store


@pytest.fixture
def pg(tmp_path: Path):
    with open_postgres(tmp_path) as store:
        yield store


def _schema_url(tmp_path: Path) -> str:
    """The test URL with the test's schema as the connection's search_path."""
    return f"{POSTGRES_URL}?options=-csearch_path%3D{postgres_schema(tmp_path)}"


def test_open_store_returns_the_postgres_store(tmp_path: Path) -> None:
    from storytrace.store.postgres import PostgresStore

    open_postgres(tmp_path).close()  # creates the schema
    with open_store(_schema_url(tmp_path)) as store:
        assert isinstance(store, PostgresStore)
        store.add_articles([simple_article("a")])
    with open_postgres(tmp_path) as store:
        assert store.count_articles() == 1


def test_text_that_looks_escaped_round_trips(pg) -> None:
    tricky = ["\x1b", '\x1b"x"', "\x1bnot json", "a\x00b", "\x00"]
    articles = [simple_article(f"id{t}", f"text {t} ferry", title=t, outlet=t) for t in tricky]
    assert pg.add_articles(articles)[0] == [a.id for a in articles]
    for article in articles:
        assert pg.article(article.id) == article
    # Escaped ids sort by their escaped form (a documented difference), so compare as sets.
    assert sorted(a.id for a in pg.articles()) == sorted(a.id for a in articles)
    run = pg.start_run(tricky, "{}")
    pg.save_results("duplicates", [{"a": "id\x00", "b": "id\x1b"}], run)
    assert pg.results_for_articles("duplicates", ["id\x00"]) == [{"a": "id\x00", "b": "id\x1b"}]
    pg.save_vectors("\x1bm", [("id\x00", b"\x00\x01")])
    assert pg.vectors("\x1bm", ["id\x00"]) == {"id\x00": b"\x00\x01"}


def test_payloads_have_a_queryable_jsonb_copy_unless_they_hold_nul(pg) -> None:
    run = pg.start_run(["inbox"], '{"shard_size": 5}')
    pg.save_results("duplicates", [{"a": "x", "b": "y", "score": 0.9}, {"a": "n\x00", "b": "y"}], run)
    db = pg._db
    assert db.execute("SELECT count(*) FROM results WHERE doc ->> 'a' = 'x' AND (doc ->> 'score')::float > 0.5").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM results WHERE doc IS NULL").fetchone()[0] == 1
    assert db.execute("SELECT options_doc ->> 'shard_size' FROM runs").fetchone()[0] == "5"
    assert pg.results("duplicates", run)[1] == {"a": "n\x00", "b": "y"}


def test_search_folds_case_and_accents_and_keeps_phrases(pg) -> None:
    pg.add_articles(
        [
            simple_article("cafe", "Le CAFÉ du port a rouvert."),
            simple_article("order", "The vote ferry was late."),
            simple_article("phrase", "The ferry vote was late."),
            simple_article("apostrophe", "We don't know, said the mayor."),
        ]
    )
    assert [h.id for h in pg.search("café")] == ["cafe"]
    assert [h.id for h in pg.search("cafe")] == ["cafe"]
    assert {h.id for h in pg.search("late ferry")} == {"order", "phrase"}  # words in any order
    assert [h.id for h in pg.search("ferry-vote")] == ["phrase"]  # one word: a phrase
    assert [h.id for h in pg.search("don't")] == ["apostrophe"]
    assert "[" in pg.search("mayor")[0].snippet


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    with open_postgres(tmp_path) as store:
        store._db.execute("INSERT INTO schema_version (version, applied_at) VALUES (99, 'later')")
    with pytest.raises(StoreError, match="schema version 99"):
        open_postgres(tmp_path)


def test_a_schema_holding_other_tables_is_refused(tmp_path: Path) -> None:
    import psycopg
    from psycopg import sql

    schema = postgres_schema(tmp_path)
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("CREATE TABLE {}.payroll (x int)").format(sql.Identifier(schema)))
    with pytest.raises(StoreError, match="not a storytrace store"):
        open_postgres(tmp_path)


def test_two_handles_migrate_one_new_schema_once(tmp_path: Path) -> None:
    with open_postgres(tmp_path) as first, open_postgres(tmp_path) as second:
        first.add_articles([simple_article("a")])
        assert second.count_articles() == 1
        assert first._db.execute("SELECT count(*) FROM schema_version").fetchone()[0] == 1


def test_without_psycopg_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    monkeypatch.delitem(sys.modules, "storytrace.store.postgres", raising=False)
    with pytest.raises(StoreError, match=r"storytrace\[postgres\]"):
        open_store("postgresql://localhost/storytrace")


def test_the_cli_stores_into_postgresql(tmp_path: Path) -> None:
    from storytrace.cli import app

    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"a{i}.txt").write_text(
            f"Harbour vote {i}\n\nThe council of Port Wenlow met on day {i} to discuss the ferry contract at length. "
            "Members said the contract needed more time before any decision could be made about it.\n",
            encoding="utf-8",
        )
    open_postgres(tmp_path).close()
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--store", _schema_url(tmp_path), "--no-quotes"])
    assert result.exit_code in (0, 3), result.output
    with open_postgres(tmp_path) as store:
        assert store.count_articles() + len(store.rejected()) == 3
        assert len(store.runs()) == 1
