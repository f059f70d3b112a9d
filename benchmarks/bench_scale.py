"""A million articles: near-duplicates and story clustering, then 1,000 added to the million-article store.

Corpus: ``benchmarks/synth.py`` (recombined sentences of the 20,000 real AllSides
articles, real outlets and dates 2012-2020, ~1% injected edited copies with known
sources), written once to a temp folder and read back lazily, so no step holds
the corpus text unless it says so. ``N + new`` articles are generated; with
``--new-dates latest`` (the default) the ``new`` latest by date are the ones
added at the end (a day's crawl arriving at a store of older news), with
``spread`` the last ``new`` generated (dates all over 2012-2020). Steps, each
printed as one JSON line with wall seconds, CPU seconds (this process + its
worker processes) and peak RSS:

``corpus``
    generating the synthetic articles (2 processes) into the temp folder.
``dedup``
    ``storytrace.dedup`` as the pipeline runs it (fingerprints, then exact and
    near pairs, 2 worker processes), with precision and recall on the injected copies.
``stories``
    ``find_stories`` over all articles with the duplicates as must-links,
    TF-IDF only, in date order, ``--batch`` (50,000) articles per call through the
    incremental index (``--no-embeddings`` is the default here: embedding a million
    articles on 2 CPU cores does not fit; ``embed_cost`` measures it per article).
    Clustering reads the title and the first 120 words only, so articles are
    handed over cut to their first 300 words (same vectors, a fifth of the memory).
``embed_cost``
    MiniLM embeddings of 1,000 of the articles (model load timed apart), per article.
``store_build``
    a SQLite store holding all N articles and their incremental state, written
    in bulk: the article rows, the MinHash signatures and LSH buckets from the
    ``dedup`` step, and the story index; each part timed apart (``parts``: wall,
    CPU and the database size after it).
``add_1000`` / ``add_1000_empty``
    1,000 new synthetic articles (a JSON Lines file; ~1% copies of stored ones)
    through ``storytrace.analyze(..., store=...)`` (serial, quotes off, stories on
    without embeddings) into that store, then into an empty one. ``story_index_load``
    times reading the whole story index back (what a full load costs).

``--keep DIR`` keeps the corpus, the fingerprints and the story index in ``DIR``
(and the store, with ``--keep-store``); a later run with the same ``DIR``, size
and options reuses them, so the store build and the add step can be timed again
without the hour before them.

Usage::

    python benchmarks/bench_scale.py                  # 1,000,000 articles (about an hour or more)
    python benchmarks/bench_scale.py --size 100000 --keep /tmp/scale100k
    python benchmarks/bench_scale.py --quick          # 20,000
"""

from __future__ import annotations

import argparse
import json
import mmap
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Self

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_dedup import _cpu, _pool_usage, _reset_peak, _status_kb
from synth import SOURCE, SyntheticCorpus

_CORPUS: SyntheticCorpus | None = None
#: Words of each article handed to clustering (it reads the title and 120 body words).
CLUSTER_WORDS = 300


def _generate(span: tuple[int, int]) -> list[dict]:
    assert _CORPUS is not None
    return list(_CORPUS.articles(*span))


class DiskTexts(Sequence[str]):
    """Texts written one after another to a file, read back by position through ``mmap``.

    ``starts``/``ends`` may pick any subset of the file's texts, in any order.
    """

    def __init__(self, path: Path, ends: np.ndarray, starts: np.ndarray | None = None) -> None:
        self._file = open(path, "rb")  # noqa: SIM115 - lives as long as the benchmark
        size = os.path.getsize(path)
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self.ends = ends
        self.starts = np.concatenate([[0], ends[:-1]]) if starts is None else starts

    def subset(self, positions: np.ndarray) -> DiskTexts:
        """The texts at ``positions`` (a view of the same file)."""
        return DiskTexts(Path(self._file.name), self.ends[positions], self.starts[positions])

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._map[int(self.starts[index]):int(self.ends[index])].decode("utf-8")


class Step:
    """Wall, CPU and peak RSS (this process, reset at the start) of one step."""

    def __init__(self, name: str, **extra: object) -> None:
        self.record: dict = {"bench": "scale", "step": name, **extra}

    def __enter__(self) -> Self:
        self.load = os.getloadavg()[0]
        _reset_peak()
        self.cpu, self.wall = _cpu(), time.perf_counter()
        self.workers_cpu, self.workers_peak = 0.0, 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.record.update(
            wall_s=round(time.perf_counter() - self.wall, 1),
            cpu_s=round(_cpu() - self.cpu + self.workers_cpu, 1),
            peak_rss_mb=round(_status_kb("self", "VmHWM") / 1024),
            load_average=[round(self.load, 2), round(os.getloadavg()[0], 2)],
        )
        if self.workers_peak:
            self.record["largest_worker_peak_mb"] = self.workers_peak
        if exc[0] is not None:
            self.record["error"] = f"{exc[0].__name__}: {exc[1]}"  # type: ignore[union-attr]
        print(json.dumps(self.record), flush=True)


