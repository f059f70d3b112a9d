"""Near-duplicate detection: storytrace against datasketch and text-dedup, and a growth run.

One run, one corpus, one machine. The corpus is the labelled reuse benchmark
(``evaluation/make_reuse_benchmark.py``: 20,000 real articles + 2,000 injected
copies), built into ``benchmarks/results/dedup-benchmark/`` when missing.
Every tool runs in its own subprocess (``--run NAME``) so peak memory is its own.

Tools (``num_perm`` and shingles as storytrace's defaults: 192 values, 5-word shingles):

``storytrace``
    ``find_duplicates`` end to end from clean text (2 worker processes).
``datasketch-0.5``
    datasketch ``MinHash`` on the *same shingle hashes* (their low 32 bits),
    ``MinHashLSH(threshold=0.5)`` (storytrace's Jaccard rule), every LSH hit
    reported, as datasketch is normally used; MinHashes computed in 2 processes.
``datasketch-verified``
    the same with ``threshold`` = storytrace's LSH threshold (0.2264, what
    containment needs) and storytrace's exact verification of the hits: the same
    decisions as storytrace, so the difference is the index and the signatures.
``text-dedup-0.5``
    text-dedup 0.4.0's MinHash CLI (``python -m text_dedup.minhash``, its own
    tokenizer and 5-grams, ``--threshold 0.5 --num_perm 192 --num_proc 2``) on the
    corpus as a JSON Lines dataset; its union-find clusters are read back from its
    ``--debug`` dump and every pair inside a cluster counts as reported. Its time
    includes loading the dataset and writing the deduplicated copy, which is how it runs.

Figures: seconds, articles/s, CPU seconds (all processes), peak RSS (largest
process), index bytes per article, pair precision and recall (as in
``evaluation/dedup_eval.py``), and ratios storytrace / peer.

Also printed: the CPU cost of each per-article step (``--run profile``) and the
estimate error and cost of storytrace's one permutation MinHash against classic
k-permutation MinHash on the same sets (``--run minhash``).

Growth (``--growth 10000,100000,1000000``): storytrace alone on the benchmark
articles plus cheap variants: variant ``f`` of an article is its text through
letter substitution cipher ``f`` (same lengths and word structure, no shingle in
common with other variants), so duplicates stay those of the base corpus.

Usage::

    .venv-bench/bin/python benchmarks/bench_dedup.py                    # peers + growth 10k, 100k
    .venv-bench/bin/python benchmarks/bench_dedup.py --growth 10000,100000,1000000
    .venv-bench/bin/python benchmarks/bench_dedup.py --quick            # small corpus, growth 10k
    .venv-bench/bin/python benchmarks/bench_dedup.py --run growth --size 1000000 --bench benchmarks/results/dedup-benchmark

Timings depend on what else the machine runs: every record carries the load
average before and after, and CPU seconds of all processes involved.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import pickle
import random
import resource
import shutil
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_BENCH = HERE / "results" / "dedup-benchmark"
TOOLS = ["storytrace", "datasketch-0.5", "datasketch-verified", "text-dedup-0.5"]


def _load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, REPO / "evaluation" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _cpu() -> float:
    """CPU seconds of this process and of its children that have exited."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _status_kb(pid: int | str, field: str) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> int:
    """Reset this process's peak RSS (Linux ``clear_refs``); returns the current RSS in KB."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
    except OSError:
        pass
    return _status_kb("self", "VmRSS")


def _children_peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def _load_avg() -> float:
    return round(os.getloadavg()[0], 2)


def _pool_usage(pool) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(CPU seconds, largest peak RSS in MB) of the worker processes of a storytrace pool so far.

    They are children of the forkserver, not of this process, so ``RUSAGE_CHILDREN``
    misses them; read ``/proc`` before the pool closes.
    """
    if pool is None:
        return 0.0, 0.0
    total, peak = 0.0, 0
    for pid in list(pool._pool._processes):  # noqa: SLF001 - benchmark accounting only
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
        peak = max(peak, _status_kb(pid, "VmHWM"))
    return total, round(peak / 1024, 1)


# ---------------------------------------------------------------- tools (each runs in its own process)


