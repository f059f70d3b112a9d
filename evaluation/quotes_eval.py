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

Error analysis (``--errors``, for tuning on train): every wrong speaker pair
gets a category, "<what was predicted> / gold <what the gold Source is>":

* predicted: ``none`` (no speaker, no mention), ``mention only`` (a subject
  that resolved to no one), ``non-person`` (a speaker that is no person the
  article names: a place or an organisation the parser took for a speaker),
  or ``person via name`` / ``via pronoun`` / ``via description`` (how the
  mention named the person that turned out wrong);
* gold: ``pronoun``, ``name`` (capitalised words), ``description``.

Usage::

    python evaluation/quotes_eval.py --split dev             # report on dev
    python evaluation/quotes_eval.py --split train --limit 100 --show 20
    python evaluation/quotes_eval.py --split train --errors --show 5 --cache /tmp/polnear-docs
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


_DETERMINERS = frozenset("the a an this that these those his her its their our my your".split())


def mention_kind(mention: str | None) -> str:
    """``pronoun``, ``name`` or ``description``: how a speaker mention (or a gold Source) names someone."""
    words = (mention or "").split()
    if not words:
        return "none"
    if len(words) == 1 and words[0].lower().strip(".,\u2019'") in _PRONOUNS | _RELATIVE | {"his", "their", "its"}:
        return "pronoun"
    if words[0].lower() in _DETERMINERS or not any(w[:1].isupper() for w in words):
        return "description"
    return "name"


def error_category(quote, persons: set[str], gold_source: str) -> str:
    """The category of a wrong speaker pair (see the module notes)."""
    gold = mention_kind(gold_source)
    if quote.speaker is None:
        predicted = "none" if quote.speaker_mention is None else "mention only"
    elif quote.speaker not in persons:
        predicted = "non-person"
    else:
        predicted = f"person via {mention_kind(quote.speaker_mention)}"
    return f"{predicted} / gold {gold}"


def _docs(texts: list[str], cache: Path | None) -> list:
    """Parsed docs of ``texts``, read from (and written to) ``cache`` when given: a DocBin per text,
    keyed by the text and the pipeline, so a changed model or pipeline parses again."""
    from storytrace.quotes.nlp import load_nlp

    nlp = load_nlp()
    if cache is None:
        return list(nlp.pipe(texts, batch_size=16))
    from spacy.tokens import DocBin

    cache.mkdir(parents=True, exist_ok=True)
    tag = f"{nlp.meta['name']}-{nlp.meta['version']}-{'+'.join(nlp.pipe_names)}"
    paths = [cache / (hashlib.sha256((tag + text).encode()).hexdigest()[:32] + ".spacy") for text in texts]
    missing = [i for i, path in enumerate(paths) if not path.exists()]
    for i, doc in zip(missing, nlp.pipe([texts[i] for i in missing], batch_size=16)):
        DocBin(docs=[doc], store_user_data=False).to_disk(paths[i])
    return [next(iter(DocBin().from_disk(path).get_docs(nlp.vocab))) for path in paths]


def evaluate(
    split: str = "dev", limit: int | None = None, show: int = 0, errors: bool = False, cache: Path | None = None
) -> dict:
    from collections import Counter

    from storytrace.quotes import analyse_article

    started = time.perf_counter()
    n_pred = n_pred_ok = n_gold = n_gold_found = 0
    n_spk = n_spk_ok = 0
    misses: list[str] = []
    false_alarms: list[str] = []
    wrong_speakers: list[str] = []
    categories: Counter[str] = Counter()
    category_examples: dict[str, list[str]] = {}
    digest = hashlib.sha256()
    files = pairs(split, limit)
    texts = [text_path.read_text(encoding="utf-8") for text_path, _ in files]
    docs = _docs(texts, cache) if cache is not None else [None] * len(files)
    for (text_path, ann_path), text, doc in zip(files, texts, docs):
        digest.update(text.encode())
        digest.update(ann_path.read_bytes())
        gold = read_gold(ann_path, text)
        analysis = analyse_article(text_path.stem, text, doc)
        persons = {e.name for e in analysis.entities if e.type == "PERSON"}
        predicted = [q for q in analysis.quotes if q.kind in ("direct", "partial")]
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
                    line = f"{text_path.stem}: {q.text[:50]!r} -> {q.speaker!r} ({q.speaker_mention!r}); gold {sourced[0].source!r}"
                    wrong_speakers.append(line)
                    if errors:
                        category = error_category(q, persons, sourced[0].source or "")
                        categories[category] += 1
                        category_examples.setdefault(category, []).append(line)
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
    if errors:
        result["error_categories"] = {
            name: {"count": count, "examples": category_examples[name][:show]} for name, count in categories.most_common()
        }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("train", "dev"))
    parser.add_argument("--limit", type=int, default=None, help="first N articles (name order)")
    parser.add_argument("--show", type=int, default=0, help="print this many examples of each error")
    parser.add_argument("--errors", action="store_true", help="count wrong speakers by category (error analysis)")
    parser.add_argument("--cache", type=Path, default=None, help="keep parsed docs in this folder between runs")
    args = parser.parse_args(argv)
    result = evaluate(args.split, args.limit, args.show, args.errors, args.cache)
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
