"""On real articles, an outlet's inline templates do not chain its articles into one long "story".

Some outlets print a politician's hover card (name, full name, latest headlines) inline wherever the
name appears; reuse finds these passages as ``copy`` pairs between articles months apart. When every
copy pair was a must-link, 1,500 articles of 2018 gave a 42-article "story" held together by them and
18 stories spanning more than 60 days; with ``copy_link_containment`` the largest has 7 and one spans
more than 60 days.
"""

from __future__ import annotations

import gzip
import json
import random
from dataclasses import replace
from datetime import date

import storytrace
from storytrace.settings import Options
from storytrace.stories import find_stories

SAMPLE = 1500


def _days(start: str | None, end: str | None) -> int:
    if not start or not end:
        return 0
    return (date.fromisoformat(end[:10]) - date.fromisoformat(start[:10])).days


def test_template_passages_do_not_chain_an_outlets_articles_over_months(eval_dir, tmp_path):
    with gzip.open(eval_dir / "allsides-articles" / "articles.jsonl.gz", "rt", encoding="utf-8") as feed:
        lines = [line for line in feed if json.loads(line).get("date", "").startswith("2018-0")]
    picked = [lines[i] for i in sorted(random.Random(11).sample(range(len(lines)), SAMPLE))]
    (tmp_path / "feed.jsonl").write_text("".join(picked), encoding="utf-8")

    options = Options(quotes=False)
    analysis = storytrace.analyze([tmp_path], options=options)
    assert len(analysis.articles) == SAMPLE
    sizes = sorted((len(s.articles) for s in analysis.stories), reverse=True)
    long_lived = [s for s in analysis.stories if _days(s.start, s.end) > 60]
    assert sizes[0] <= 20 and len(long_lived) <= 3, (sizes[:5], len(long_lived))
    # The template passages are still found as reuse; they only stopped being must-links.
    assert any(r.kind == "copy" and max(r.evidence["containment"].values()) < options.stories.copy_link_containment
               for r in analysis.reuse)

    # The same articles and reuse with every copy pair a must-link, as before.
    every_copy = replace(options.stories, copy_link_containment=0.0)
    chained = find_stories(analysis.articles, analysis.duplicates, analysis.reuse, None, every_copy)
    assert max(len(s.articles) for s in chained.stories) > 2 * sizes[0]