def run_storytrace(articles: list[dict]) -> tuple[list, dict]:
    from storytrace.dedup import SearchStats, duplicates_of_texts, fingerprints, worker_pool
    from storytrace.models import Article
    from storytrace.settings import DedupOptions

    options = DedupOptions(workers=2)
    arts = [Article.from_raw(r["id"], r["id"], r["text"]) for r in articles]
    stats = SearchStats()
    cpu = _cpu()
    started = time.perf_counter()
    texts = [a.text for a in arts]
    with worker_pool(options, len(texts)) as pool:
        fp = fingerprints(texts, options, pool)
        dups = duplicates_of_texts([a.id for a in arts], texts, options, fp=fp, stats=stats, pool=pool)
        worker_cpu, worker_peak = _pool_usage(pool)
    seconds = time.perf_counter() - started
    return dups, {
        "seconds": seconds,
        "cpu": _cpu() - cpu + worker_cpu,
        "workers_peak_mb": worker_peak,
        "index_bytes_per_article": round(fp.nbytes / len(arts), 1),
        "lsh": f"{stats.bands} bands x {stats.rows} rows (threshold {stats.threshold:.4f})",
        "candidates": stats.candidates,
        "verified": stats.plausible,
    }


def _datasketch_minhashes(chunk: list[str]) -> list:
    from datasketch import LeanMinHash, MinHash

    from storytrace.dedup.shingles import text_shingles

    out = []
    for text in chunk:
        shingles = text_shingles(text, 5) & 0xFFFFFFFF  # the same shingles, as 32-bit values
        m = MinHash(num_perm=192, hashfunc=int)
        m.update_batch(shingles.tolist())
        out.append(LeanMinHash(m))
    return out


def run_datasketch(articles: list[dict], verified: bool) -> tuple[list, dict]:
    import multiprocessing as mp
    import tracemalloc

    from datasketch import MinHashLSH

    from storytrace.dedup.near import lsh_threshold, verify_chunk
    from storytrace.models import Duplicate
    from storytrace.settings import DedupOptions

    import numpy as np

    options = DedupOptions()
    threshold = lsh_threshold(options) if verified else 0.5
    texts = [r["text"] for r in articles]
    ids = [r["id"] for r in articles]
    cpu = _cpu()
    started = time.perf_counter()
    chunks = [texts[i : i + 500] for i in range(0, len(texts), 500)]
    with mp.get_context("fork").Pool(2) as pool:
        minhashes = [m for part in pool.imap(_datasketch_minhashes, chunks) for m in part]
    lsh = MinHashLSH(threshold=threshold, num_perm=192)
    with lsh.insertion_session() as session:
        for i, m in enumerate(minhashes):
            session.insert(i, m)
    pairs = set()
    for i, m in enumerate(minhashes):
        for j in lsh.query(m):
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    pairs_arr = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    dups = []
    if verified:
        for i, j, jac, con in verify_chunk(pairs_arr, texts, options):
            a, b = sorted((ids[i], ids[j]))
            dups.append(Duplicate(a, b, "near", jac, con))
    else:
        for i, j in pairs_arr.tolist():
            a, b = sorted((ids[i], ids[j]))
            dups.append(Duplicate(a, b, "near", float(minhashes[i].jaccard(minhashes[j])), 0.0))
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu
    workers_peak = _children_peak_mb()
    # Index size: the LSH tables for the first 5,000 articles, measured apart from the timed run.
    sample = minhashes[:5000]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    probe = MinHashLSH(threshold=threshold, num_perm=192)
    for i, m in enumerate(sample):
        probe.insert(i, m)
    index_bytes = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    return dups, {
        "seconds": seconds,
        "cpu": cpu,
        "workers_peak_mb": workers_peak,
        "index_bytes_per_article": round(index_bytes / len(sample), 1),
        "lsh": f"{lsh.b} bands x {lsh.r} rows (threshold {threshold:.4f})",
        "candidates": len(pairs),
    }


