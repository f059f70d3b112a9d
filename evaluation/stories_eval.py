"""Story clustering scored by B-cubed F1 on AllSides roundups and NewsWCL50.

Data (read from ../shared/eval, never copied):

* ``allsides/roundups.jsonl``: 506 AllSides roundups; each roundup's left /
  centre / right articles (title, outlet, ~90-word body) are one gold story.
  Articles are clustered *from text alone*: no dates (a roundup's date is
  the gold story's, so using it would leak the answer). The roundups are
  split deterministically by a hash of the roundup id into ``train`` (tune
  here) and ``heldout`` (report here; the gate scores it).
* ``newswcl50/1-raw-articles/event_N/N_{LL,L,M,R,RR}.txt``: 10 events x 5
  outlets; each event is one gold story. Scored with the thresholds tuned on
  the roundups' train half only.

B-cubed (Bagga and Baldwin 1998): for each article, precision is the share of
its predicted story that shares its gold story, recall the share of its gold
story that shares its predicted story; both are averaged over articles and
F1 is their harmonic mean.

Usage::

    python evaluation/stories_eval.py                     # held-out roundups + NewsWCL50, default options
    python evaluation/stories_eval.py --split train --tune   # grid over thresholds on the train half
    python evaluation/stories_eval.py --no-embeddings --incremental 100   # also 100 articles per call
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
ROUNDUPS = EVAL / "allsides" / "roundups.jsonl"
NEWSWCL = EVAL / "newswcl50" / "1-raw-articles"
SPLITS = ("train", "heldout")


def split_of(roundup_id: object) -> str:
    """``train`` or ``heldout``, from a hash of the roundup id (stable, independent of file order)."""
    return SPLITS[hashlib.sha256(str(roundup_id).encode("utf-8")).digest()[0] % 2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_roundups(path: Path = ROUNDUPS, split: str | None = None) -> tuple[list, dict[str, str]]:
    """Articles of the roundups of ``split`` (all when None) and their gold story (the roundup id)."""
    from storytrace.models import Article

    articles, gold = [], {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            roundup = json.loads(line)
            if split is not None and split_of(roundup["id"]) != split:
                continue
            for side, news in sorted(roundup["news"].items()):
                body = "\n\n".join(p.strip() for p in news.get("newBody") or [] if p.strip())
                article_id = f"r{roundup['id']}-{side}"
                articles.append(Article.from_raw(article_id, article_id, body, title=news.get("newsTitle") or None,
                                                 outlet=news.get("newsSource") or None))
                gold[article_id] = str(roundup["id"])
    return articles, gold


def load_newswcl(folder: Path = NEWSWCL) -> tuple[list, dict[str, str]]:
    """The 50 NewsWCL50 articles (no titles or dates in the files) and their gold event."""
    from storytrace.models import Article

    articles, gold = [], {}
    for path in sorted(folder.glob("event_*/*.txt")):
        article_id = path.stem
        articles.append(Article.from_raw(article_id, str(path.name), path.read_text(encoding="utf-8")))
        gold[article_id] = path.parent.name
    return articles, gold


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a clustering (article -> cluster) against gold (article -> class)."""
    clusters: dict[str, set[str]] = {}
    classes: dict[str, set[str]] = {}
    for item, label in gold.items():
        clusters.setdefault(predicted.get(item, "\x00" + item), set()).add(item)
        classes.setdefault(label, set()).add(item)
    p = r = 0.0
    for item in gold:
        cluster = clusters[predicted.get(item, "\x00" + item)]
        same = classes[gold[item]]
        both = len(cluster & same)
        p += both / len(cluster)
        r += both / len(same)
    n = len(gold) or 1
    p, r = p / n, r / n
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def cluster(articles: Sequence, options, cache=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Article id -> story id, clustering from scratch (no duplicates, reuse or quotes: text alone)."""
    from storytrace.stories import find_stories

    result = find_stories(list(articles), [], [], None, options, cache=cache)
    return {article: story.id for story in result.stories for article in story.articles}


def evaluate(articles: Sequence, gold: dict[str, str], options, cache=None) -> dict:  # type: ignore[no-untyped-def]
    """Cluster and score, with wall and CPU seconds."""
    started, cpu = time.perf_counter(), time.process_time()
    predicted = cluster(articles, options, cache)
    scores = bcubed(predicted, gold)
    scores.update(articles=len(articles), gold_stories=len(set(gold.values())),
                  stories=len(set(predicted.values())), seconds=round(time.perf_counter() - started, 2),
                  cpu_seconds=round(time.process_time() - cpu, 2))
    return scores


def evaluate_incremental(articles: Sequence, gold: dict[str, str], options, batch: int,
                         cache=None) -> dict:  # type: ignore[no-untyped-def]
    """Cluster ``batch`` articles at a time, each call adding to the index of the one before, and score the end state."""
    from storytrace.stories import StoryIndex, find_stories

    started, cpu = time.perf_counter(), time.process_time()
    index = None
    for start in range(0, len(articles), batch):
        result = find_stories(list(articles[start:start + batch]), [], [], None, options, index=index, cache=cache)
        index = StoryIndex.from_bytes(result.index.to_bytes())
    predicted = dict(zip(index.ids, index.story)) if index is not None else {}
    scores = bcubed(predicted, gold)
    scores.update(articles=len(articles), batch=batch, stories=len(set(predicted.values())),
                  seconds=round(time.perf_counter() - started, 2), cpu_seconds=round(time.process_time() - cpu, 2))
    return scores


def tune(articles: Sequence, gold: dict[str, str], base, thresholds: Sequence[float],
         weights: Sequence[float], caps: Sequence[float] = (0.3,), ks: Sequence[int] = (10,),
         floors: Sequence[float] = (0.15,), firsts: Sequence[float] = ()) -> list[dict]:  # type: ignore[no-untyped-def]
    """B-cubed F1 over a grid of join thresholds, embedding weights and neighbourhood settings, best first."""
    from storytrace.store.memory import MemoryStore

    cache = MemoryStore()
    rows = []
    first_pass = "join_threshold" if base.embeddings else "join_threshold_tfidf"
    for k, floor, first in ((k, f, t) for k in ks for f in floors for t in firsts or [getattr(base, first_pass)]):
        for cap in caps:
            for weight in weights if base.embeddings else [0.0]:
                for threshold in thresholds:
                    options = replace(base, neighbourhood_k=k, neighbourhood_cap=cap, neighbourhood_floor=floor,
                                      **{first_pass: first})
                    if base.embeddings:
                        options = replace(options, relative_threshold=threshold, embedding_weight=weight)
                    else:
                        options = replace(options, relative_threshold_tfidf=threshold)
                    scores = bcubed(cluster(articles, options, cache), gold)
                    rows.append({"threshold": threshold, "embedding_weight": weight, "neighbourhood_k": k,
                                 "neighbourhood_cap": cap, "neighbourhood_floor": floor, "first_pass": first, **scores})
    return sorted(rows, key=lambda r: -r["f1"])


def main(argv: list[str] | None = None) -> int:
    from storytrace.settings import StoryOptions

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=SPLITS, default="heldout")
    parser.add_argument("--tune", action="store_true", help="grid over thresholds and embedding weights")
    parser.add_argument("--no-embeddings", action="store_true")
    parser.add_argument("--incremental", type=int, metavar="N", help="also cluster the roundups N articles per call")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument("--weights", type=float, nargs="+", default=[0.25], help="embedding weights to --tune")
    parser.add_argument("--caps", type=float, nargs="+", default=[0.3], help="neighbourhood caps to --tune")
    parser.add_argument("--ks", type=int, nargs="+", default=[10], help="neighbourhood sizes to --tune")
    parser.add_argument("--firsts", type=float, nargs="+", default=[], help="first-pass thresholds to --tune")
    parser.add_argument("--floors", type=float, nargs="+", default=[0.15], help="neighbourhood floors to --tune")
    parser.add_argument("--thresholds", type=float, nargs=3, default=[-0.05, 0.1, 0.0125], metavar=("START", "STOP", "STEP"),
                        help="relative thresholds to --tune")
    args = parser.parse_args(argv)
    options = StoryOptions(embeddings=not args.no_embeddings)
    articles, gold = load_roundups(split=args.split)
    if args.tune:
        start, stop, step = args.thresholds
        grid = tune(articles, gold, options, [round(start + step * i, 4) for i in range(int((stop - start) / step) + 1)],
                    args.weights, args.caps, args.ks, args.floors, args.firsts)
        for row in grid[:15]:
            print(json.dumps(row))
        return 0
    out = {"options": {"embeddings": options.embeddings, "join_threshold": options.join_threshold,
                       "join_threshold_tfidf": options.join_threshold_tfidf,
                       "embedding_weight": options.embedding_weight, "neighbourhood_k": options.neighbourhood_k,
                       "neighbourhood_cap": options.neighbourhood_cap,
                       "neighbourhood_floor": options.neighbourhood_floor,
                       "relative_threshold": options.relative_threshold,
                       "relative_threshold_tfidf": options.relative_threshold_tfidf},
           f"roundups_{args.split}": evaluate(articles, gold, options)}
    if args.incremental:
        out[f"roundups_{args.split}_incremental"] = evaluate_incremental(articles, gold, options, args.incremental)
    wcl_articles, wcl_gold = load_newswcl()
    out["newswcl50"] = evaluate(wcl_articles, wcl_gold, options)
    out["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
