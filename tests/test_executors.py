"""The result is the same whichever executor ran the stages: one process, a process pool, or Dask."""

from __future__ import annotations

import gzip
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import storytrace
from storytrace.cli import EXIT_OK, app
from storytrace.executors import ProcessPoolExecutor, SerialExecutor, make_executor
from storytrace.executors.dask import DaskExecutor
from storytrace.settings import StoryOptions

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "corpus"
#: The allsides sample: articles, and the first few of them also run with quotes (see the test's docstring).
SAMPLE_ARTICLES = 5000
QUOTE_SAMPLE_ARTICLES = 60


def _square(x: int) -> int:
    return x * x


def _pid_and_square(x: int) -> tuple[int, int]:
    return os.getpid(), x * x


def _worker_settings(_: int) -> tuple[str | None, bool]:
    import dask

    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), dask.config.get("distributed.worker.profile.enabled")


def _without_timings(value: Any) -> Any:
    """The export with every ``seconds`` figure dropped: timings are the one thing allowed to differ."""
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k != "seconds"}
    if isinstance(value, list):
        return [_without_timings(v) for v in value]
    return value


def _export(paths: list[Path], options: storytrace.Options) -> dict:
    return _without_timings(storytrace.analyze(paths, options=options).to_json())


def _exports_by_executor(paths: list[Path], **options: Any) -> dict[str, dict]:
    return {
        kind: _export(paths, storytrace.Options(executor=kind, workers=2, **options))
        for kind in ("serial", "process", "dask")
    }


def test_make_executor_uses_a_pool_only_when_it_helps():
    assert isinstance(make_executor(storytrace.Options(workers=1), 10), SerialExecutor)
    assert isinstance(make_executor(storytrace.Options(workers=4), 1), SerialExecutor)
    assert isinstance(make_executor(storytrace.Options(workers=4, executor="serial"), 10), SerialExecutor)
    assert isinstance(make_executor(storytrace.Options(workers=4, executor="dask"), 0), SerialExecutor)
    pool = make_executor(storytrace.Options(workers=2), 5)
    try:
        assert isinstance(pool, ProcessPoolExecutor)
        assert sorted(pool.map_unordered(_square, range(7))) == [(i, i * i) for i in range(7)]
    finally:
        pool.close()


def test_options_refuse_an_unknown_executor_and_a_scheduler_without_dask():
    with pytest.raises(ValueError, match="serial, process, dask"):
        storytrace.Options(executor="spark")
    with pytest.raises(ValueError, match="scheduler"):
        storytrace.Options(scheduler="tcp://127.0.0.1:8786")
    assert storytrace.Options(executor="dask", scheduler="tcp://127.0.0.1:8786").scheduler


def test_dask_local_cluster_runs_every_item_in_its_worker_processes():
    executor = make_executor(storytrace.Options(executor="dask", workers=2), 12)
    try:
        assert isinstance(executor, DaskExecutor)
        results = dict(executor.map_unordered(_pid_and_square, range(12)))
    finally:
        executor.close()
    assert sorted(results) == list(range(12))
    assert all(square == i * i for i, (_, square) in results.items())
    assert os.getpid() not in {pid for pid, _ in results.values()}


def test_dask_local_cluster_workers_keep_the_plain_allocator_and_run_no_profiler(monkeypatch):
    """Dask's worker defaults that cost CPU-bound tasks time are off; the caller's Dask config is untouched."""
    import dask
    import distributed  # noqa: F401  (registers the distributed.* defaults read below)

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    profiling_before = dask.config.get("distributed.worker.profile.enabled")
    executor = DaskExecutor(1)
    try:
        [(index, (trim_threshold, profiling))] = list(executor.map_unordered(_worker_settings, [0]))
    finally:
        executor.close()
    assert index == 0
    assert trim_threshold is None  # Dask's default 65536 would switch off glibc's adaptive mmap threshold
    assert profiling is False
    assert dask.config.get("distributed.worker.profile.enabled") == profiling_before


def test_dask_keeps_at_most_two_tasks_per_worker_in_flight():
    drawn = 0

    def items():
        nonlocal drawn
        for i in range(40):
            drawn += 1
            yield i

    executor = DaskExecutor(2)
    try:
        received = 0
        for _ in executor.map_unordered(_square, items()):
            received += 1
            # Each finished task lets one more item in: never more than 2 x 2 ahead of what was received.
            assert drawn <= received + 4
        assert received == 40
    finally:
        executor.close()


def test_dask_executor_uses_a_running_scheduler_and_leaves_it_running():
    import distributed

    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        executor = make_executor(storytrace.Options(executor="dask", scheduler=cluster.scheduler_address), 3)
        try:
            assert sorted(executor.map_unordered(_square, [3, 4, 5])) == [(0, 9), (1, 16), (2, 25)]
        finally:
            executor.close()
        with distributed.Client(cluster) as client:  # still up after the executor closed
            assert client.submit(_square, 6).result() == 36
    finally:
        cluster.close()


