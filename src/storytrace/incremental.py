"""Incremental runs: new articles meet the stored ones without redoing the old work.

The near-duplicate index lives in the store's vector cache, so a run over a
few new files looks up and touches only what concerns them:

* ``dedup/minhash/...``: per article, its MinHash signature and exact-text
  hash (the work of fingerprinting, never done twice for one article);
* ``lsh/<hash of the dedup options>``: per LSH band bucket (two hex digits
  of band, sixteen of key) and per exact text hash (``x:<hash>``), the ids
  of the stored articles that fall in it.

For the new articles of a run, :func:`link_new_articles` fingerprints them
(only them), reads their buckets, and so finds the stored articles that are
candidate copies. Duplicates, reuse, edits and lineage are then found over
the new articles plus those stored neighbours only, and the records that
join a new article to a stored one are returned for saving. The cost grows
with the new articles and the size of their buckets, not with the store.

Note:
    Reuse is looked for only between a new article and stored articles that
    are LSH candidates at the near-duplicate threshold; a stored article that
    shares just one passage with a new one (below that threshold) is not
    found incrementally (a full run over all inputs finds it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xxhash

from storytrace.dedup import find_duplicates, fingerprints
from storytrace.dedup.lsh import band_keys
from storytrace.dedup.near import lsh_banding
from storytrace.models import Article
from storytrace.reuse import find_reuse
from storytrace.settings import Options, StoryOptions
from storytrace.store import Store


@dataclass(slots=True)
class Linked:
    """What a run's new articles share with stored ones (export records, by kind)."""

    new: list[str] = field(default_factory=list)
    neighbours: list[str] = field(default_factory=list)
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Index rows to write once the records are saved: (model, id, bytes).
    pending_index: list[tuple[str, list[tuple[str, bytes]]]] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        counts = {"new_articles": len(self.new), "stored_neighbours": len(self.neighbours)}
        counts.update({kind: len(records) for kind, records in self.records.items()})
        return counts


def index_models(options: Options) -> tuple[str, str]:
    """The vector-cache models of the signature and bucket index for these dedup options."""
    d = options.dedup
    bands, rows = lsh_banding(d)
    base = f"dedup/{d.shingle_size}w/{d.num_perm}p/seed{d.seed}"
    # The bucket model is repeated in every one of its rows (bands per article): keep it short.
    params = f"{base}/lsh{bands}x{rows}/min{d.min_similarity}c{d.min_containment}"
    return f"{base}/minhash", "lsh/" + xxhash.xxh3_64_hexdigest(params.encode())[:8]


def _bucket_keys(exact: np.ndarray, signatures: np.ndarray, bands: int, rows: int) -> list[list[str]]:
    """Per article, the bucket ids it falls in (its exact hash first, then one per band)."""
    keys = [[f"x:{int(e[0]):016x}{int(e[1]):016x}"] for e in exact]
    for band in range(bands):
        for i, key in enumerate(band_keys(signatures, band, rows).tolist()):
            keys[i].append(f"{band:02x}{key:016x}")
    return keys


def _pairs_with_old(records: Iterable[dict[str, Any]], fields: Sequence[str], new: set[str], old: set[str]) -> list[dict[str, Any]]:
    """Records joining a new article to a stored one (new-new pairs are the run's own results)."""
    kept = []
    for record in records:
        ids = {record.get(f) for f in fields}
        if ids & new and ids & old:
            kept.append(record)
    return kept


def link_new_articles(store: Store, articles: Sequence[Article], options: Options) -> Linked:
    """Find the stored articles a run's new articles copy or reuse; nothing is written yet.

    An article is *new* when the index has no signature for it (so a run
    killed after saving its articles but before indexing them is linked when
    it is resumed). Call :func:`index_new_articles` after saving the records.
    """
    signature_model, bucket_model = index_models(options)
    indexed = store.vectors(signature_model, [a.id for a in articles])
    new_articles = [a for a in articles if a.id not in indexed]
    linked = Linked(new=[a.id for a in new_articles])
    if not new_articles:
        return linked
    fp = fingerprints([a.text for a in new_articles], options.dedup)
    bands, rows = lsh_banding(options.dedup)
    keys = _bucket_keys(fp.exact, fp.signatures, bands, rows)
    run_ids = {a.id for a in articles}
    buckets = store.vectors(bucket_model, {k for ks in keys for k in ks})
    stored: dict[str, list[str]] = {k: json.loads(v) for k, v in buckets.items()}
    neighbours = sorted({i for ids in stored.values() for i in ids} - run_ids)
    linked.neighbours = neighbours
    if neighbours:
        neighbourhood = list(new_articles) + list(store.articles(neighbours))
        new, old = set(linked.new), set(neighbours)
        duplicates = find_duplicates(neighbourhood, options.dedup)
        reuse, edits, lineage = find_reuse(neighbourhood, duplicates, options.reuse)
        linked.records = {
            "duplicates": _pairs_with_old((d.to_export() for d in duplicates), ("a", "b"), new, old),
            "reuse": _pairs_with_old((r.to_export() for r in reuse), ("source", "target"), new, old),
            "edits": _pairs_with_old((e.to_export() for e in edits), ("source", "target"), new, old),
            "lineage": _pairs_with_old(lineage, ("source", "target"), new, old),
        }
    # The index rows: signatures of the new articles, and the buckets with them added.
    signatures = [
        (a.id, fp.exact[i].astype("<u8").tobytes() + fp.signatures[i].astype("<u4").tobytes())
        for i, a in enumerate(new_articles)
    ]
    grown: dict[str, list[str]] = {}
    for article, article_keys, size in zip(new_articles, keys, fp.sizes.tolist()):
        for key in article_keys if size > 0 else ():  # texts without words share one signature: keep them out
            members = grown.setdefault(key, list(stored.get(key, [])))
            if article.id not in members:
                members.append(article.id)
    linked.pending_index = [
        (signature_model, signatures),
        (bucket_model, [(k, json.dumps(v).encode()) for k, v in grown.items()]),
    ]
    return linked