def write_corpus(corpus: SyntheticCorpus, folder: Path, chunk: int = 5000) -> tuple[DiskTexts, dict[str, list]]:
    """Generate the corpus in 2 processes; texts go to a file, the (small) metadata stays in memory."""
    global _CORPUS
    _CORPUS = corpus
    meta: dict[str, list] = {"title": [], "outlet": [], "published": [], "copy_of": []}
    ends = np.zeros(len(corpus), dtype=np.int64)
    at, i = 0, 0
    spans = [(s, min(s + chunk, len(corpus))) for s in range(0, len(corpus), chunk)]
    with open(folder / "texts.bin", "wb") as out, mp.get_context("fork").Pool(2) as pool:
        for records in pool.imap(_generate, spans):
            for r in records:
                data = r["text"].encode("utf-8")
                out.write(data)
                at += len(data)
                ends[i] = at
                i += 1
                for key, values in meta.items():
                    values.append(r[key])
    return DiskTexts(folder / "texts.bin", ends), meta


def score(duplicates: list, copies: list[tuple[str, str]]) -> dict:
    """Pair precision and recall against the injected (copy, source) pairs; two copies of one source count as right."""
    group: dict[str, str] = {}
    for copy, source in copies:
        group[copy] = source
        group.setdefault(source, source)
    truth = {(c, s) if c < s else (s, c) for c, s in copies}
    found = {(d.a, d.b) if d.a < d.b else (d.b, d.a) for d in duplicates}
    correct = sum(1 for a, b in found if a in group and group.get(a) == group.get(b))
    return {"injected_copies": len(truth), "reported_pairs": len(found),
            "recall": round(len(truth & found) / max(1, len(truth)), 4),
            "precision": round(correct / max(1, len(found)), 4)}


class Part:
    """Wall and CPU seconds of one part of a step, and the store's size on disk after it."""

    def __init__(self, parts: dict, name: str, location: str) -> None:
        self.parts, self.name, self.location = parts, name, location

    def __enter__(self) -> Self:
        self.cpu, self.wall = _cpu(), time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        size = sum(os.path.getsize(p) for p in (self.location, self.location + "-wal") if os.path.exists(p))
        self.parts[self.name] = {"wall_s": round(time.perf_counter() - self.wall, 1),
                                 "cpu_s": round(_cpu() - self.cpu, 1), "db_mb": round(size / 2**20)}
        print(json.dumps({"bench": "scale", "part": self.name, **self.parts[self.name]}), flush=True)