def run_text_dedup(articles: list[dict], bench: Path) -> tuple[list, dict]:
    from itertools import combinations

    from storytrace.models import Duplicate

    work = Path(tempfile.mkdtemp(prefix="text-dedup-"))
    try:
        # Only id and text: Arrow cannot type the corpus's mixed date formats ("2017-01-11", "4/4/17").
        data = work / "articles.jsonl"
        with open(data, "w", encoding="utf-8") as f:
            for r in articles:
                f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
        cpu = _cpu()
        started = time.perf_counter()
        command = [
            sys.executable, "-m", "text_dedup.minhash", "--path", "json",
            "--data_files", str(data), "--split", "train", "--cache_dir", str(work / "cache"),
            "--output", str(work / "out"), "--column", "text", "--idx_column", "id", "--num_perm", "192",
            "--ngram", "5", "--threshold", "0.5", "--hash_func", "xxh3", "--num_proc", "2", "--debug",
        ]
        proc = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "HF_DATASETS_OFFLINE": "1"})
        seconds = time.perf_counter() - started
        cpu = _cpu() - cpu
        if proc.returncode != 0:
            raise RuntimeError(proc.stderr[-3000:])
        sys.modules.setdefault("text_dedup.utils.union_find", __import__("text_dedup.utils.union_find").utils.union_find)
        with open(work / "out" / "uf.pkl", "rb") as f:
            uf = pickle.load(f)  # noqa: S301 - the file text-dedup just wrote
        clusters: dict = {}
        for x in list(uf.parent):
            clusters.setdefault(uf.find(x), []).append(x)
        dups = []
        for members in clusters.values():
            for a, b in combinations(sorted(members), 2):
                dups.append(Duplicate(a, b, "near", 0.0, 0.0))
        biggest = max((len(m) for m in clusters.values()), default=0)
        return dups, {"seconds": seconds, "cpu": cpu, "workers_peak_mb": _children_peak_mb(),
                      "index_bytes_per_article": None, "largest_cluster": biggest,
                      "lsh": "text-dedup optimal_param for threshold 0.5"}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_tool(name: str, bench: Path) -> dict:
    evaluation = _load("dedup_eval")
    articles, labels, real_pairs, manifest = _load("make_reuse_benchmark").read_benchmark(bench)
    load_before = _load_avg()
    baseline_kb = _reset_peak()
    if name == "storytrace":
        dups, info = run_storytrace(articles)
    elif name.startswith("datasketch"):
        dups, info = run_datasketch(articles, verified=name.endswith("verified"))
    elif name.startswith("text-dedup"):
        dups, info = run_text_dedup(articles, bench)
    else:
        raise SystemExit(f"unknown tool {name}")
    added_mb = round((_status_kb("self", "VmHWM") - baseline_kb) / 1024, 1)
    scored = evaluation.score(dups, labels, real_pairs)
    n = len(articles)
    cpu = info.pop("cpu")
    seconds = info.pop("seconds")
    return {
        "bench": "dedup-peers",
        "tool": name,
        "articles": n,
        "seconds": round(seconds, 2),
        "articles_per_second": round(n / seconds),
        "cpu_seconds": round(cpu, 1),
        "articles_per_cpu_second": round(n / cpu),
        "main_process_added_peak_mb": added_mb,
        "largest_worker_peak_mb": info.pop("workers_peak_mb"),
        "index_bytes_per_article": info.pop("index_bytes_per_article"),
        "precision": scored["precision"],
        "recall_containment_0.8": scored["recall_containment_0.8"]["recall"],
        "recall_all": scored["recall_all"]["recall"],
        "recall_by_bucket": {k: v["recall"] for k, v in scored["recall_by_bucket"].items()},
        "recall_by_edit": {k: v["recall"] for k, v in scored["recall_by_edit"].items()},
        "reported_pairs": scored["reported"]["pairs"],
        "false_positives": scored["false_positives"],
        "load_average": [load_before, _load_avg()],
        **info,
    }


# ---------------------------------------------------------------- growth


class CipherCorpus(Sequence):
    """``size`` texts: the base texts, then the same texts through letter substitution ciphers."""

    def __init__(self, texts: Sequence[str], ids: Sequence[str], size: int) -> None:
        self.texts, self.base_ids, self.size = texts, ids, size
        self._tables: dict[int, dict[int, int]] = {}

    def __len__(self) -> int:
        return self.size

    def _table(self, family: int) -> dict[int, int]:
        table = self._tables.get(family)
        if table is None:
            rng = random.Random(family)
            lower = list(string.ascii_lowercase)
            rng.shuffle(lower)
            mapping = dict(zip(string.ascii_lowercase, lower)) if family else {}
            mapping.update({k.upper(): v.upper() for k, v in mapping.items()})
            table = self._tables[family] = str.maketrans(mapping)
        return table

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        family, base = divmod(index, len(self.texts))
        text = self.texts[base]
        return text.translate(self._table(family)) if family else text

    def ids(self) -> list[str]:
        n = len(self.texts)
        return [f"{i // n}:{self.base_ids[i % n]}" for i in range(self.size)]