def index_new_articles(store: Store, linked: Linked) -> None:
    """Write the index rows :func:`link_new_articles` prepared (buckets first, signatures last).

    Signatures mark an article as indexed, so they go last: a run killed in
    between re-links the article when resumed, and bucket lists never list an
    article twice.
    """
    for model, rows in sorted(linked.pending_index, key=lambda item: item[0].endswith("/minhash")):
        store.save_vectors(model, rows)


#: The state key of the story clustering's incremental index.
STORY_INDEX_KEY = "stories/index"


def load_story_index(store: Store, around: Sequence[Article] | None = None, options: StoryOptions | None = None) -> Any:
    """The store's ``StoryIndex`` (see :mod:`storytrace.stories`), or None when no run saved one.

    With ``around`` (a run's articles) and the story ``options``, only the part of the index
    those articles can meet is loaded (see :mod:`storytrace.incremental_stories`); the result
    clusters them exactly as the whole index would. An index written by another format
    version, or damaged, is ignored (None): the next run clusters its articles from scratch
    rather than failing.
    """
    from storytrace import incremental_stories
    from storytrace.stories import StoryIndex

    value = store.state(STORY_INDEX_KEY)
    manifest = incremental_stories.read_manifest(value)
    try:
        if manifest is not None:
            return incremental_stories.load(store, manifest, around, options)
        blob = _read_parts(store, STORY_INDEX_KEY, value)  # one .npz value, as earlier versions wrote it
        return StoryIndex.from_bytes(blob) if blob else None
    except (ValueError, KeyError, TypeError, OSError):
        return None


def save_story_index(store: Store, index: Any) -> None:
    """Keep a ``StoryIndex`` for the next incremental run.

    It is stored by month (see :mod:`storytrace.incremental_stories`): an index loaded for a run's
    time window writes back only the months it read; any other index is written whole.
    """
    from storytrace import incremental_stories

    incremental_stories.save(store, index)


def write_value(store: Store, key: str, blob: bytes) -> None:
    """Store a state value, in parts when it is larger than :data:`STATE_PART_BYTES`.

    SQLite and PostgreSQL refuse values over 1 GB. The parts go first, then under the key a
    manifest with their count and checksum, so a run killed in between leaves a manifest that
    does not match (read as None) rather than a mixed value.
    """
    if len(blob) <= STATE_PART_BYTES:
        store.save_state(key, blob)
        return
    parts = range(0, len(blob), STATE_PART_BYTES)
    for number, start in enumerate(parts):
        store.save_state(f"{key}/part/{number}", blob[start:start + STATE_PART_BYTES])
    manifest = {"parts": len(parts), "bytes": len(blob), "xxh3": xxhash.xxh3_64_hexdigest(blob)}
    store.save_state(key, _PARTS_MAGIC + json.dumps(manifest).encode())


def read_value(store: Store, key: str) -> bytes | None:
    """A state value written by :func:`write_value` (None when missing or its parts do not match)."""
    return _read_parts(store, key, store.state(key))


#: State values are split into parts of at most this many bytes (the databases' limit is 1 GB).
STATE_PART_BYTES = 256 * 2**20
_PARTS_MAGIC = b"storytrace-parts:"


def _read_parts(store: Store, key: str, value: bytes | None) -> bytes | None:
    """A state value, put together from its parts when it was written in parts (None if they do not match)."""
    if not value or not value.startswith(_PARTS_MAGIC):
        return value
    try:
        manifest = json.loads(value[len(_PARTS_MAGIC):])
        blob = b"".join(store.state(f"{key}/part/{n}") or b"" for n in range(int(manifest["parts"])))
    except (ValueError, TypeError, KeyError):
        return None
    if len(blob) != manifest.get("bytes") or xxhash.xxh3_64_hexdigest(blob) != manifest.get("xxh3"):
        return None
    return blob
