"""The live PostgreSQL server the store tests use (a helper, imported via sys.path).

``STORYTRACE_TEST_POSTGRES_URL``, or the local server ``.ci/run`` starts. Each
test directory gets its own schema (``conftest.py`` drops them at the end of
the session). Without a server the PostgreSQL cases skip; with ``CI=true`` an
unreachable server is a failure, not a skip.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

import pytest

from storytrace.store import Store

POSTGRES_URL = os.environ.get(
    "STORYTRACE_TEST_POSTGRES_URL", "postgresql://storytrace:storytrace@localhost:5432/storytrace"
)
SCHEMAS: set[str] = set()


@cache
def _postgres_problem() -> str | None:
    """Why the test server cannot be used, or None when it can (asked once per session)."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed: pip install -e '.[postgres]'"
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=5):
            return None
    except psycopg.Error as error:
        return f"no PostgreSQL server at STORYTRACE_TEST_POSTGRES_URL ({error.__class__.__name__}: {error})"


def postgres_schema(tmp: Path) -> str:
    """One schema per test directory: handles opened on the same ``tmp`` share a database."""
    problem = _postgres_problem()
    if problem is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    name = "test_" + hashlib.sha1(str(tmp).encode()).hexdigest()[:20]
    SCHEMAS.add(name)
    return name


def open_postgres(tmp: Path, **options: object) -> Store:
    from storytrace.store.postgres import PostgresStore

    return PostgresStore(POSTGRES_URL, schema=postgres_schema(tmp), **options)  # type: ignore[arg-type]
