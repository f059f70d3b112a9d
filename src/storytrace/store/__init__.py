"""Where a run's articles and results are kept, behind one interface.

    Store (base.py)        the boundary the pipeline and web app use
    ├── SQLiteStore        one file, WAL, FTS5 search (the default)
    ├── MemoryStore        dictionaries; the test double and ``:memory:``
    └── PostgresStore      a PostgreSQL server (``postgresql://``; the ``postgres`` extra)

:func:`open_store` picks the backend from a path or URL. ``PostgresStore`` is
imported lazily (``from storytrace.store import PostgresStore`` needs psycopg).
"""

from __future__ import annotations

from storytrace._exceptions import StoreError
from storytrace.store._open import open_store
from storytrace.store.base import STORY_ORDERS, IdConflictError, Run, RunId, SearchHit, Store, StorySummary
from storytrace.store.memory import MemoryStore
from storytrace.store.sqlite import SCHEMA_VERSION, SQLiteStore



def __getattr__(name: str) -> object:
    # psycopg is an optional extra: import the PostgreSQL store only when it is asked for.
    if name == "PostgresStore":
        from storytrace.store.postgres import PostgresStore

        return PostgresStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "SCHEMA_VERSION",
    "STORY_ORDERS",
    "IdConflictError",
    "MemoryStore",
    "PostgresStore",
    "Run",
    "RunId",
    "SQLiteStore",
    "SearchHit",
    "Store",
    "StoreError",
    "StorySummary",
    "open_store",
]
