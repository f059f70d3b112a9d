"""Where per-article stages run: in this process or in a pool of processes.

An executor maps a picklable function over shards and yields results as
they finish. Results are re-ordered by shard index by the caller, so the
output is the same whichever executor ran the work.
"""

from storytrace.executors.base import Executor, SerialExecutor
from storytrace.executors.local import ProcessPoolExecutor, make_executor

__all__ = ["Executor", "ProcessPoolExecutor", "SerialExecutor", "make_executor"]