def run_growth(size: int, bench: Path) -> dict:
    from storytrace.dedup import SearchStats, duplicates_of_texts, fingerprints, worker_pool
    from storytrace.settings import DedupOptions

    articles, _, _, _ = _load("make_reuse_benchmark").read_benchmark(bench)
    corpus = CipherCorpus([r["text"] for r in articles], [r["id"] for r in articles], size)
    del articles
    ids = corpus.ids()
    options = DedupOptions(workers=2)
    stats = SearchStats()
    load_before = _load_avg()
    baseline_kb = _reset_peak()
    cpu = _cpu()
    started = time.perf_counter()
    with worker_pool(options, size) as pool:
        fp = fingerprints(corpus, options, pool)
        fingerprinted = time.perf_counter()
        dups = duplicates_of_texts(ids, corpus, options, fp=fp, stats=stats, pool=pool)
        worker_cpu, worker_peak = _pool_usage(pool)
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu + worker_cpu
    return {
        "bench": "dedup-growth",
        "articles": size,
        "seconds": round(seconds, 1),
        "fingerprint_seconds": round(fingerprinted - started, 1),
        "lsh_seconds": round(stats.seconds.get("lsh", 0.0), 1),
        "verify_seconds": round(stats.seconds.get("verify", 0.0), 1),
        "articles_per_second": round(size / seconds),
        "cpu_seconds": round(cpu, 1),
        "articles_per_cpu_second": round(size / cpu),
        "main_process_peak_mb": round(_status_kb("self", "VmHWM") / 1024, 1),
        "main_process_added_peak_mb": round((_status_kb("self", "VmHWM") - baseline_kb) / 1024, 1),
        "largest_worker_peak_mb": worker_peak,
        "index_mb": round(fp.nbytes / 2**20, 1),
        "index_bytes_per_article": round(fp.nbytes / size, 1),
        "candidates": stats.candidates,
        "verified": stats.plausible,
        "pairs": len(dups),
        "load_average": [load_before, _load_avg()],
    }


# ---------------------------------------------------------------- MinHash: one permutation vs k permutations


def _kperm_minhash(shingles, a, b):  # type: ignore[no-untyped-def]
    """Classic MinHash: k universal hashes ``(a*x + b) mod (2**61 - 1)`` of 32-bit values, min per hash."""
    import numpy as np

    x = (shingles & np.uint64(0xFFFFFFFF)).reshape(-1, 1)
    return ((x * a + b) % np.uint64((1 << 61) - 1)).min(axis=0)


def run_minhash_check(bench: Path) -> dict:
    """Estimate error against exact Jaccard, and time per article, of storytrace's one permutation
    hashing with densification and of classic k-permutation MinHash, on the same shingles."""
    import numpy as np

    from storytrace.dedup.minhash import minhash
    from storytrace.dedup.shingles import text_shingles

    k = 192
    rng = np.random.default_rng(7)
    a = rng.integers(1, (1 << 61) - 1, size=k, dtype=np.uint64)
    b = rng.integers(0, (1 << 61) - 1, size=k, dtype=np.uint64)
    errors: dict[str, dict[str, list[float]]] = {"oph": {}, "kperm": {}}
    for size in (30, 100, 300, 1000, 3000):
        for jaccard in (0.25, 0.5, 0.8):
            for trial in range(200):
                shared = round(size * 2 * jaccard / (1 + jaccard))
                pool = rng.integers(0, 2**63, size=shared + 2 * (size - shared), dtype=np.uint64)
                x, y = pool[:size], np.concatenate((pool[:shared], pool[size:]))
                true = shared / (2 * size - shared)
                key = f"{size}/{jaccard}"
                errors["oph"].setdefault(key, []).append(float(np.mean(minhash(x, k, trial) == minhash(y, k, trial))) - true)
                errors["kperm"].setdefault(key, []).append(float(np.mean(_kperm_minhash(x, a, b) == _kperm_minhash(y, a, b))) - true)
    articles, _, _, _ = _load("make_reuse_benchmark").read_benchmark(bench)
    sets = [text_shingles(r["text"], 5) for r in articles[:3000]]
    timing = {}
    for name, fn in (("oph", lambda s: minhash(s, k, 1)), ("kperm", lambda s: _kperm_minhash(s, a, b))):
        started = time.process_time()
        for s_ in sets:
            fn(s_)
        timing[name] = round((time.process_time() - started) / len(sets) * 1e6, 1)
    summary = {
        name: {key: {"bias": round(float(np.mean(v)), 4), "sd": round(float(np.std(v)), 4),
                     "sd_k_independent": round(float(np.sqrt(float(key.split("/")[1]) * (1 - float(key.split("/")[1])) / k)), 4)}
               for key, v in by_key.items()}
        for name, by_key in errors.items()
    }
    return {"bench": "dedup-minhash", "num_perm": k, "us_per_article": timing, "error_by_size_and_jaccard": summary}