def build_store(location: str, ids: list[str], texts: DiskTexts, meta: dict, positions: np.ndarray,
                fp, story_index, options) -> dict:  # type: ignore[no-untyped-def]
    """A store with N articles and their incremental state, each kind written in one bulk call.

    ``positions``: the corpus position (index into ``meta``) of each stored article.
    """
    from storytrace.dedup.lsh import band_keys
    from storytrace.dedup.near import lsh_banding
    from storytrace.incremental import index_models
    from storytrace.models import Article
    from storytrace.store import open_store

    signature_model, bucket_model = index_models(options)
    bands, rows = lsh_banding(options.dedup)
    parts: dict = {}
    at = positions.tolist()
    with open_store(location) as store:
        with Part(parts, "articles", location):
            store.add_articles(Article.from_raw(ids[i], f"synthetic/{ids[i]}.txt", texts[i], title=meta["title"][at[i]],
                                                outlet=meta["outlet"][at[i]], published=meta["published"][at[i]])
                               for i in range(len(ids)))
        with Part(parts, "buckets", location):
            # Buckets as link_new_articles writes them: the exact hash, then one per band; empty texts stay out.
            live = np.flatnonzero(fp.sizes > 0)
            quoted = [json.dumps(i).encode() for i in ids]  # each id once, not once per band (~95 times)
            exact: dict[str, list[int]] = {}
            for i in live.tolist():
                key = f"x:{int(fp.exact[i][0]):016x}{int(fp.exact[i][1]):016x}"
                exact.setdefault(key, []).append(i)
            bucket_rows = len(exact)

            def members_json(rows: list[int]) -> bytes:
                return b"[" + b", ".join(quoted[m] for m in rows) + b"]"

            def rows_of_bands():  # type: ignore[no-untyped-def]
                nonlocal bucket_rows
                for band in range(bands):
                    keys = band_keys(fp.signatures[live], band, rows)
                    order = np.argsort(keys, kind="stable")
                    sorted_keys = keys[order]
                    cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
                    starts = np.concatenate([[0], cuts]).tolist()
                    stops = np.concatenate([cuts, [len(order)]]).tolist()
                    members = live[order].tolist()
                    key_list = sorted_keys.tolist()
                    bucket_rows += len(starts)
                    yield from ((f"{band:02x}{key_list[a]:016x}", members_json(members[a:b])) for a, b in zip(starts, stops))
                yield from ((k, members_json(v)) for k, v in sorted(exact.items()))

            # One call, rows in key order (bands, then the exact hashes): the table's B-tree only appends.
            store.save_vectors(bucket_model, rows_of_bands())
        with Part(parts, "signatures", location):
            store.save_vectors(signature_model, ((ids[i], fp.exact[i].astype("<u8").tobytes()
                                                  + fp.signatures[i].astype("<u4").tobytes())
                                                 for i in sorted(range(len(ids)), key=ids.__getitem__)))
        if story_index is not None:  # None: added later (see --store-first)
            save_index(store, story_index, parts, location)
    return {"parts": parts, "bucket_rows": bucket_rows, "store_mb": round(os.path.getsize(location) / 2**20)}


def save_index(store, story_index, parts: dict, location: str) -> None:  # type: ignore[no-untyped-def]
    """The story index into the store, timed as the ``story_index`` part."""
    from storytrace.incremental import save_story_index

    with Part(parts, "story_index", location):
        try:
            save_story_index(store, story_index)
        except Exception as error:  # noqa: BLE001 - reported, not hidden
            parts["story_index_error"] = f"{type(error).__name__}: {error}"


def add_new(location: str, path: Path) -> dict:
    import storytrace
    from storytrace.settings import DedupOptions, Options, StoryOptions

    options = Options(workers=1, executor="serial", quotes=False, dedup=DedupOptions(workers=1),
                      stories=StoryOptions(embeddings=False))
    analysis = storytrace.analyze([path], options=options, store=location)
    return {"articles": len(analysis.articles), "rejected": len(analysis.rejected),
            "linked": analysis.stats.get("incremental", {}), "stories_touched": len(analysis.stories)}


def _split(meta: dict, size: int, new: int, dates: str) -> tuple[np.ndarray, np.ndarray]:
    """Corpus positions of the stored articles (in generation order) and of the new ones."""
    total = size + new
    if dates == "spread":
        return np.arange(size), np.arange(size, total)
    by_date = sorted(range(total), key=lambda i: (meta["published"][i], i))
    return np.sort(np.asarray(by_date[:size], dtype=np.int64)), np.asarray(by_date[size:], dtype=np.int64)


class Kept:
    """What ``--keep DIR`` holds between runs: one file per finished step, checked against the options."""

    def __init__(self, folder: Path, key: dict) -> None:
        self.folder, self.key = folder, key
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / "key.json"
        if marker.exists() and json.loads(marker.read_text()) != key:
            raise SystemExit(f"{folder} holds a run with other options ({marker.read_text()}); use another --keep folder")
        marker.write_text(json.dumps(key))

    def record(self, step: str) -> dict | None:
        path = self.folder / f"{step}.json"
        return json.loads(path.read_text()) if path.exists() else None

    def done(self, step: str, record: dict) -> None:
        (self.folder / f"{step}.json").write_text(json.dumps(record))


def _clear(location: str) -> None:
    for path in (location, location + "-wal", location + "-shm"):
        if os.path.exists(path):
            os.remove(path)


