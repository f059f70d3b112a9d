"""One store connection per thread, as :class:`~storytrace.store.SQLiteStore` requires.

FastAPI runs plain ``def`` endpoints in a thread pool; each worker thread
opens the store once and keeps its connection, so a request never shares a
connection with another thread and never pays for opening one.
"""

from __future__ import annotations

import threading
from os import PathLike, fspath

from storytrace.store import MemoryStore, Store, open_store


class StorePerThread:
    """Opens (and remembers) one store per thread for a location; a given Store object is shared as is.

    A :class:`MemoryStore` object can be passed directly (tests); it has no
    location, so uploads are off for it.
    """

    def __init__(self, location: str | PathLike[str] | Store):
        self._shared: Store | None = location if isinstance(location, Store) else None
        self.location: str | None = None if self._shared is not None else fspath(location)
        if self.location == ":memory:":
            # A memory store per thread would show each thread its own empty store.
            self._shared, self.location = MemoryStore(), None
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()
        if self.location is not None:
            self.get()  # fail at start-up, with the store's own message, when it cannot be opened

    def get(self) -> Store:
        """This thread's store."""
        if self._shared is not None:
            return self._shared
        store = getattr(self._local, "store", None)
        if store is None:
            assert self.location is not None
            store = open_store(self.location)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        """Close every connection opened (at shutdown)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            try:
                store.close()
            except Exception:  # closing from another thread may be refused; the process is ending anyway
                pass
        self._local = threading.local()
