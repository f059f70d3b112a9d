"""Framing term pairs on NewsWCL50: do the terms we pair name the same concept in the gold coding?

NewsWCL50 (Hamborg et al. 2019) has 10 events, each covered by 5 outlets
(``1-raw-articles/event_N/N_{LL,L,M,R,RR}.txt``), and ``Annotations.csv``
codes word-choice mentions per concept (``code_name``, e.g. ``PRK\\Kim Jong Un``)
with their text (``code_mention``). Each event's five articles are one story;
:func:`storytrace.stories.framing.describe_framing` pairs terms of independent
articles (no copies here). A pair is **coded** when each term lies inside a
coded mention of its own article, and **agrees** when the two mentions share a
concept. Reported: pairs, coded pairs and the agreeing share of coded pairs.
No tuning is done on this set (the lexicon and thresholds come from the reuse
work and from invented examples).

Usage::

    python evaluation/framing_eval.py
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from storytrace.models import Article  # noqa: E402
from storytrace.stories.framing import describe_framing  # noqa: E402

DATA = REPO.parent / "shared" / "eval" / "newswcl50"


def _mentions(path: Path) -> dict[str, list[tuple[str, str]]]:
    """``"<event>_<publisher>"`` -> ``[(mention text lower-cased, concept)]``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].startswith("sep="):
        lines = lines[1:]
    out: dict[str, list[tuple[str, str]]] = {}
    for row in csv.DictReader(lines):
        key = f"{row['event_id']}_{row['publisher_id']}"
        out.setdefault(key, []).append((row["code_mention"].lower(), row["code_name"]))
    return out


def _concepts(term: str, mentions: list[tuple[str, str]]) -> set[str]:
    pattern = re.compile(rf"(?<!\w){re.escape(term.lower())}(?!\w)")
    return {concept for text, concept in mentions if pattern.search(text)}


def evaluate(data_dir: Path = DATA, show: int = 0) -> dict:
    annotations = data_dir / "Annotations.csv"
    digest = hashlib.sha256()
    digest.update(annotations.read_bytes())
    mentions = _mentions(annotations)
    pairs = coded = agree = 0
    examples: list[dict] = []
    for event in sorted((data_dir / "1-raw-articles").glob("event_*")):
        articles: dict[str, Article] = {}
        for path in sorted(event.glob("*.txt")):
            digest.update(path.read_bytes())
            text = path.read_text(encoding="utf-8", errors="replace")
            articles[path.stem] = Article.from_raw(path.stem, str(path), text, outlet=path.stem.split("_", 1)[1])
        for framing in describe_framing(list(articles), articles, edits=[], reuse=[]):
            for ev in framing.evidence:
                pairs += 1
                a = _concepts(ev["from"], mentions.get(ev["source"], []))
                b = _concepts(ev["to"], mentions.get(ev["target"], []))
                if not a or not b:
                    continue
                coded += 1
                ok = bool(a & b)
                agree += ok
                if len(examples) < show:
                    examples.append({"concept": framing.concept, "from": ev["from"], "to": ev["to"], "agrees": ok,
                                     "gold": sorted(a | b)})
    return {
        "events": len(list((data_dir / "1-raw-articles").glob("event_*"))),
        "pairs": pairs,
        "coded_pairs": coded,
        "agreement": round(agree / coded, 4) if coded else 0.0,
        "data_sha256": digest.hexdigest(),
        "examples": examples,
    }


if __name__ == "__main__":
    print(json.dumps(evaluate(show=40), indent=2))
