"""Shards on a Dask distributed cluster: a running scheduler, or a LocalCluster started for the run.

Dask is an optional extra (``pip install storytrace[dask]``): it is imported
when the executor is built, so ``import storytrace`` and the other executors
work without it, and a missing extra fails at once with its install hint.

Note:
    A shard carries its inputs' content, not only their paths: discovery
    (in the process that runs ``analyze``) reads each file's bytes, JSON
    Lines record or WARC payload into its :class:`~storytrace.models.Source`,
    and the shard is serialised to a worker. Workers therefore need no
    access to the input files and no shared file system, but every input
    travels through the client process and over the network to the
    cluster. Stage functions are sent by reference (module and name), so
    every worker must have the same storytrace version installed.

    A LocalCluster started here leaves out three Dask defaults that cost a
    CPU-bound task time (:data:`LOCAL_CLUSTER_CONFIG`, measured with
    ``benchmarks/bench_dask.py``): the worker's allocator setting, its
    statistical profiler and frequent housekeeping. A cluster you start
    yourself keeps its own settings; give it the same ones for the same speed.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from storytrace._exceptions import MissingExtraError, StorytraceError

T = TypeVar("T")
R = TypeVar("R")

INSTALL_HINT = "the Dask executor needs Dask: pip install storytrace[dask]"
#: Seconds to wait for a remote scheduler before giving up with a clear error.
CONNECT_TIMEOUT_S = 20

#: Dask settings for the LocalCluster this executor starts (workers read them when they start).
#: Without them a 1-worker cluster spent ~25 % more CPU on quotes than one process doing the same work.
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    # Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536 so that freed memory returns to the OS at
    # once. Setting it also switches off glibc's adaptive mmap threshold, so each of spaCy's large
    # temporary arrays is mapped and unmapped anew (page faults: ~15 % more CPU on quotes). None leaves
    # the worker the allocator of a plain process (or whatever the caller's environment sets).
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    # The profiler samples the task thread's stack every 10 ms, taking the GIL from it to do so.
    "distributed.worker.profile.enabled": False,
    # Housekeeping every 20-500 ms in each worker and in this process, which shares the cores with them.
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def _distributed() -> Any:
    """The ``distributed`` package, or :class:`MissingExtraError` naming the extra to install."""
    try:
        import distributed
    except ImportError as error:
        raise MissingExtraError(INSTALL_HINT) from error
    return distributed


class DaskExecutor:
    """Runs shards as Dask tasks; at most ``2 x`` the cluster's worker threads are in flight.

    Args:
        workers: worker processes of the LocalCluster started when no
            ``scheduler`` is given (one single-threaded process each, since
            the stages are pure Python and hold the GIL). Ignored for a
            remote cluster, whose own size decides.
        scheduler: address of a running scheduler (``tcp://host:8786``);
            None starts a LocalCluster that :meth:`close` shuts down.

    Raises:
        MissingExtraError: Dask is not installed.
        StorytraceError: the scheduler cannot be reached.

    Note:
        Like the process pool, a LocalCluster starts its workers as fresh
        Python processes that import the calling script, so a script that
        builds one must guard its entry point with ``if __name__ == "__main__":``.
    """

    def __init__(self, workers: int, scheduler: str | None = None):
        distributed = _distributed()
        self.workers = max(1, workers)
        self._cluster = None
        if scheduler:
            try:
                self._client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError, ValueError) as error:
                raise StorytraceError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        else:
            import dask

            # Read when the scheduler, nannies, workers and client start; the caller's config is left as it was.
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self._cluster = distributed.LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,  # no web server (and no port clash) for a cluster that lives one run
                    silence_logs=logging.ERROR,
                )
                self._client = distributed.Client(self._cluster)

    def _in_flight_limit(self) -> int:
        threads = sum(self._client.nthreads().values())
        return 2 * max(threads, 1 if self._cluster is None else self.workers)

    def map_unordered(self, fn: Callable[..., R], items: Iterable[T], *args: Any) -> Iterator[tuple[int, R]]:
        """Yield ``(index, fn(item, *args))`` as tasks finish; the next item is sent only when one finishes.

        Bounding the tasks in flight keeps the client's memory flat on a
        million inputs, as the process pool does.
        """
        distributed = _distributed()
        iterator = enumerate(items)
        run = uuid.uuid4().hex[:12]
        pending: dict[Any, int] = {}  # future -> index of its item
        finished = distributed.as_completed(loop=self._client.loop)

        def submit_next() -> bool:
            try:
                index, item = next(iterator)
            except StopIteration:
                return False
            # pure=False: no hashing of the shard to build a key; two equal shards are two tasks.
            key = f"{getattr(fn, '__name__', 'task')}-{run}-{index}"
            future = self._client.submit(fn, item, *args, pure=False, key=key)
            pending[future] = index
            finished.add(future)
            return True

        limit = self._in_flight_limit()
        while len(pending) < limit and submit_next():
            pass
        try:
            for future in finished:
                index = pending.pop(future)
                result = future.result()
                future.release()
                yield index, result
                submit_next()
        finally:
            # A consumer that stops early (or a failed task) must not leave work running on the cluster.
            if pending:
                self._client.cancel(list(pending))

    def close(self) -> None:
        """Disconnect; a LocalCluster started for the run is shut down, a remote one is left running."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
