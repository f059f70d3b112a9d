"""Resuming a killed run: finished ingest shards are checkpointed in the store.

A run is known by its *fingerprint*: a hash of every input's locator and
bytes, and of the options. Each finished shard of the per-article stages is
saved as one state blob (``resume/<fingerprint>/shard/<n>``: its articles,
rejected inputs and stage counters), written in one transaction, so a shard
is either wholly checkpointed or not at all. Started again with the same
inputs and options, the run loads the finished shards and reads only the
others; the analyses that compare articles then run over all of them.

Saving into the store is resumable too: the run id is kept under
``resume/<fingerprint>/run`` until the run finishes, and a restarted save
reuses that unfinished run, skipping each result kind (and the rejected
inputs) it already holds. Each ``save_results`` is one transaction, so a kind
is saved wholly or not at all. Articles are idempotent by content.

Checkpoints are JSON (never pickle: a store may come from someone else),
compressed with zlib. When the run finishes they are emptied, so the same
command run again later is a fresh run.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import xxhash

from storytrace._exceptions import StoreError
from storytrace.models import Article, Rejected, Source
from storytrace.pipeline import ShardResult
from storytrace.settings import Options
from storytrace.stage import StageStats
from storytrace.store import Store, _codec

_PREFIX = "resume"
#: Option fields that change where work runs, never what it finds: not part of the fingerprint.
_PLACEMENT_FIELDS = frozenset({"workers", "executor", "scheduler"})


def run_fingerprint(sources: Sequence[Source], rejected: Sequence[Rejected], options: Options) -> str:
    """A hash of the inputs (locators and bytes, in order) and of the options that shape results."""
    digest = xxhash.xxh3_128()
    settings = {k: v for k, v in asdict(options).items() if k not in _PLACEMENT_FIELDS}
    digest.update(json.dumps(settings, sort_keys=True, default=str).encode())
    for source in sources:
        digest.update(b"\x00source\x00" + source.path.encode("utf-8", "surrogatepass") + b"\x00" + source.kind.encode())
        digest.update(len(source.data).to_bytes(8, "little") + source.data)
        digest.update(json.dumps(source.fields, sort_keys=True, default=str).encode("utf-8", "surrogatepass"))
    for item in rejected:
        digest.update(b"\x00rejected\x00" + item.path.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _encode_shard(result: ShardResult) -> bytes:
    articles = []
    for article in result.articles:
        row, removals = _codec.encode_article(article)
        articles.append({"row": list(row), "removals": [list(r) for r in removals]})
    document = {
        "articles": articles,
        "rejected": [list(_codec.encode_rejected(r)) for r in result.rejected],
        "stats": {name: asdict(s) for name, s in result.stats.items()},
    }
    return zlib.compress(json.dumps(document, ensure_ascii=False).encode("utf-8"), 1)


def _decode_shard(blob: bytes) -> ShardResult:
    document = json.loads(zlib.decompress(blob))
    articles: list[Article] = [
        _codec.decode_article(_codec.ArticleRow(*item["row"]), [_codec.RemovalRow(*r) for r in item["removals"]])
        for item in document["articles"]
    ]
    return ShardResult(
        articles=articles,
        rejected=[Rejected(path, reason) for path, reason in document["rejected"]],
        stats={name: StageStats(**fields) for name, fields in document["stats"].items()},
    )


class Checkpoints:
    """The finished shards of one run (by fingerprint) in a store.

    Args:
        store: Where checkpoints are kept (an open store).
        fingerprint: From :func:`run_fingerprint`.
    """

    def __init__(self, store: Store, fingerprint: str):
        self.store = store
        self.fingerprint = fingerprint

    def _key(self, index: int) -> str:
        return f"{_PREFIX}/{self.fingerprint}/shard/{index:08d}"

    def load(self, index: int) -> ShardResult | None:
        """The checkpointed result of shard ``index``, or None when it has not finished."""
        blob = self.store.state(self._key(index))
        if not blob:
            return None
        try:
            return _decode_shard(blob)
        except (ValueError, KeyError, TypeError, zlib.error):
            return None  # unreadable: the shard is simply run again

    def save(self, index: int, result: ShardResult) -> bool:
        """Checkpoint a finished shard in one transaction; False when it cannot be stored (it is kept in memory)."""
        try:
            blob = _encode_shard(result)
        except StoreError:
            return False  # e.g. a lone surrogate: the final save reports it
        self.store.save_state(self._key(index), blob)
        return True

    def clear(self, shards: int) -> None:
        """Empty every shard checkpoint and the run marker: the run is finished."""
        for index in range(shards):
            if self.store.state(self._key(index)):
                self.store.save_state(self._key(index), b"")
        if self.store.state(self._run_key()):
            self.store.save_state(self._run_key(), b"")

    # -- the store run being saved -------------------------------------------

    def _run_key(self) -> str:
        return f"{_PREFIX}/{self.fingerprint}/run"

    def unfinished_run(self) -> int | None:
        """The id of this fingerprint's run that started saving but did not finish, if any."""
        blob = self.store.state(self._run_key())
        if not blob:
            return None
        run_id = int(blob.decode())
        for run in self.store.runs():
            if run.id == run_id and run.finished_at is None:
                return run_id
        return None

    def remember_run(self, run_id: int) -> None:
        self.store.save_state(self._run_key(), str(run_id).encode())


def resume_summary(stats: dict[str, Any]) -> dict[str, Any] | None:
    """The ``resume`` entry a run's stats carry (fingerprint, shards, resumed), or None."""
    value = stats.get("resume")
    return value if isinstance(value, dict) else None
