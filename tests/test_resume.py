"""Resume after SIGKILL: a run killed part-way and started again loses nothing, duplicates nothing, redoes no finished shard."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from invented_news import write_corpus

import storytrace
from storytrace.settings import Options, StoryOptions
from storytrace.store import SQLiteStore, open_store

KINDS = ("duplicates", "reuse", "edits", "lineage")


def _command(corpus: Path, store: Path) -> list[str]:
    cli = Path(sys.executable).with_name("storytrace")
    return [str(cli), "analyze", str(corpus), "--store", str(store), "--executor", "serial", "--workers", "1",
            "--no-quotes", "--no-stories", "--no-progress"]


def _finished_shards(store: Path) -> int:
    """Shard checkpoints the store holds (read-only, straight from the file)."""
    try:
        with sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5) as db:
            row = db.execute("SELECT count(*) FROM state WHERE key LIKE 'resume/%/shard/%' AND length(value) > 0").fetchone()
    except sqlite3.Error:
        return 0  # not created yet
    return int(row[0])


def test_a_run_killed_with_sigkill_resumes_without_loss_or_duplication(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    inputs = write_corpus(corpus, 2048, copies_every=10, bad_every=97)  # 8 shards of 256
    store = tmp_path / "store.db"
    process = subprocess.Popen(_command(corpus, store), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while _finished_shards(store) < 2:
        assert process.poll() is None, "the run ended before it could be killed: " + process.stderr.read().decode()[-2000:]
        assert time.monotonic() < deadline, "no shard finished in time"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()
    checkpointed = _finished_shards(store)  # the process is dead: this count is final
    assert 2 <= checkpointed < 8, checkpointed
    with SQLiteStore(store) as killed:
        assert killed.runs() == []  # killed while reading: nothing was saved as a run yet

    again = subprocess.run(_command(corpus, store), capture_output=True, text=True, timeout=600)
    assert again.returncode in (0, 3), again.stderr[-2000:]

    with SQLiteStore(store) as done:
        (run,) = done.runs()
        assert run.finished_at is not None
        assert run.summary["resume"] == {"shards": 8, "resumed": checkpointed}  # finished shards were not redone
        articles = list(done.articles())
        rejected = done.rejected(run.id)
        paths = [a.path for a in articles] + [r.path for r in rejected]
        assert Counter(paths) == Counter(str(p) for p in inputs)  # every input exactly once
        assert len(rejected) == len(inputs) // 97
        for kind in KINDS:
            records = [repr(sorted(r.items())) for r in done.results(kind)]
            assert len(records) == len(set(records)), kind
        copies = [s for s in range(len(inputs)) if s % 10 == 9 and s % 97 != 96 and (s - 1) % 97 != 96]
        found = {(d["a"], d["b"]) for d in done.results("duplicates")}
        assert {(f"a{s - 1:06d}", f"a{s:06d}") for s in copies} <= found  # every copy was found
        assert _finished_shards(store) == 0  # checkpoints are emptied once the run is done


def test_a_save_killed_part_way_is_finished_by_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "in"
    write_corpus(corpus, 60, copies_every=6, bad_every=13)
    store = tmp_path / "store.db"
    options = Options(workers=1, executor="serial", quotes=False, stories=StoryOptions(enabled=False))

    saved = SQLiteStore.save_results

    def dies_at_reuse(self, kind, records, run_id):  # type: ignore[no-untyped-def]
        if kind == "reuse":
            raise KeyboardInterrupt  # as a kill would, after duplicates were committed
        return saved(self, kind, records, run_id)

    monkeypatch.setattr(SQLiteStore, "save_results", dies_at_reuse)
    with pytest.raises(KeyboardInterrupt):
        storytrace.analyze([corpus], options=options, store=store)
    monkeypatch.setattr(SQLiteStore, "save_results", saved)
    first = storytrace.analyze([corpus], options=options, store=store)

    with open_store(store) as done:
        (run,) = done.runs()  # the unfinished run was reused, not a second one started
        assert run.finished_at is not None
        assert run.summary["resume"]["resumed"] == run.summary["resume"]["shards"] == 1
        assert done.count_articles() == len(first.articles)
        assert len(done.rejected()) == len(first.rejected) > 0
        assert done.results("duplicates") == [d.to_export() for d in first.duplicates]
        assert done.results("reuse") == [r.to_export() for r in first.reuse]


def test_the_same_command_after_a_finished_run_is_a_fresh_run(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    write_corpus(corpus, 20, copies_every=5)
    store = tmp_path / "store.db"
    options = Options(workers=1, executor="serial", quotes=False, stories=StoryOptions(enabled=False))
    storytrace.analyze([corpus], options=options, store=store)
    second = storytrace.analyze([corpus], options=options, store=store)
    assert second.stats["resume"] == {"shards": 1, "resumed": 0}
    assert second.stats["store"]["added"] == 0
    with open_store(store) as done:
        assert len(done.runs()) == 2
