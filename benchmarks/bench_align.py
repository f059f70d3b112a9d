"""Speed of reuse detection: the seed corpus end to end, and pairs aligned per second per core.

1. **Seeds**: :func:`storytrace.reuse.find_reuse` on the five seed articles
   (004 repaired by the print-repair stage when it is available), best of five
   runs. Goal: under 1 s (passim needs about 23 s on them, most of it JVM and
   Spark start-up).
2. **Larger set**: real AllSides articles plus injected copies (the evaluation's
   own sample, see ``evaluation/reuse_eval.py``), given raw (no cleaning, so
   template text adds candidate pairs too). Timed stage by stage in one process,
   in CPU seconds (``time.process_time``) so that a busy machine does not skew
   the per-core rate; ``pairs_per_second`` is candidate pairs taken through
   alignment, kinds, attribution, direction and edits per CPU second. Goal: >= 200.
   The seed timing is wall-clock.

Prints one JSON line. ``--quick`` uses a smaller set.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "evaluation"))

import reuse_eval  # noqa: E402

from storytrace.models import Article  # noqa: E402
from storytrace.reuse import find_reuse  # noqa: E402
from storytrace.reuse.candidates import build_postings, find_candidates  # noqa: E402
from storytrace.reuse.edits import load_labels  # noqa: E402
from storytrace.reuse.lineage import build_lineage  # noqa: E402
from storytrace.reuse.pair import analyse_pair  # noqa: E402
from storytrace.reuse.templates import template_ngrams  # noqa: E402
from storytrace.reuse.tokens import make_docs  # noqa: E402
from storytrace.settings import ReuseOptions  # noqa: E402

SEEDS = reuse_eval.SHARED / "corpus" / "seeds"


def seed_articles() -> list[Article]:
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        key = path.name[:3]
        meta = {"000": {"outlet": "Newsweek"}, "001": {"credit": "Newsweek"}}.get(key, {})
        article = Article.from_raw(key, path.name, path.read_text(encoding="utf-8"), **meta)
        if key == "004":
            try:
                from storytrace.ingest.print_repair import RepairPrint

                out = RepairPrint().process(article)
                article = out[0] if isinstance(out, list) else out
            except (ImportError, NotImplementedError):
                pass
        articles.append(article)
    return articles


def bench_seeds(runs: int = 5) -> dict:
    articles = seed_articles()
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        reuse, edits, lineage = find_reuse(articles, [], ReuseOptions())
        best = min(best, time.perf_counter() - started)
    return {"seeds_seconds": round(best, 4), "seeds_reuse_pairs": len(reuse), "seeds_lineage_edges": len(lineage)}


def bench_pairs(n_real: int, n_copies: int) -> dict:
    records = reuse_eval.load_records(limit=6000)
    articles, _ = reuse_eval.build_sample(records, n_copies, n_real, seed=3)
    options = ReuseOptions()
    clock = time.process_time  # CPU seconds of this process: a per-core rate even on a busy machine
    t0 = clock()
    docs = make_docs(articles)
    t1 = clock()
    postings = build_postings(docs, options)
    templates = template_ngrams(docs, postings, options)
    candidates = find_candidates(docs, options, (), postings)
    t2 = clock()
    lexicon = load_labels(options.labels_path)
    results = []
    for c in candidates:
        r = analyse_pair(docs[c.a], docs[c.b], c.seeds_a, c.seeds_b, options, lexicon, templates)
        if r is not None:
            results.append(r)
    t3 = clock()
    build_lineage(results, options)
    t4 = clock()
    words = sum(len(d) for d in docs)
    return {
        "articles": len(articles),
        "words": words,
        "candidate_pairs": len(candidates),
        "reuse_pairs": len(results),
        "tokenize_seconds": round(t1 - t0, 3),
        "candidates_seconds": round(t2 - t1, 3),
        "align_seconds": round(t3 - t2, 3),
        "lineage_seconds": round(t4 - t3, 3),
        "pairs_per_second": round(len(candidates) / max(t3 - t2, 1e-9), 1),
        "words_per_second_tokenize": round(words / max(t1 - t0, 1e-9)),
    }


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    record = {"bench": "align", "quick": quick, "cpu_count": os.cpu_count()}
    if SEEDS.exists():
        record.update(bench_seeds())
    if reuse_eval.CORPUS.exists():
        record.update(bench_pairs(*((400, 100) if quick else (3000, 600))))
    print(json.dumps(record))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
