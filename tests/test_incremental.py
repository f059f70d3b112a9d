"""Incremental runs: new files into an existing store join the stored copies, touching only what concerns them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from invented_news import article_text, copy_of, write_corpus

import storytrace
from storytrace.incremental import index_models
from storytrace.settings import Options, StoryOptions
from storytrace.store import SQLiteStore, Store, open_store

OPTIONS = Options(workers=1, executor="serial", quotes=False, stories=StoryOptions(enabled=False))


def _pairs(store: Store) -> set[tuple[str, str]]:
    return {(d["a"], d["b"]) for d in store.results("duplicates")}


def _postgres_url(tmp_path: Path) -> str:
    """A fresh schema on the test server (as tests/store/conftest.py finds it), as a store URL."""
    import hashlib

    url = os.environ.get("STORYTRACE_TEST_POSTGRES_URL", "postgresql://storytrace:storytrace@localhost:5432/storytrace")
    try:
        import psycopg
        from psycopg import sql

        with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
            schema = "test_inc_" + hashlib.sha1(str(tmp_path).encode()).hexdigest()[:16]
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
            conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    except (ImportError, OSError, Exception) as error:  # psycopg.Error, or no psycopg at all
        message = f"no PostgreSQL test server ({error})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return f"{url}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    url = _postgres_url(tmp_path)
    yield url
    import psycopg
    from psycopg import sql

    schema = url.rsplit("%3D", 1)[1]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


def test_new_copies_of_stored_articles_are_linked_to_them(tmp_path: Path, location: str) -> None:
    store = location
    write_corpus(tmp_path / "first", 40)
    storytrace.analyze([tmp_path / "first"], options=OPTIONS, store=store)
    with open_store(store) as opened:
        assert _pairs(opened) == set()

    later = tmp_path / "later"
    later.mkdir()
    (later / "b000001.txt").write_text(copy_of(article_text(3), 99), encoding="utf-8")  # a copy of a stored article
    (later / "b000002.txt").write_text(article_text(5000), encoding="utf-8")  # a new story
    (later / "b000003.txt").write_text(copy_of(article_text(5000), 98), encoding="utf-8")  # a copy of a new one
    analysis = storytrace.analyze([later], options=OPTIONS, store=store)

    assert analysis.stats["incremental"]["new_articles"] == 3
    assert analysis.stats["incremental"]["stored_neighbours"] == 1  # only the one stored copy was read
    with open_store(store) as opened:
        assert _pairs(opened) == {("a000003", "b000001"), ("b000002", "b000003")}
        linked = opened.results_for_articles("reuse", ["b000001"])
        assert {(r["source"], r["target"]) for r in linked} <= {("a000003", "b000001"), ("b000001", "a000003")}
        assert linked  # the copied text is reuse too
        assert opened.count_articles() == 43


def test_old_signatures_are_read_not_recomputed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store.db"
    write_corpus(tmp_path / "first", 30)
    storytrace.analyze([tmp_path / "first"], options=OPTIONS, store=store)
    signature_model, _ = index_models(OPTIONS)
    with SQLiteStore(store) as opened:
        assert len(opened.vectors(signature_model, [f"a{i:06d}" for i in range(30)])) == 30

    import storytrace.incremental as incremental

    seen: list[int] = []
    fingerprints = incremental.fingerprints

    def counting(texts, options, pool=None):  # type: ignore[no-untyped-def]
        seen.append(len(texts))
        return fingerprints(texts, options, pool)

    monkeypatch.setattr(incremental, "fingerprints", counting)
    write_corpus(tmp_path / "later", 4, start=100)
    storytrace.analyze([tmp_path / "later"], options=OPTIONS, store=store)
    assert seen == [4]  # only the new articles were fingerprinted for the index


def test_the_same_files_again_add_nothing_and_link_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    write_corpus(tmp_path / "in", 20, copies_every=4)
    first = storytrace.analyze([tmp_path / "in"], options=OPTIONS, store=store)
    again = storytrace.analyze([tmp_path / "in"], options=OPTIONS, store=store)
    assert first.stats["incremental"]["new_articles"] == 20
    assert again.stats["incremental"] == {"new_articles": 0, "stored_neighbours": 0, "quotes_joined_stored_groups": 0}
    assert again.stats["store"]["added"] == 0


def _quoting(path: Path, outlet_line: str, quote: str, speaker: str, filler_seed: int) -> None:
    body = article_text(filler_seed, 80).split("\n\n", 1)[1]
    path.write_text(
        f"{outlet_line}\n\n{body} \u201c{quote}\u201d said {speaker}, the harbour master, on Tuesday. {body}\n",
        encoding="utf-8",
    )


def test_new_quotes_join_stored_quote_groups_or_start_new_ones(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    options = Options(workers=1, executor="serial", quotes=True, stories=StoryOptions(enabled=False))
    remark = "We need more time to read the ferry contract before anyone votes on it"
    (tmp_path / "first").mkdir()
    _quoting(tmp_path / "first" / "c000001.txt", "Ferry vote delayed", remark, "Odo Pennick", 1)
    storytrace.analyze([tmp_path / "first"], options=options, store=store)
    (tmp_path / "later").mkdir()
    _quoting(tmp_path / "later" / "c000002.txt", "Council waits on ferry", remark, "Odo Pennick", 2)
    _quoting(tmp_path / "later" / "c000003.txt", "Storm closes the quay", "The quay stays shut until the storm surge has passed", "Mara Quist", 3)
    later = storytrace.analyze([tmp_path / "later"], options=options, store=store)
    assert later.stats["incremental"]["quotes_joined_stored_groups"] == 1

    with open_store(store) as opened:
        first_run, second_run = (run.id for run in opened.runs())
        (old,) = [q for q in opened.results("quotes", first_run) if remark in q["text"]]
        new = {q["article"]: q for q in opened.results("quotes", second_run)}
        assert new["c000002"]["group"] == old["group"] == f"{first_run}.g1"  # joined the stored group
        assert new["c000003"]["group"].startswith(f"{second_run}.")  # a remark of its own
        grown = {g["id"]: g for g in opened.results("quote_groups", second_run)}[old["group"]]
        assert grown["quotes"] == [old["id"], new["c000002"]["id"]]
        assert grown["earliest"] == "c000001"  # undated: the article stored first comes first
        assert [v["articles"] for v in grown["versions"]] == [["c000001", "c000002"]]


def test_the_story_index_round_trips_through_the_store(tmp_path: Path) -> None:
    from storytrace.incremental import load_story_index, save_story_index
    from storytrace.stories import StoryIndex

    with SQLiteStore(tmp_path / "store.db") as opened:
        assert load_story_index(opened) is None
        save_story_index(opened, StoryIndex())
        assert isinstance(load_story_index(opened), StoryIndex)
        opened.save_state("stories/index", b"not an index")
        assert load_story_index(opened) is None
