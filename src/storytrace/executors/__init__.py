"""Where per-article stages run: in this process, a pool of local processes, or a Dask cluster.

An executor maps a picklable function over shards and yields results as
they finish. Results are re-ordered by shard index by the caller, so the
output is the same whichever executor ran the work. ``DaskExecutor`` lives
in ``storytrace.executors.dask`` and is imported only when asked for (the
``dask`` extra is optional).
"""

from storytrace.executors.base import Executor, SerialExecutor
from storytrace.executors.choose import make_executor
from storytrace.executors.local import ProcessPoolExecutor

__all__ = ["Executor", "ProcessPoolExecutor", "SerialExecutor", "make_executor"]
