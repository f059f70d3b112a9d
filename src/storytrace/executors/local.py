"""A pool of local processes, the default executor (one worker per core)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent import futures
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class ProcessPoolExecutor:
    """Shards go to worker processes; at most ``2 * workers`` shards are in flight.

    Bounding the in-flight shards keeps memory flat on millions of inputs:
    the next shard is submitted only when one finishes.
    """

    def __init__(self, workers: int):
        # "spawn" would re-import heavy modules per worker; "forkserver" is safe with threads and cheap.
        context = multiprocessing.get_context("forkserver")
        self.workers = workers
        self._pool = futures.ProcessPoolExecutor(max_workers=workers, mp_context=context)

    def map_unordered(self, fn: Callable[..., R], items: Iterable[T], *args: Any) -> Iterator[tuple[int, R]]:
        pending: dict[futures.Future[R], int] = {}
        iterator = enumerate(items)
        limit = 2 * self.workers

        def submit_next() -> bool:
            try:
                index, item = next(iterator)
            except StopIteration:
                return False
            pending[self._pool.submit(fn, item, *args)] = index
            return True

        while len(pending) < limit and submit_next():
            pass
        while pending:
            done, _ = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                yield index, future.result()
                submit_next()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
