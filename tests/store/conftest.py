"""The backends under test.

Every backend in :data:`BACKENDS` must pass ``test_store_conformance.py``; the
PostgreSQL backend joins the list when it lands. The SQLite store runs with
a tiny batch size so every test also crosses batch and page boundaries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from storytrace.store import MemoryStore, SQLiteStore, Store

#: name -> opener(tmp_path) for a new, empty store.
BACKENDS: dict[str, Callable[[Path], Store]] = {
    "memory": lambda tmp: MemoryStore(),
    "sqlite": lambda tmp: SQLiteStore(tmp / "store.db", batch_size=3),
}

#: Backends whose data outlives a handle: name -> opener(tmp_path) of a handle on the *same* database.
FILE_BACKENDS: dict[str, Callable[[Path], Store]] = {
    "sqlite": lambda tmp: SQLiteStore(tmp / "store.db", batch_size=3),
}


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with BACKENDS[request.param](tmp_path) as opened:
        yield opened


@pytest.fixture(params=sorted(FILE_BACKENDS))
def reopen(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Store]:
    """Opens another handle on one file-backed database (per test)."""
    return lambda: FILE_BACKENDS[request.param](tmp_path)
