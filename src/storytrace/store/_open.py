"""Choosing a backend from what the user typed (``--store``).

A plain path is the common case and must just work; a ``postgresql://`` URL
opens the server store (its driver, psycopg, is imported only then).
"""

from __future__ import annotations

from os import PathLike, fspath

from storytrace._exceptions import StoreError
from storytrace.store.base import Store
from storytrace.store.memory import MemoryStore
from storytrace.store.sqlite import SQLiteStore

_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_SCHEMES = ("postgresql", "postgres")


def open_store(url_or_path: str | PathLike[str]) -> Store:
    """Open the store a path or URL names.

    * ``":memory:"`` -> a :class:`MemoryStore` (nothing is written anywhere);
    * ``"sqlite:///relative.db"``, ``"sqlite:////absolute.db"`` (as
      SQLAlchemy spells them) or any plain path -> a :class:`SQLiteStore`;
    * ``"postgresql://..."`` or ``"postgres://..."`` -> a
      :class:`~storytrace.store.postgres.PostgresStore` (needs the
      ``postgres`` extra: ``pip install 'storytrace[postgres]'``);
    * any other ``scheme://`` -> :class:`StoreError`.

    Example:
        >>> with open_store(":memory:") as store:
        ...     store.count_articles()
        0
    """
    target = fspath(url_or_path)
    if not isinstance(target, str):
        raise StoreError(f"a store location must be text, not {type(target).__name__}")
    if target == ":memory:":
        return MemoryStore()
    if target.startswith(_SQLITE_PREFIX):
        path = target[len(_SQLITE_PREFIX) :]
        if not path:
            raise StoreError(f"{target!r} names no file: use sqlite:///path/to/store.db")
        return SQLiteStore(path)
    scheme, sep, _ = target.partition("://")
    if sep and scheme:
        if scheme.lower() in _POSTGRES_SCHEMES:
            return _open_postgres(target)
        raise StoreError(f"unknown store URL scheme {scheme!r}: use a file path, sqlite:///path or :memory:")
    if not target:
        raise StoreError("no store location given: use a file path, sqlite:///path or :memory:")
    return SQLiteStore(target)


def _open_postgres(url: str) -> Store:
    """The PostgreSQL store, importing its driver only now (it is an optional extra)."""
    try:
        from storytrace.store.postgres import PostgresStore
    except ImportError as error:
        raise StoreError(
            "a postgresql:// store needs psycopg 3, which is not installed: pip install 'storytrace[postgres]'"
        ) from error
    return PostgresStore(url)
