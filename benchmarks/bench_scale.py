"""A million articles: near-duplicates and story clustering, then 1,000 added to the million-article store.

Corpus: ``benchmarks/synth.py`` (recombined sentences of the 20,000 real AllSides
articles, real outlets and dates 2012-2020, ~1% injected edited copies with known
sources), written once to a temp folder and read back lazily, so no step holds
the corpus text unless it says so. Steps, each printed as one JSON line with wall
seconds, CPU seconds (this process + its worker processes) and peak RSS:

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
    in bulk (one transaction per kind, ``executemany``): the article rows, the
    MinHash signatures and LSH buckets from the ``dedup`` step, and the story index.
``add_1000`` / ``add_1000_empty``
    1,000 new synthetic articles (a JSON Lines file; ~1% copies of stored ones)
    through ``storytrace.analyze(..., store=...)`` (serial, quotes off, stories on
    without embeddings) into that store, then into an empty one. ``story_index_load``
    times reading the story index back (the whole blob: O(store)).

Usage::

    python benchmarks/bench_scale.py                  # 1,000,000 articles (about an hour or more)
    python benchmarks/bench_scale.py --size 100000
    python benchmarks/bench_scale.py --quick          # 20,000
"""

from __future__ import annotations

import argparse
import json
import mmap
import multiprocessing as mp
import os
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
    """Texts written one after another to a file, read back by position through ``mmap``."""

    def __init__(self, path: Path, ends: np.ndarray) -> None:
        self._file = open(path, "rb")  # noqa: SIM115 - lives as long as the benchmark
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) if ends[-1] else b""
        self.ends = ends
        self.starts = np.concatenate([[0], ends[:-1]])

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


