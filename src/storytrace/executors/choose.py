"""Choosing the executor a run asked for (``Options.executor``)."""

from __future__ import annotations

from storytrace.executors.base import Executor, SerialExecutor
from storytrace.executors.local import ProcessPoolExecutor
from storytrace.settings import Options


def make_executor(options: Options, shard_count: int) -> Executor:
    """The executor for ``shard_count`` shards: ``serial``, ``process`` or ``dask`` as ``options`` say.

    A process pool is started only when it helps (more than one worker and
    more than one shard); starting workers that each load spaCy costs more
    than a single shard takes. A Dask cluster is always used when asked for,
    since the user chose where the work runs; with no shard at all nothing
    is started. Dask is imported here, not before: without the ``dask``
    extra every other executor still works.
    """
    if options.executor == "serial" or shard_count <= 0:
        return SerialExecutor()
    if options.executor == "dask":
        from storytrace.executors.dask import DaskExecutor

        return DaskExecutor(options.worker_count(), options.scheduler)
    workers = options.worker_count()
    if workers <= 1 or shard_count <= 1:
        return SerialExecutor()
    return ProcessPoolExecutor(min(workers, shard_count))