def test_storytrace_works_without_dask_and_names_the_extra_when_asked_for_it():
    script = textwrap.dedent(
        f"""
        import sys
        class NoDask:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("dask", "distributed"):
                    raise ImportError("no " + name)
        sys.meta_path.insert(0, NoDask())
        import storytrace
        from storytrace.executors import make_executor
        from storytrace.executors.dask import DaskExecutor  # importable: dask is imported only when one is built
        from storytrace.settings import StoryOptions
        for kind in ("serial", "process"):
            options = storytrace.Options(executor=kind, workers=2, shard_size=2, quotes=False, stories=StoryOptions(enabled=False))
            analysis = storytrace.analyze([{str(EXAMPLES)!r}], options=options)
            assert analysis.articles and analysis.duplicates, kind
        try:
            make_executor(storytrace.Options(executor="dask"), 3)
        except storytrace.MissingExtraError as error:
            print(error)
        assert "dask" not in sys.modules and "distributed" not in sys.modules
        """
    )
    done = subprocess.run([sys.executable, "-c", script], check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "pip install storytrace[dask]" in done.stdout


def test_cli_takes_the_executor_and_refuses_a_bad_one(tmp_path):
    runner = CliRunner()
    args = ["analyze", str(EXAMPLES / "wire"), "--no-store", "--no-progress", "--no-quotes", "--no-stories",
            "--json", str(tmp_path / "a.json")]
    assert runner.invoke(app, args + ["--executor", "serial"]).exit_code == EXIT_OK
    assert runner.invoke(app, args + ["--executor", "spark"]).exit_code == 2
    assert runner.invoke(app, args + ["--scheduler", "tcp://127.0.0.1:8786"]).exit_code == 2


def test_every_executor_gives_the_same_export_on_the_seed_corpus(seeds_dir):
    """All analyses, quotes and stories included, with one article per shard so shards finish out of order."""
    exports = _exports_by_executor([seeds_dir], shard_size=1)
    serial = exports["serial"]
    assert serial["quotes"] and serial["quote_groups"] and serial["reuse"] and serial["stories"]
    assert exports["process"] == exports["serial"]
    assert exports["dask"] == exports["serial"]


@pytest.fixture(scope="module")
def allsides_sample(eval_dir, tmp_path_factory) -> tuple[Path, Path]:
    """5,000 AllSides articles drawn at random (fixed seed) as JSONL, and the first 60 of them, in tmp."""
    with gzip.open(eval_dir / "allsides-articles" / "articles.jsonl.gz", "rt", encoding="utf-8") as feed:
        lines = feed.readlines()
    picked = [lines[i] for i in sorted(random.Random(7).sample(range(len(lines)), SAMPLE_ARTICLES))]
    folder = tmp_path_factory.mktemp("allsides")
    sample, quotes_sample = folder / "sample.jsonl", folder / "quotes-sample.jsonl"
    sample.write_text("".join(picked), encoding="utf-8")
    quotes_sample.write_text("".join(picked[:QUOTE_SAMPLE_ARTICLES]), encoding="utf-8")
    return sample, quotes_sample


def test_every_executor_gives_the_same_export_on_5000_real_articles(allsides_sample):
    """Serial, process pool (2 workers) and Dask LocalCluster (2 workers): identical exports but for timings.

    What the executor schedules is reading and cleaning (one task per shard of
    256 inputs, here 20 shards finishing in any order) and the quotes analysis
    (one task per shard of articles, merged afterwards). The corpus stages,
    duplicates and reuse run in the calling process on the articles the
    shards produced, so they are compared too: a difference in any article
    (text, removals, ids, order) would show up in them.

    All of that is compared on the 5,000 articles except quotes: parsing
    5,000 articles with spaCy takes about 15 minutes per executor on two cores,
    too long for the suite. Quotes, speakers, citations, entities and quote
    groups are therefore compared on the first 60 articles of the sample in
    10 shards of 6, which exercises the same scheduling and cross-shard
    merging of quote groups (the seed-corpus test above does the same with
    one article per shard). Stories (clustering, embeddings, summaries) run
    in the calling process on what the executor produced and are left out
    here for time; the seed-corpus test compares them.
    """
    sample, quotes_sample = allsides_sample
    no_stories = StoryOptions(enabled=False)
    exports = _exports_by_executor([sample], quotes=False, stories=no_stories)
    serial = exports["serial"]
    assert len(serial["articles"]) + len(serial["rejected"]) == SAMPLE_ARTICLES
    assert len(serial["articles"]) > 0.95 * SAMPLE_ARTICLES and serial["reuse"] and serial["edits"]
    assert exports["process"] == serial
    assert exports["dask"] == serial

    with_quotes = _exports_by_executor([quotes_sample], shard_size=6, stories=no_stories)
    assert with_quotes["serial"]["quotes"] and with_quotes["serial"]["citations"] and with_quotes["serial"]["entities"]
    assert with_quotes["process"] == with_quotes["serial"]
    assert with_quotes["dask"] == with_quotes["serial"]
