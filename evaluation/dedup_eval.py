"""Duplicate detection scored on real articles with injected syndicated copies.

Runs :func:`storytrace.dedup.find_duplicates` on a benchmark folder written by
``evaluation/make_reuse_benchmark.py`` (articles built with
``Article.from_raw`` from the ``text`` field: no other ingest stage) and scores
the reported pairs.

Ground truth
    *positives*: every injected copy with its source, and real pairs the generator's
    exhaustive scan labelled ``duplicate``; positives are closed transitively into
    *families* (a source, its copies, its real duplicates). *Excluded*: pairs
    between two families joined by a real pair labelled ``partial`` (shared wire
    paragraphs or boilerplate: neither a clear copy nor independent).
Precision
    a reported pair (exact or near) inside one family is correct, one between
    excluded families is not scored, any other is a false positive (e.g. two
    outlets' own reports of the same event).
Recall
    a labelled copy is found when the detector reports it with its source: the
    same exact group, or a near pair between the two exact groups' first members.
    Reported overall, by edit type, by the label's containment bucket
    (>= 0.9, 0.8-0.9, 0.6-0.8, < 0.6) and, for containment >= 0.8, by the copy's
    length relative to its source (copies under ``min_length_ratio`` are not
    duplicates by definition, and are counted as misses). The bar: precision >= 0.98
    and recall >= 0.97 for copies with containment >= 0.8.

Usage::

    python evaluation/make_reuse_benchmark.py --out /tmp/storytrace-reuse-benchmark
    python evaluation/dedup_eval.py --bench /tmp/storytrace-reuse-benchmark [--json out.json]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

from storytrace.dedup import SearchStats, duplicates_of_texts, fingerprints
from storytrace.models import Article, Duplicate
from storytrace.settings import DedupOptions

HERE = Path(__file__).resolve().parent
BUCKETS = [(">=0.9", 0.9, 2.0), ("0.8-0.9", 0.8, 0.9), ("0.6-0.8", 0.6, 0.8), ("<0.6", -1.0, 0.6)]
#: Copies by length relative to their source (DedupOptions.min_length_ratio is 0.3 by default).
RATIO_BUCKETS = [(">=0.5", 0.5, 2.0), ("0.3-0.5", 0.3, 0.5), ("<0.3", -1.0, 0.3)]


def generator():  # type: ignore[no-untyped-def]
    """The benchmark generator module (``evaluation/`` is not a package)."""
    spec = importlib.util.spec_from_file_location("make_reuse_benchmark", HERE / "make_reuse_benchmark.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules.setdefault("make_reuse_benchmark", module)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


class _Families:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def detect(articles: list[dict], options: DedupOptions) -> tuple[list[Duplicate], dict]:
    """Run duplicate detection the way a user would, timing it."""
    arts = [Article.from_raw(r["id"], r["id"], r["text"]) for r in articles]
    stats = SearchStats()
    started = time.perf_counter()
    texts = [a.text for a in arts]
    fp = fingerprints(texts, options)
    fingerprinted = time.perf_counter()
    dups = duplicates_of_texts([a.id for a in arts], texts, options, fp=fp, stats=stats)
    done = time.perf_counter()
    timing = {
        "articles": len(arts),
        "seconds": round(done - started, 2),
        "fingerprint_seconds": round(fingerprinted - started, 2),
        "articles_per_second": round(len(arts) / max(done - started, 1e-9)),
        "candidates": stats.candidates,
        "plausible": stats.plausible,
        "bands": stats.bands,
        "rows": stats.rows,
        "lsh_threshold": round(stats.threshold, 4),
    }
    return dups, timing


def score(dups: list[Duplicate], labels: list[dict], real_pairs: list[dict]) -> dict:
    """Precision and recall of reported pairs against the labels (see the module docstring)."""
    fam = _Families()
    for lab in labels:
        fam.union(lab["source_id"], lab["copy_id"])
    real_dups = [p for p in real_pairs if p["kind"] == "duplicate"]
    for p in real_dups:
        fam.union(p["a"], p["b"])
    excluded = {frozenset((fam.find(p["a"]), fam.find(p["b"]))) for p in real_pairs if p["kind"] == "partial"}

    canonical: dict[str, str] = {}
    for d in dups:
        if d.kind == "exact":
            canonical[d.b] = d.a
    near = {frozenset((d.a, d.b)) for d in dups if d.kind == "near"}

    def canon(x: str) -> str:
        return canonical.get(x, x)

    def found(a: str, b: str) -> bool:
        ca, cb = canon(a), canon(b)
        return ca == cb or frozenset((ca, cb)) in near

    tp = fp = skipped = 0
    false_positives = []
    for d in dups:
        fa, fb = fam.find(d.a), fam.find(d.b)
        if fa == fb:
            tp += 1
        elif fa != fb and frozenset((fa, fb)) in excluded:
            skipped += 1
        else:
            fp += 1
            false_positives.append({"a": d.a, "b": d.b, "kind": d.kind, "jaccard": round(d.similarity, 3),
                                    "containment": round(d.containment, 3)})

    def recall(items: list[dict]) -> dict:
        hit = sum(1 for lab in items if found(lab["source_id"], lab["copy_id"]))
        return {"n": len(items), "found": hit, "recall": round(hit / len(items), 4) if items else None}

    by_edit: dict[str, list[dict]] = defaultdict(list)
    for lab in labels:
        for e in lab["edit_types"]:
            by_edit[e].append(lab)
    by_bucket = {name: [lab for lab in labels if lo <= lab["containment"] < hi] for name, lo, hi in BUCKETS}
    at_least_08 = [lab for lab in labels if lab["containment"] >= 0.8]
    real_found = sum(1 for p in real_dups if found(p["a"], p["b"]))
    missed = [
        {k: lab[k] for k in ("copy_id", "source_id", "edit_types", "containment", "jaccard", "length_ratio")}
        for lab in at_least_08 if not found(lab["source_id"], lab["copy_id"])
    ]
    return {
        "reported": {"pairs": len(dups), "exact": sum(d.kind == "exact" for d in dups), "near": len(near)},
        "precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "true_positives": tp,
        "false_positives": fp,
        "not_scored": skipped,
        "recall_all": recall(labels),
        "recall_containment_0.8": recall(at_least_08),
        "recall_by_bucket": {name: recall(items) for name, items in by_bucket.items()},
        "recall_by_edit": {name: recall(items) for name, items in sorted(by_edit.items())},
        "recall_containment_0.8_by_length_ratio": {
            name: recall([lab for lab in at_least_08 if lo <= lab["length_ratio"] < hi]) for name, lo, hi in RATIO_BUCKETS
        },
        "recall_real_duplicates": {"n": len(real_dups), "found": real_found},
        "false_positive_examples": false_positives[:20],
        "missed_containment_0.8": missed[:20],
    }


def evaluate(folder: Path, options: DedupOptions | None = None) -> dict:
    """Detect and score on one benchmark folder."""
    articles, labels, real_pairs, manifest = generator().read_benchmark(folder)
    dups, timing = detect(articles, options or DedupOptions())
    result = score(dups, labels, real_pairs)
    result["timing"] = timing
    result["benchmark"] = manifest
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score duplicate detection on a reuse benchmark folder.")
    parser.add_argument("--bench", type=Path, default=Path("/tmp/storytrace-reuse-benchmark"))
    parser.add_argument("--json", type=Path, default=None, help="also write the result here")
    parser.add_argument("--workers", type=int, default=0, help="DedupOptions.workers (0: one per core)")
    args = parser.parse_args(argv)
    if not (args.bench / "manifest.json").exists():
        print(f"{args.bench} has no benchmark; build one with evaluation/make_reuse_benchmark.py --out {args.bench}",
              file=sys.stderr)
        return 2
    result = evaluate(args.bench, DedupOptions(workers=args.workers))
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
