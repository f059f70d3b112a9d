"""Where a run's articles and results are kept, behind one interface.

    Store (base.py)        the boundary the pipeline and web app use
    ├── SQLiteStore        one file, WAL, FTS5 search (the default)
    ├── MemoryStore        dictionaries; the test double and ``:memory:``
    └── (PostgreSQL)       arrives with the scale-out work

:func:`open_store` picks the backend from a path or URL.
"""

from __future__ import annotations

from storytrace._exceptions import StoreError
from storytrace.store._open import open_store
from storytrace.store.base import STORY_ORDERS, IdConflictError, Run, RunId, SearchHit, Store, StorySummary
from storytrace.store.memory import MemoryStore
from storytrace.store.sqlite import SCHEMA_VERSION, SQLiteStore

__all__ = [
    "SCHEMA_VERSION",
    "STORY_ORDERS",
    "IdConflictError",
    "MemoryStore",
    "Run",
    "RunId",
    "SQLiteStore",
    "SearchHit",
    "Store",
    "StoreError",
    "StorySummary",
    "open_store",
]
