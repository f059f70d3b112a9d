"""Direct-quote extraction and speaker attribution on PolNeAR (../shared/eval/polnear).

PolNeAR annotates attributions as brat standoff: ``Source``, ``Cue`` and
``Content`` spans joined by ``E`` relations. A gold *quote* is a Content span
that contains a double quotation mark. A predicted quote (kind ``direct`` or
``partial``: anything inside quote marks) matches a gold quote when their
overlap covers at least half of the shorter of the two spans.

* precision: matched predicted quotes / predicted quotes
* recall: gold quotes matched by a prediction / gold quotes
* speaker accuracy: over matched pairs whose gold attribution has a Source,
  the share where the predicted speaker (its canonical name or the mention
  that names it in the sentence) agrees with the gold Source text: they share
  a content word (a surname, an outlet, a head noun), or both are the same
  pronoun. A prediction with neither a speaker nor a mention counts as wrong.
  Pairs whose gold Source is only a relative pronoun ("who") are left out:
  the gold names no one to compare the resolved speaker with.
  (An outlet such as "the newspaper" is a PolNeAR Source; storytrace keeps it
  as the mention and a citation, not as a speaker, so the mention counts.)

Usage::

    python evaluation/quotes_eval.py --split dev             # report on dev
    python evaluation/quotes_eval.py --split train --limit 100 --show 20
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "eval" / "polnear" / "data"
_QUOTE_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_STOP = frozenset(
    "the a an of and to in on for at by with from as his her its their this that these those former current "
    "said says mr mrs ms dr".split()
)
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_PRONOUNS = frozenset("he she they we i it you him her them us".split())


@dataclass(slots=True)
class GoldQuote:
    start: int
    end: int
    source: str | None


def _spans(field: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (part.split() for part in field.split(";"))]


def read_gold(ann: Path, text: str) -> list[GoldQuote]:
    """Gold Content spans that contain quote marks, with their Source text."""
    spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    gold: list[GoldQuote] = []
    lines = ann.read_text(encoding="utf-8").splitlines()
    for line in lines:
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = (label, _spans(offsets))
    for line in lines:
        if not line.startswith("E"):
            continue
        roles = dict(item.split(":", 1) for item in line.split("\t")[1].split() if ":" in item)
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        start, end = content[1][0][0], content[1][-1][1]
        if not _QUOTE_MARKS.search(text[start:end]):
            continue
        source = spans.get(roles.get("Source", ""))
        source_text = " ".join(text[a:b] for a, b in source[1]) if source else None
        gold.append(GoldQuote(start, end, source_text))
    return gold


def pairs(split: str, limit: int | None = None) -> list[tuple[Path, Path]]:
    """``(text, ann)`` file pairs of a split, in name order."""
    folder = DATA / split
    anns = {p.stem: p for p in (folder / "attributions").glob("*.ann")}
    out = []
    for text in sorted((folder / "text").glob("*.txt")):
        ann = anns.get(text.stem) or next((a for stem, a in anns.items() if stem.rsplit("_", 1)[0] == text.stem), None)
        if ann is not None:
            out.append((text, ann))
    return out[:limit] if limit else out


def _words(text: str | None) -> set[str]:
    from storytrace.textnorm import fold

    return {w for w in (fold(m.group()) for m in _WORD.finditer(text or "")) if w not in _STOP}


def speaker_agrees(speaker: str | None, mention: str | None, gold_source: str) -> bool:
    """The predicted speaker names the gold source: a shared content word, or the same pronoun."""
    gold = _words(gold_source)
    said = _words(mention)
    if gold and gold <= _PRONOUNS:
        return bool(said & gold)
    said |= _words(speaker)
    said -= _PRONOUNS
    gold -= _PRONOUNS
    for word in list(said):
        if word.startswith(("al-", "el-")):
            said.add(word[3:])
    return bool(said & gold)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return inter > 0 and inter >= 0.5 * min(a[1] - a[0], b[1] - b[0])


def evaluate(split: str = "dev", limit: int | None = None, show: int = 0) -> dict:
    from storytrace.quotes import analyse_article

    started = time.perf_counter()
    n_pred = n_pred_ok = n_gold = n_gold_found = 0
    n_spk = n_spk_ok = 0
    misses: list[str] = []
    false_alarms: list[str] = []
    wrong_speakers: list[str] = []
    digest = hashlib.sha256()
    files = pairs(split, limit)
    for text_path, ann_path in files:
        text = text_path.read_text(encoding="utf-8")
        digest.update(text.encode())
        digest.update(ann_path.read_bytes())
        gold = read_gold(ann_path, text)
        predicted = [q for q in analyse_article(text_path.stem, text).quotes if q.kind in ("direct", "partial")]
        n_pred += len(predicted)
        n_gold += len(gold)
        found = set()
        for q in predicted:
            hits = [i for i, g in enumerate(gold) if _overlap((q.start, q.end), (g.start, g.end))]
            if not hits:
                false_alarms.append(f"{text_path.stem}: {q.text[:80]!r}")
                continue
            n_pred_ok += 1
            found.update(hits)
            # A gold Source that is only a relative pronoun ("who", "which") names no one to compare with.
            sourced = [gold[i] for i in hits if gold[i].source and not _words(gold[i].source) <= _RELATIVE]
            if sourced:
                n_spk += 1
                if any(speaker_agrees(q.speaker, q.speaker_mention, g.source or "") for g in sourced):
                    n_spk_ok += 1
                else:
                    wrong_speakers.append(
                        f"{text_path.stem}: {q.text[:50]!r} -> {q.speaker!r} ({q.speaker_mention!r}); gold {sourced[0].source!r}"
                    )
        n_gold_found += len(found)
        for i, g in enumerate(gold):
            if i not in found:
                misses.append(f"{text_path.stem}: {text[g.start:g.end][:80]!r}")
    precision = n_pred_ok / n_pred if n_pred else 0.0
    recall = n_gold_found / n_gold if n_gold else 0.0
    result = {
        "split": split,
        "articles": len(files),
        "data_sha256": digest.hexdigest(),
        "predicted": n_pred,
        "gold": n_gold,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0,
        "speaker_pairs": n_spk,
        "speaker_accuracy": round(n_spk_ok / n_spk, 4) if n_spk else 0.0,
        "seconds": round(time.perf_counter() - started, 1),
        "missed_examples": misses[:show],
        "false_positive_examples": false_alarms[:show],
        "wrong_speaker_examples": wrong_speakers[:show],
    }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--limit", type=int, default=None, help="first N articles (name order)")
    parser.add_argument("--show", type=int, default=0, help="print this many examples of each error")
    args = parser.parse_args(argv)
    result = evaluate(args.split, args.limit, args.show)
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
