"""One text run by many outlets: near duplicates, reuse and lineage, and the story's description.

A wire story carried by hundreds of sites makes every pair of its copies a
near-duplicate. The corpus is invented here (no shared data): one wire text
of twelve paragraphs, and ``--copies`` near-copies of it, each with a few words
of its own (a site's small edits), a tenth of them copies of an edited
version that carries a desk's change, all dated within five days.

Steps, each timed (wall and CPU seconds of this process):

``duplicates``
    near-duplicate detection over all copies, each listing its ``DedupOptions.max_near_partners``
    closest copies; ``duplicates_every_pair`` lists every pair (``max_near_partners=0``, the
    earlier code) and the pair counts and export sizes of both are printed.
``reuse_bounded``
    alignment, direction, edits and lineage with the default ``ReuseOptions.max_partners``.
``reuse_every_pair``
    the same with ``max_partners=0`` (every candidate pair aligned, the earlier code), on
    ``--every-pair`` copies only (default 200: it grows as n^2 to n^3); the ratio to the bounded
    run on the same copies is printed.
``describe_story``
    coverage, framing (from the copies' edits) and the attributed summary of the one story.

Usage::

    python benchmarks/bench_syndication.py               # 600 copies (every pair: 200)
    python benchmarks/bench_syndication.py --quick       # 200 copies (every pair: 100)
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys

from bench_stories import timed as stories_timed  # this folder is on sys.path when a bench runs

WORDS = (
    "authority reservoir drought rationing households farmers council engineers pipeline rainfall summer "
    "river valley supply pressure hosepipe ban restrictions meters leak repairs tanker borehole aquifer "
    "catchment levels forecast tariff usage gardens"
).split()


def wire_story(copies: int, seed: int = 5) -> list:
    """The original, then ``copies`` near-copies (a tenth from an edited version), as articles."""
    from storytrace.models import Article

    rng = random.Random(seed)
    paragraphs = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 45))).capitalize() + "." for _ in range(12)
    ]
    edited = list(paragraphs)
    edited[3] = edited[3].replace(edited[3].split()[2], "militants", 1)

    def touched(paras: list[str]) -> str:
        words = "\n\n".join(paras).split(" ")
        for _ in range(rng.randint(2, 6)):
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        return " ".join(words)

    out = [Article.from_raw("wire", "wire", "\n\n".join(paragraphs), title="Kestrel County rations water",
                            outlet="Wire", published="2025-07-01T06:00:00+00:00")]
    for k in range(copies):
        base = edited if k % 10 == 9 else paragraphs
        out.append(Article.from_raw(f"c{k:05d}", f"c{k:05d}", touched(base), title="Kestrel County rations water",
                                    outlet=f"Outlet {k}", published=f"2025-07-0{1 + k % 5}T{8 + k % 12:02d}:00:00+00:00"))
    return out


def timed(step: str, fn, **extra):  # type: ignore[no-untyped-def]
    """``fn()``, timed as bench_stories times its steps; the record is printed."""
    value, record = stories_timed(step, fn, bench="syndication", **extra)
    print(json.dumps(record), flush=True)
    return value, record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=600)
    parser.add_argument("--every-pair", type=int, default=200, help="copies for the every-pair comparison")
    parser.add_argument("--quick", action="store_true", help="200 copies, every pair on 100")
    args = parser.parse_args(argv)
    copies, every = (200, 100) if args.quick else (args.copies, args.every_pair)

    from dataclasses import replace

    from storytrace.dedup import find_duplicates
    from storytrace.reuse import find_reuse
    from storytrace.settings import DedupOptions, ReuseOptions
    from storytrace.stories.describe import describe_story
    from storytrace.stories.records import Story

    articles = wire_story(copies)
    duplicates, _ = timed("duplicates", lambda: find_duplicates(articles, DedupOptions()),
                          articles=len(articles))
    every_duplicate, _ = timed("duplicates_every_pair",
                               lambda: find_duplicates(articles, replace(DedupOptions(), max_near_partners=0)),
                               articles=len(articles))
    print(json.dumps({"bench": "syndication", "step": "duplicate_pairs", "bounded": len(duplicates),
                      "every_pair": len(every_duplicate),
                      "bounded_json_mb": round(len(json.dumps([d.to_export() for d in duplicates])) / 1e6, 1),
                      "every_pair_json_mb": round(len(json.dumps([d.to_export() for d in every_duplicate])) / 1e6, 1)}),
          flush=True)
    (reuse, edits, lineage), _ = timed("reuse_bounded", lambda: find_reuse(articles, duplicates, ReuseOptions()),
                                       articles=len(articles), pairs=len(duplicates))
    print(json.dumps({"bench": "syndication", "step": "reuse_bounded_counts", "reuse_pairs": len(reuse),
                      "lineage_entries": len(lineage)}), flush=True)

    few = articles[: every + 1]
    few_ids = {a.id for a in few}
    # Every pair listed, as the earlier code did, so that the every-pair run aligns every pair.
    few_duplicates = [d for d in every_duplicate if d.a in few_ids and d.b in few_ids]
    del every_duplicate
    _, bounded = timed("reuse_bounded_small", lambda: find_reuse(few, few_duplicates, ReuseOptions()),
                       articles=len(few))
    _, full = timed("reuse_every_pair", lambda: find_reuse(few, few_duplicates, replace(ReuseOptions(), max_partners=0)),
                    articles=len(few))
    print(json.dumps({"bench": "syndication", "step": "ratio", "articles": len(few),
                      "every_pair_over_bounded_cpu": round(full["cpu_s"] / max(bounded["cpu_s"], 1e-9), 1)}), flush=True)

    by_id = {a.id: a for a in articles}
    story = Story("s-wire", "", list(by_id))
    described, _ = timed("describe_story", lambda: describe_story(story, by_id, edits=edits, reuse=reuse),
                         articles=len(by_id))
    print(json.dumps({"bench": "syndication", "step": "peak", "summary_sentences": len(described.summary),
                      "framing_concepts": len(described.framing),
                      "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
