"""The result is the same whichever executor ran the stages."""

from __future__ import annotations

from pathlib import Path

import storytrace
from storytrace.executors import ProcessPoolExecutor, SerialExecutor, make_executor

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def _square(x: int) -> int:
    return x * x


def test_make_executor_uses_a_pool_only_when_it_helps():
    assert isinstance(make_executor(1, 10), SerialExecutor)
    assert isinstance(make_executor(4, 1), SerialExecutor)
    pool = make_executor(2, 5)
    try:
        assert isinstance(pool, ProcessPoolExecutor)
        assert sorted(pool.map_unordered(_square, range(7))) == [(i, i * i) for i in range(7)]
    finally:
        pool.close()


def test_process_pool_and_one_process_give_the_same_export():
    def export(options: storytrace.Options) -> dict:
        document = storytrace.analyze([EXAMPLES], options=options).to_json()
        document.pop("stats")
        return document

    pooled = export(storytrace.Options(workers=2, shard_size=2))
    serial = export(storytrace.Options(workers=1))
    assert pooled == serial
    assert pooled["quotes"] and pooled["quote_groups"] and pooled["reuse"]
