"""Run the cleaning rules over real articles and write what they removed, for a person to judge.

Reads the AllSides article corpus (``../shared/eval/allsides-articles/articles.jsonl.gz``:
``source`` is the outlet, ``content_original`` the text), runs the per-article cleaning
(NormaliseUnicode when it is implemented, CleanBoilerplate, ExtractMetadata) and then
RemoveOutletBoilerplate over the whole corpus, and writes:

* ``counts.json``: removed lines and articles touched, per rule; metadata filled;
* ``sample.jsonl``: a random sample (fixed seed) of removals, a few per rule, each with
  the lines around it, to judge as correct or false removals;
* ``headlines.json``: with the given titles withheld, how often the headline rule finds the
  real title, finds another line, or finds nothing.

The output holds other publishers' text, so it goes to a folder outside the repository
(``--out``, default a temp folder); only the judged figures go into
``evaluation/results/cleaning.md``.

    .venv/bin/python evaluation/clean_report.py [--limit N] [--per-rule 12] [--seed 7] [--out DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from storytrace.ingest.boilerplate import RemoveOutletBoilerplate
from storytrace.ingest.clean import CleanBoilerplate
from storytrace.ingest.metadata import ExtractMetadata, title_key
from storytrace.models import Article
from storytrace.settings import IngestOptions
from storytrace.stage import StageStats

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYTRACE_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "eval" / "allsides-articles" / "articles.jsonl.gz"


def load(path: Path, limit: int | None) -> list[dict]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def to_article(row: dict, with_title: bool = True) -> Article:
    return Article.from_raw(
        row["ID"], f"articles.jsonl.gz#{row['ID']}", row.get("content_original") or "",
        format="text",
        outlet=row.get("source") or None,
        title=(row.get("title") or "").strip() or None if with_title else None,
        published=row.get("date") or None,
        url=row.get("url") or None,
    )


def _normaliser():
    """NormaliseUnicode().process if it is implemented yet, else None."""
    try:
        from storytrace.ingest.normalise import NormaliseUnicode

        stage = NormaliseUnicode()
        stage.process(Article.from_raw("probe", "probe", "caf\u00e9"))
        return stage.process
    except NotImplementedError:
        return None


def clean(article: Article, normalise) -> Article:
    if normalise is not None:
        article = normalise(article)
    article = CleanBoilerplate().process(article)
    return ExtractMetadata().process(article)


def context(article: Article, start: int, end: int, width: int = 160) -> dict:
    raw = article.raw
    return {"before": raw[max(0, start - width) : start], "after": raw[end : end + width]}


def headline_check(rows: list[dict], normalise) -> dict:
    """With titles withheld: does the headline rule find the given title?"""
    outcome: Counter = Counter()
    for row in rows:
        title = (row.get("title") or "").strip()
        if not title:
            continue
        article = clean(to_article(row, with_title=False), normalise)
        if article.title is None:
            outcome["no headline guessed"] += 1
        elif title_key(article.title) == title_key(title):
            outcome["guessed = given title"] += 1
        else:
            outcome["guessed another line"] += 1
    return dict(outcome)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--per-rule", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "storytrace-clean-report")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"{args.corpus} is missing", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    rows = load(args.corpus, args.limit)
    normalise = _normaliser()
    started = time.perf_counter()
    articles = [clean(to_article(row), normalise) for row in rows]
    articles = RemoveOutletBoilerplate(IngestOptions()).run_all(articles, StageStats("outlet-boilerplate"))
    seconds = time.perf_counter() - started

    lines_per_rule: Counter = Counter()
    articles_per_rule: Counter = Counter()
    removals: dict[str, list[tuple[Article, int]]] = defaultdict(list)
    for article in articles:
        seen = set()
        for i, removal in enumerate(article.removed):
            lines_per_rule[removal.rule] += 1
            seen.add(removal.rule)
            removals[removal.rule].append((article, i))
        articles_per_rule.update(seen)
    share_removed: Counter = Counter()
    for article in articles:
        lost = sum(len(r.text) for r in article.removed) / max(1, len(article.raw.strip()))
        for limit in (0.1, 0.3, 0.5):
            if lost > limit:
                share_removed[f"> {limit:.0%} of the text removed"] += 1
    filled = Counter()
    for article in articles:
        for field in ("byline", "credit", "genre"):
            if getattr(article, field):
                filled[field] += 1

    rng = random.Random(args.seed)
    with open(args.out / "sample.jsonl", "w", encoding="utf-8") as out:
        for rule in sorted(removals):
            picks = rng.sample(removals[rule], min(args.per_rule, len(removals[rule])))
            for article, i in picks:
                removal = article.removed[i]
                record = {"rule": rule, "outlet": article.outlet, "id": article.id, "text": removal.text,
                          **context(article, removal.start, removal.end)}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")

    counts = {
        "articles": len(articles),
        "normalised": normalise is not None,
        "seconds": round(seconds, 1),
        "lines_removed": dict(lines_per_rule.most_common()),
        "articles_touched": dict(articles_per_rule.most_common()),
        "articles_by_share_removed": dict(share_removed),
        "metadata_filled": dict(filled),
        "genres": dict(Counter(a.genre for a in articles if a.genre)),
    }
    (args.out / "counts.json").write_text(json.dumps(counts, indent=2))
    headlines = headline_check(rows[:3000], normalise)
    (args.out / "headlines.json").write_text(json.dumps(headlines, indent=2))
    print(json.dumps({**counts, "headlines_title_withheld": headlines}, indent=2))
    print(f"sample: {args.out / 'sample.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