def build_store(location: str, ids: list[str], texts: DiskTexts, meta: dict, fp, story_index, options) -> dict:  # type: ignore[no-untyped-def]
    """A store with N articles and their incremental state, each kind written in one bulk call."""
    from storytrace.dedup.lsh import band_keys
    from storytrace.dedup.near import lsh_banding
    from storytrace.incremental import index_models, save_story_index
    from storytrace.models import Article
    from storytrace.store import open_store

    signature_model, bucket_model = index_models(options)
    bands, rows = lsh_banding(options.dedup)
    times: dict[str, float] = {}
    with open_store(location) as store:
        started = time.perf_counter()
        store.add_articles(Article.from_raw(ids[i], f"synthetic/{ids[i]}.txt", texts[i], title=meta["title"][i],
                                            outlet=meta["outlet"][i], published=meta["published"][i])
                           for i in range(len(ids)))
        times["articles_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        # Buckets as link_new_articles writes them: the exact hash, then one per band; empty texts stay out.
        live = np.flatnonzero(fp.sizes > 0)
        exact = {}
        for i in live.tolist():
            key = f"x:{int(fp.exact[i][0]):016x}{int(fp.exact[i][1]):016x}"
            exact.setdefault(key, []).append(ids[i])
        store.save_vectors(bucket_model, ((k, json.dumps(v).encode()) for k, v in exact.items()))
        del exact
        bucket_rows = 0
        for band in range(bands):
            keys = band_keys(fp.signatures[live], band, rows)
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            cuts = np.flatnonzero(np.diff(sorted_keys)) + 1
            starts = np.concatenate([[0], cuts]).tolist()
            stops = np.concatenate([cuts, [len(order)]]).tolist()
            members = live[order].tolist()
            key_list = sorted_keys.tolist()
            store.save_vectors(bucket_model, ((f"{band:02x}{key_list[a]:016x}",
                                               json.dumps([ids[m] for m in members[a:b]]).encode())
                                              for a, b in zip(starts, stops)))
            bucket_rows += len(starts)
        times["buckets_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        store.save_vectors(signature_model, ((ids[i], fp.exact[i].astype("<u8").tobytes()
                                              + fp.signatures[i].astype("<u4").tobytes()) for i in range(len(ids))))
        times["signatures_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        try:
            save_story_index(store, story_index)
        except Exception as error:  # noqa: BLE001 - reported, not hidden
            times["story_index_error"] = f"{type(error).__name__}: {error}"
        times["story_index_s"] = round(time.perf_counter() - started, 1)
    times["bucket_rows"] = bucket_rows
    times["store_mb"] = round(os.path.getsize(location) / 2**20)
    return times


def add_new(location: str, path: Path) -> dict:
    import storytrace
    from storytrace.settings import DedupOptions, Options, StoryOptions

    options = Options(workers=1, executor="serial", quotes=False, dedup=DedupOptions(workers=1),
                      stories=StoryOptions(embeddings=False))
    analysis = storytrace.analyze([path], options=options, store=location)
    return {"articles": len(analysis.articles), "rejected": len(analysis.rejected),
            "linked": analysis.stats.get("incremental", {}), "stories_touched": len(analysis.stories)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="20,000 articles")
    parser.add_argument("--new", type=int, default=1_000)
    parser.add_argument("--batch", type=int, default=50_000, help="articles per clustering call (in date order)")
    parser.add_argument("--no-store", action="store_true", help="skip the store and the incremental steps")
    parser.add_argument("--tmp", default=None, help="folder for the corpus and stores (default: a temp dir)")
    args = parser.parse_args(argv)
    size = 20_000 if args.quick else args.size
    if not SOURCE.exists():
        print(f"{SOURCE} is missing: this benchmark needs ../shared/eval", file=sys.stderr)
        return 2

    from storytrace.dedup import (
        SearchStats,
        duplicates_of_texts,
        fingerprints,
        worker_pool,
    )
    from storytrace.models import Article
    from storytrace.settings import DedupOptions, Options, StoryOptions
    from storytrace.stories import find_stories
    from storytrace.stories.embed import embed_articles, load_model

    with tempfile.TemporaryDirectory(dir=args.tmp, prefix="bench-scale-") as tmp:
        folder = Path(tmp)
        with Step("corpus", articles=size) as step:
            corpus = SyntheticCorpus(size + args.new)
            texts_all, meta = write_corpus(corpus, folder)
            step.record.update(injected_copies=sum(1 for c in meta["copy_of"][:size] if c),
                               corpus_mb=round(int(texts_all.ends[-1]) / 2**20))
        ids = [SyntheticCorpus.id(i) for i in range(size)]
        texts = DiskTexts(folder / "texts.bin", texts_all.ends[:size])
        copies = [(SyntheticCorpus.id(i), c) for i, c in enumerate(meta["copy_of"][:size]) if c]

        dedup = DedupOptions(workers=2)
        with Step("dedup", articles=size) as step:
            stats = SearchStats()
            with worker_pool(dedup, size) as pool:
                fp = fingerprints(texts, dedup, pool)
                duplicates = duplicates_of_texts(ids, texts, dedup, fp=fp, stats=stats, pool=pool)
                step.workers_cpu, step.workers_peak = _pool_usage(pool)
            step.record.update(score(duplicates, copies), candidates=stats.candidates)

        with Step("stories", articles=size, embeddings=False, batch=min(args.batch, size)) as step:
            # In date order, a batch at a time through the incremental index (as a store grows): one call
            # over a million articles would hold ~25 KB of per-cluster state per article (~25 GB).
            order = sorted(range(size), key=lambda i: (meta["published"][i], i))
            index, sample, batch_walls = None, None, []
            for start in range(0, size, args.batch):
                began = time.perf_counter()
                part = [Article.from_raw(ids[i], ids[i], " ".join(texts[i].split()[:CLUSTER_WORDS]),
                                         title=meta["title"][i], outlet=meta["outlet"][i],
                                         published=meta["published"][i]) for i in order[start:start + args.batch]]
                index = find_stories(part, duplicates, [], None, StoryOptions(embeddings=False), index=index).index
                sample = sample or part[:1000]
                batch_walls.append(round(time.perf_counter() - began, 1))
            sizes = sorted(Counter(index.story).values(), reverse=True)
            step.record.update(stories=len(sizes), largest=sizes[:5], batch_wall_s=batch_walls,
                               articles_in_multi_article_stories=sum(s for s in sizes if s > 1))
        found = type("Found", (), {"index": index})
        articles = sample

        story_options = StoryOptions()
        _, load_s = load_model(story_options.embed_max_tokens), None
        with Step("embed_cost", articles=1000) as step:
            embed_articles(articles[:1000], lead_words=story_options.embed_lead_words,
                           max_seq_length=story_options.embed_max_tokens, cache=None)
        per = step.record["wall_s"] / 1000
        print(json.dumps({"bench": "scale", "step": "embed_estimate", "seconds_per_article": round(per, 5),
                          "cpu_seconds_per_article": round(step.record["cpu_s"] / 1000, 5),
                          f"estimated_wall_s_for_{size}": round(per * size)}), flush=True)
        del articles, load_s
        if args.no_store:
            return 0

        location = str(folder / "large.db")
        with Step("store_build", articles=size) as step:
            step.record.update(build_store(location, ids, texts, meta, fp, found.index, Options()))
        del fp, found, duplicates
        new_path = folder / "new.jsonl"
        with open(new_path, "w", encoding="utf-8") as out:
            out.writelines(json.dumps({"id": SyntheticCorpus.id(i), "text": texts_all[i], "title": meta["title"][i],
                                      "outlet": meta["outlet"][i], "published": meta["published"][i]}) + "\n" for i in range(size, size + args.new))
        from storytrace.incremental import STORY_INDEX_KEY
        from storytrace.store import open_store
        from storytrace.stories import StoryIndex

        with open_store(location) as store, Step("story_index_load", stored=size) as step:
            blob = store.state(STORY_INDEX_KEY)
            step.record["blob_mb"] = round(len(blob) / 2**20) if blob else None
            if blob:
                StoryIndex.from_bytes(blob)
            del blob
        copies_of_stored = sum(1 for c in meta["copy_of"][size:] if c and int(c[3:]) < size)
        with Step(f"add_{args.new}", stored=size, new=args.new, copies_of_stored=copies_of_stored) as step:
            step.record.update(add_new(location, new_path))
        with Step(f"add_{args.new}_empty", stored=0, new=args.new) as step:
            step.record.update(add_new(str(folder / "empty.db"), new_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