def run_profile(bench: Path, n: int = 4000) -> dict:
    """CPU microseconds per article of each per-article step (best of 3, one process)."""
    import xxhash

    from storytrace.dedup.minhash import minhash_and_size
    from storytrace.dedup.shingles import normal_bytes, shingle_hashes, token_hashes
    from storytrace.textnorm import words

    articles, _, _, _ = _load("make_reuse_benchmark").read_benchmark(bench)
    texts = [r["text"] for r in articles[:n]]

    def best(fn, items):  # type: ignore[no-untyped-def]
        out, fastest = None, float("inf")
        for _ in range(3):
            started = time.process_time()
            out = [fn(x) for x in items]
            fastest = min(fastest, time.process_time() - started)
        return round(fastest / len(items) * 1e6, 1), out

    t_norm, normal = best(normal_bytes, texts)
    t_exact, _ = best(lambda b: xxhash.xxh3_128_intdigest(b.tobytes()), normal)
    t_tok, toks = best(token_hashes, normal)
    t_sh, shingles = best(lambda t: shingle_hashes(t, 5), toks)
    t_mh, _ = best(lambda s: minhash_and_size(s, 192, 1), shingles)
    t_words, _ = best(lambda x: [w.norm for w in words(x)], texts[:500])
    return {
        "bench": "dedup-profile",
        "articles": len(texts),
        "mean_words": round(sum(len(t) for t in toks) / len(toks)),
        "us_per_article": {"normal_text": t_norm, "exact_hash": t_exact, "word_hashes": t_tok, "shingles": t_sh,
                           "minhash": t_mh, "total": round(t_norm + t_exact + t_tok + t_sh + t_mh, 1)},
        "textnorm_words_us_per_article": t_words,
        "load_average": _load_avg(),
    }


# ---------------------------------------------------------------- driver


def _child(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True, text=True,
                          cwd=REPO)
    if proc.returncode != 0:
        return {"error": proc.stderr[-2000:], "args": args}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Duplicate detection: storytrace vs peers, and growth.")
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--quick", action="store_true", help="3,000 + 600 corpus, growth 10k only")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--growth", default=None, help="sizes, e.g. 10000,100000,1000000")
    parser.add_argument("--run", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.run == "profile":
        print(json.dumps(run_profile(args.bench)))
        return 0
    if args.run == "minhash":
        print(json.dumps(run_minhash_check(args.bench)))
        return 0
    if args.run == "growth":
        print(json.dumps(run_growth(args.size, args.bench)))
        return 0
    if args.run:
        print(json.dumps(run_tool(args.run, args.bench)))
        return 0

    bench = args.bench if not args.quick or args.bench != DEFAULT_BENCH else DEFAULT_BENCH.with_name("dedup-benchmark-quick")
    if not (bench / "manifest.json").exists():
        real, copies = (3000, 600) if args.quick else (None, 2000)
        _load("make_reuse_benchmark").build(bench, n_real=real, n_copies=copies, seed=7)
    results = {}
    for tool in [t for t in args.tools.split(",") if t]:
        result = _child(["--run", tool, "--bench", str(bench)])
        results[tool] = result
        print(json.dumps(result), flush=True)
    base = results.get("storytrace")
    if base and "error" not in base:
        for tool, peer in results.items():
            if tool == "storytrace" or "error" in peer:
                continue
            ratio = {
                "bench": "dedup-ratio",
                "peer": tool,
                "speed_ratio": round(base["articles_per_second"] / peer["articles_per_second"], 2),
                "cpu_speed_ratio": round(base["articles_per_cpu_second"] / peer["articles_per_cpu_second"], 2),
                "memory_ratio": round(
                    (base["main_process_added_peak_mb"] + base["largest_worker_peak_mb"])
                    / max(peer["main_process_added_peak_mb"] + peer["largest_worker_peak_mb"], 0.1), 2),
            }
            if peer.get("index_bytes_per_article"):
                ratio["index_bytes_ratio"] = round(base["index_bytes_per_article"] / peer["index_bytes_per_article"], 3)
            print(json.dumps(ratio), flush=True)
    print(json.dumps(_child(["--run", "profile", "--bench", str(bench)])), flush=True)
    print(json.dumps(_child(["--run", "minhash", "--bench", str(bench)])), flush=True)
    sizes = args.growth or ("10000" if args.quick else "10000,100000")
    for size in [int(s) for s in sizes.split(",") if s]:
        print(json.dumps(_child(["--run", "growth", "--size", str(size), "--bench", str(bench)])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