def _reused(record: dict) -> None:
    print(json.dumps({**record, "reused": True}), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 articles")
    parser.add_argument("--new", type=int, default=1_000)
    parser.add_argument("--new-dates", choices=("latest", "spread"), default="latest",
                        help="add the latest articles by date (default) or the last generated (any date)")
    parser.add_argument("--batch", type=int, default=50_000, help="articles per clustering call (in date order)")
    parser.add_argument("--no-store", action="store_true", help="skip the store and the incremental steps")
    parser.add_argument("--tmp", default=None, help="folder for the corpus and stores (default: a temp dir)")
    parser.add_argument("--keep", default=None, help="keep the corpus, fingerprints and story index here, and reuse them")
    parser.add_argument("--keep-store", action="store_true", help="with --keep: keep the built store too, and reuse it")
    parser.add_argument("--stop-after", choices=("stories", "store_build"), default=None,
                        help="stop after this step (with --keep: resume later)")
    parser.add_argument("--store-first", action="store_true",
                        help="with --keep-store: build the store (all but the story index) right after the dedup "
                             "step and stop; a later run adds the index (lets the build run beside the clustering)")
    args = parser.parse_args(argv)
    size = 20_000 if args.quick else args.size
    if not SOURCE.exists():
        print(f"{SOURCE} is missing: this benchmark needs ../shared/eval", file=sys.stderr)
        return 2
    if args.keep:
        return run(Path(args.keep), args, size)
    with tempfile.TemporaryDirectory(dir=args.tmp, prefix="bench-scale-") as tmp:
        return run(Path(tmp), args, size)


def run(folder: Path, args: argparse.Namespace, size: int) -> int:
    from storytrace.dedup import (
        Fingerprints,
        SearchStats,
        duplicates_of_texts,
        fingerprints,
        worker_pool,
    )
    from storytrace.models import Article
    from storytrace.settings import DedupOptions, Options, StoryOptions
    from storytrace.stories import StoryIndex, find_stories
    from storytrace.stories.embed import embed_articles, load_model

    kept = Kept(folder, {"size": size, "new": args.new, "new_dates": args.new_dates, "batch": args.batch}) \
        if args.keep else None
    record = kept.record("corpus") if kept else None
    if record is None:
        with Step("corpus", articles=size) as step:
            corpus = SyntheticCorpus(size + args.new)
            texts_all, meta = write_corpus(corpus, folder)
            np.save(folder / "ends.npy", texts_all.ends)
            (folder / "meta.json").write_text(json.dumps(meta))
            stored, new = _split(meta, size, args.new, args.new_dates)
            step.record.update(injected_copies=sum(1 for i in stored.tolist() if meta["copy_of"][i]),
                               corpus_mb=round(int(texts_all.ends[-1]) / 2**20))
        if kept:
            kept.done("corpus", step.record)
    else:
        _reused(record)
        texts_all = DiskTexts(folder / "texts.bin", np.load(folder / "ends.npy"))
        meta = json.loads((folder / "meta.json").read_text())
        stored, new = _split(meta, size, args.new, args.new_dates)
    ids = [SyntheticCorpus.id(i) for i in stored.tolist()]
    texts = texts_all.subset(stored)
    stored_set = set(ids)
    copies = [(SyntheticCorpus.id(i), c) for i, c in enumerate(meta["copy_of"]) if c and SyntheticCorpus.id(i) in stored_set]

    dedup = DedupOptions(workers=2)
    record = kept.record("dedup") if kept else None
    if record is None:
        with Step("dedup", articles=size) as step:
            stats = SearchStats()
            with worker_pool(dedup, size) as pool:
                fp = fingerprints(texts, dedup, pool)
                duplicates = duplicates_of_texts(ids, texts, dedup, fp=fp, stats=stats, pool=pool)
                step.workers_cpu, step.workers_peak = _pool_usage(pool)
            step.record.update(score(duplicates, copies), candidates=stats.candidates)
        if kept:
            np.savez(folder / "fingerprints.npz", exact=fp.exact, sizes=fp.sizes, signatures=fp.signatures)
            (folder / "duplicates.json").write_text(json.dumps([[d.a, d.b] for d in duplicates]))
            kept.done("dedup", step.record)
    else:
        _reused(record)
        with np.load(folder / "fingerprints.npz") as arrays:
            fp = Fingerprints(arrays["exact"], arrays["sizes"], arrays["signatures"])
        duplicates = None

    location = str(folder / "large.db")
    if args.store_first:
        if not (kept and args.keep_store):
            raise SystemExit("--store-first needs --keep and --keep-store")
        _clear(location)
        with Step("store_build", articles=size) as step:
            step.record.update(build_store(location, ids, texts, meta, stored, fp, None, Options()))
        kept.done("store_build", step.record)
        return 0

    record = kept.record("stories") if kept else None
    if record is None:
        if duplicates is None:
            from storytrace.models import Duplicate

            duplicates = [Duplicate(a, b, "near", 1.0, 1.0) for a, b in json.loads((folder / "duplicates.json").read_text())]
        at = stored.tolist()
        with Step("stories", articles=size, embeddings=False, batch=min(args.batch, size)) as step:
            # In date order, a batch at a time through the incremental index (as a store grows): one call
            # over a million articles would hold ~25 KB of per-cluster state per article (~25 GB).
            order = sorted(range(size), key=lambda i: (meta["published"][at[i]], i))
            index, sample, batch_walls = None, None, []
            for start in range(0, size, args.batch):
                began = time.perf_counter()
                part = [Article.from_raw(ids[i], ids[i], " ".join(texts[i].split()[:CLUSTER_WORDS]),
                                         title=meta["title"][at[i]], outlet=meta["outlet"][at[i]],
                                         published=meta["published"][at[i]]) for i in order[start:start + args.batch]]
                index = find_stories(part, duplicates, [], None, StoryOptions(embeddings=False), index=index).index
                sample = sample or part[:1000]
                batch_walls.append(round(time.perf_counter() - began, 1))
            sizes = sorted(Counter(index.story).values(), reverse=True)
            step.record.update(stories=len(sizes), largest=sizes[:5], batch_wall_s=batch_walls,
                               articles_in_multi_article_stories=sum(s for s in sizes if s > 1))
        del duplicates
        if kept:
            (folder / "story_index.npz").write_bytes(index.to_bytes())
            kept.done("stories", step.record)

        story_options = StoryOptions()
        load_model(story_options.embed_max_tokens)
        with Step("embed_cost", articles=1000) as step:
            embed_articles(sample[:1000], lead_words=story_options.embed_lead_words,
                           max_seq_length=story_options.embed_max_tokens, cache=None)
        per = step.record["wall_s"] / 1000
        print(json.dumps({"bench": "scale", "step": "embed_estimate", "seconds_per_article": round(per, 5),
                          "cpu_seconds_per_article": round(step.record["cpu_s"] / 1000, 5),
                          f"estimated_wall_s_for_{size}": round(per * size)}), flush=True)
        del sample
    else:
        _reused(record)
        del duplicates
        index = None
    if args.no_store or args.stop_after == "stories":
        return 0

    record = kept.record("store_build") if kept and args.keep_store and os.path.exists(location) else None
    if record is None:
        _clear(location)
        if index is None:
            index = StoryIndex.from_bytes((folder / "story_index.npz").read_bytes())
        with Step("store_build", articles=size) as step:
            step.record.update(build_store(location, ids, texts, meta, stored, fp, index, Options()))
        if kept and args.keep_store:
            kept.done("store_build", step.record)
    elif "story_index" not in record["parts"]:  # built with --store-first: the index goes in now
        if index is None:
            index = StoryIndex.from_bytes((folder / "story_index.npz").read_bytes())
        from storytrace.store import open_store

        with open_store(location) as store:
            save_index(store, index, record["parts"], location)
        record["store_mb"] = round(os.path.getsize(location) / 2**20)
        kept.done("store_build", record)  # type: ignore[union-attr]
        _reused(record)
    else:
        _reused(record)
    del fp, index
    if args.stop_after == "store_build":
        return 0
    new_path = folder / "new.jsonl"
    with open(new_path, "w", encoding="utf-8") as out:
        out.writelines(json.dumps({"id": SyntheticCorpus.id(i), "text": texts_all[i], "title": meta["title"][i],
                                   "outlet": meta["outlet"][i], "published": meta["published"][i]}) + "\n"
                       for i in new.tolist())
    from storytrace.incremental import load_story_index
    from storytrace.store import open_store

    with open_store(location) as store, Step("story_index_load", stored=size) as step:
        loaded = load_story_index(store)
        step.record["rows"] = None if loaded is None else len(loaded)
        del loaded
    copies_of_stored = sum(1 for i in new.tolist() if (c := meta["copy_of"][i]) and c in stored_set)
    dates = sorted(meta["published"][i] for i in new.tolist())
    # The store is copied first when it is kept, so the add can be timed again on the same store.
    target = location
    if kept and args.keep_store:
        target = str(folder / "large-add.db")
        shutil.copyfile(location, target)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(target + suffix):
                os.remove(target + suffix)
    with Step(f"add_{args.new}", stored=size, new=args.new, copies_of_stored=copies_of_stored,
              new_dates=[dates[0], dates[-1]]) as step:
        step.record.update(add_new(target, new_path))
    empty = folder / "empty.db"
    for path in (empty, Path(f"{empty}-wal"), Path(f"{empty}-shm")):
        path.unlink(missing_ok=True)
    with Step(f"add_{args.new}_empty", stored=0, new=args.new) as step:
        step.record.update(add_new(str(empty), new_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
