"""The backends under test.

Every backend in :data:`BACKENDS` must pass ``test_store_conformance.py`` and
``test_store_stories.py``. The SQLite and PostgreSQL stores run with a tiny
batch size so every test also crosses batch and page boundaries.

PostgreSQL runs against a live server: ``STORYTRACE_TEST_POSTGRES_URL``, or the
local server ``.ci/run`` starts. Each test gets its own schema, dropped at the
end of the session. Without a server the PostgreSQL cases skip; with
``CI=true`` an unreachable server is a failure, not a skip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pg_backend import POSTGRES_URL, SCHEMAS, open_postgres

from storytrace.store import MemoryStore, SQLiteStore, Store

#: name -> opener(tmp_path) for a new, empty store.
BACKENDS: dict[str, Callable[[Path], Store]] = {
    "memory": lambda tmp: MemoryStore(),
    "sqlite": lambda tmp: SQLiteStore(tmp / "store.db", batch_size=3),
    "postgres": lambda tmp: open_postgres(tmp, batch_size=3),
}

#: Backends whose data outlives a handle: name -> opener(tmp_path) of a handle on the *same* database.
FILE_BACKENDS: dict[str, Callable[[Path], Store]] = {
    "sqlite": lambda tmp: SQLiteStore(tmp / "store.db", batch_size=3),
    "postgres": lambda tmp: open_postgres(tmp, batch_size=3),
}


@pytest.fixture(scope="session", autouse=True)
def _drop_test_schemas() -> Iterator[None]:
    yield
    if not SCHEMAS:
        return
    import psycopg
    from psycopg import sql

    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        for name in sorted(SCHEMAS):
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(name)))


@pytest.fixture(params=sorted(BACKENDS))
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    with BACKENDS[request.param](tmp_path) as opened:
        yield opened


@pytest.fixture(params=sorted(FILE_BACKENDS))
def reopen(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Store]:
    """Opens another handle on one database (per test)."""
    return lambda: FILE_BACKENDS[request.param](tmp_path)
