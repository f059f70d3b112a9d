"""The store package's public names: what later issues (CLI, web app, PostgreSQL) may rely on."""

from __future__ import annotations

import storytrace.store as store_package


def test_every_public_name_is_exported() -> None:
    assert sorted(store_package.__all__) == sorted(
        ["SCHEMA_VERSION", "STORY_ORDERS", "IdConflictError", "MemoryStore", "PostgresStore", "Run", "RunId", "SQLiteStore", "SearchHit", "Store", "StoreError", "StorySummary", "open_store"]
    )
    for name in store_package.__all__:
        assert hasattr(store_package, name), name


def test_backends_implement_the_whole_interface() -> None:
    for backend in (store_package.MemoryStore, store_package.SQLiteStore, store_package.PostgresStore):
        assert issubclass(backend, store_package.Store)
        assert not getattr(backend, "__abstractmethods__", None), backend
