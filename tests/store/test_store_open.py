"""open_store: which backend a path or URL gives, and which it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from storytrace.store import MemoryStore, SQLiteStore, Store, StoreError, open_store


def test_a_plain_path_is_an_sqlite_file(tmp_path: Path) -> None:
    with open_store(tmp_path / "runs.db") as store:
        assert isinstance(store, SQLiteStore)
    assert (tmp_path / "runs.db").exists()
    with open_store(str(tmp_path / "again.db")) as store:
        assert isinstance(store, SQLiteStore)


def test_sqlite_urls_spell_relative_and_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store("sqlite:///relative.db") as store:
        assert isinstance(store, SQLiteStore)
    assert (tmp_path / "relative.db").exists()
    absolute = tmp_path / "sub" / "absolute.db"
    absolute.parent.mkdir()
    with open_store(f"sqlite:///{absolute}") as store:  # "sqlite:////abs/path"
        assert isinstance(store, SQLiteStore)
    assert absolute.exists()


def test_memory_is_the_in_memory_store() -> None:
    with open_store(":memory:") as store:
        assert isinstance(store, MemoryStore)
        assert isinstance(store, Store)


def test_an_unreachable_postgresql_server_is_a_clear_store_error() -> None:
    # Port 1 on localhost: refused at once, no network involved. The password never shows in the message.
    for url in ("postgresql://user:secret@127.0.0.1:1/storytrace", "postgres://user:secret@127.0.0.1:1/storytrace"):
        with pytest.raises(StoreError, match="cannot open the store") as caught:
            open_store(url)
        assert "secret" not in str(caught.value)


@pytest.mark.parametrize("url", ["mysql://db/x", "duckdb://x.db", "s3://bucket/x.db", "sqlite:///"])
def test_unknown_or_empty_urls_are_refused(url: str) -> None:
    with pytest.raises(StoreError):
        open_store(url)


def test_an_empty_location_is_refused() -> None:
    with pytest.raises(StoreError):
        open_store("")
