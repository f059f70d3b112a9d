"""Reuse detection scored on real articles with injected syndicated copies.

Two samples, both drawn from ``../shared/eval/allsides-articles/articles.jsonl.gz``:

``shared``
    the project's benchmark generator (``evaluation/make_reuse_benchmark.py``):
    real articles plus copies with trims, dropped paragraphs, label swaps, added
    boilerplate, PDF re-wrapping and typography changes, labelled
    ``{copy_id, source_id, edit_types, containment, copied_spans, ...}``, and the
    real article pairs that already share text (``real_pairs``). Copies carry their
    source's date, so direction cannot come from time.
``own``
    this script's own injection (:func:`build_sample`), for what the shared
    generator does not make: credits (metadata and credit phrases, for
    attribution), copies of copies (chains, for lineage) and inserted sentences;
    no dates at all.

The articles go through the pipeline's print repair and outlet-boilerplate
stages when those are available (as ``storytrace analyze`` would run them),
then through :func:`storytrace.reuse.find_reuse`.

Scores (``copy`` records only; quotations are not copies):

``precision``
    predicted copy pairs with the right direction among those that can be judged:
    a gold pair (or a chain copy with its root, or a real duplicate pair in either
    direction) is right; a gold pair the wrong way round, or a pair nobody shares
    text in, is wrong. Neutral (not judged): two copies of one source, a copy with a
    real article its source shares text with, real pairs the generator calls
    ``partial``.
``recall``
    gold copy pairs found with the right direction (``recall_undirected``: found at all).
``coverage``
    share of the gold copied characters of found copies inside predicted passages.
``lineage``
    share of copies whose direct lineage source is exactly their gold source.
``attribution``
    share of found copies whose ``attributed`` flag matches the injected credit.
``label_swaps``
    share of injected label swaps reported as ``label_swap`` edits.

Usage::

    python evaluation/reuse_eval.py                          # both samples, default sizes
    python evaluation/reuse_eval.py --real 300 --copies 60   # smaller
    python evaluation/reuse_eval.py --write-results          # also evaluation/results/reuse.md
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib.util
import json
import os
import random
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from storytrace.models import Article
from storytrace.reuse import find_reuse
from storytrace.settings import ReuseOptions
from storytrace.stage import StageStats

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYTRACE_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "eval" / "allsides-articles" / "articles.jsonl.gz"
BASELINE = REPO / "evaluation" / "baselines" / "reuse.json"
RESULTS = REPO / "evaluation" / "results" / "reuse.md"
GENERATOR = REPO / "evaluation" / "make_reuse_benchmark.py"
NOTES_MARKER = "<!-- notes: kept when the table above is re-written -->"

#: Label swaps a copy may make (old word -> new word), chosen by the evaluation, not the lexicon.
LABEL_SWAPS = [
    ("militants", "terrorists"), ("terrorists", "militants"), ("regime", "government"), ("government", "regime"),
    ("protesters", "rioters"), ("protests", "riots"), ("illegal", "undocumented"), ("undocumented", "illegal"),
    ("immigrants", "migrants"), ("extremist", "radical"), ("killed", "murdered"), ("war", "conflict"),
    ("rebels", "insurgents"), ("administration", "regime"), ("socialist", "leftist"), ("leftists", "socialists"),
    ("criticized", "slammed"), ("claimed", "said"),
]
_SYLLABLES = "ka lo mi tre vo san dul pe rin os ta gha bel cor nu vik zan ep".split()
_OUTLET_WORDS = "Vantor Ledger Quill Harbinger Meridian Lantern Courant Sentinel Beacon Tidings".split()


@dataclass(slots=True)
class Label:
    """One injected copy: ids, the edits made and the gold copied character spans of the copy."""

    copy_id: str
    source_id: str
    edit_types: list[str]
    containment: float
    credited: bool = False
    swaps: list[tuple[str, str]] = field(default_factory=list)
    copied: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"copy_id": self.copy_id, "source_id": self.source_id, "edit_types": self.edit_types,
                "containment": round(self.containment, 4)}

    def gold(self) -> list:
        """What the scores are computed from (the pinned hash covers this, not the edit names)."""
        return [self.copy_id, self.source_id, self.credited, sorted(self.swaps), [list(s) for s in self.copied]]


def load_records(limit: int | None = None, path: Path = CORPUS) -> list[dict]:
    """Articles of the corpus with at least 150 words, in file order."""
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if len(record.get("content_original", "").split()) >= 150:
                records.append(record)
                if limit and len(records) >= limit:
                    break
    return records


def corpus_sha256(path: Path = CORPUS) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _invented(rng: random.Random, n: int) -> str:
    return " ".join("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) for _ in range(n))


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]


class _Builder:
    """A copy under construction: segments of text, each copied from the source or new."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, bool]] = []

    def add(self, text: str, copied: bool) -> None:
        if text:
            self.parts.append((text, copied))

    def build(self) -> tuple[str, list[tuple[int, int]], int, int]:
        text, spans, pos, copied_words, words = [], [], 0, 0, 0
        for part, copied in self.parts:
            if copied:
                spans.append((pos, pos + len(part)))
                copied_words += len(part.split())
            words += len(part.split())
            text.append(part)
            pos += len(part)
        return "".join(text), spans, copied_words, words


def _edit_paragraph(para: str, rng: random.Random, edits: set[str], label: Label, builder: _Builder) -> None:
    """Copy one paragraph into ``builder`` with word-level edits."""
    words = para.split(" ")
    marks: dict[int, str] = {}
    if "label_swap" in edits:
        for k, w in enumerate(words):
            core = re.sub(r"\W+$", "", w)
            for old, new in LABEL_SWAPS:
                if core.lower() == old:
                    repl = new.capitalize() if core[:1].isupper() else new
                    marks[k] = w.replace(core, repl)
                    label.swaps.append((old, new))
                    edits.discard("label_swap")
                    break
            if "label_swap" not in edits:
                break
    if "substitute" in edits and len(words) > 12:
        for k in rng.sample(range(2, len(words) - 2), k=min(3, len(words) // 12)):
            marks.setdefault(k, _invented(rng, 1) + ("," if words[k].endswith(",") else ""))
    deleted: set[int] = set()
    if "delete_clause" in edits and len(words) > 20:
        start = rng.randrange(3, len(words) - 12)
        deleted = set(range(start, start + rng.randint(4, 9))) - set(marks)
    for k, w in enumerate(words):
        if k in deleted:
            continue
        sep = " " if k + 1 < len(words) and k + 1 not in deleted else (" " if k + 1 < len(words) else "")
        if k in marks:
            builder.add(marks[k], False)
            builder.add(sep, True)
        else:
            if "typography" in edits:
                w = _curly(w.replace("U.S.", "US"))
            builder.add(w + sep, True)


def _curly(word: str) -> str:
    """Straight quotes and apostrophes of one word turned curly, the way a typesetter would."""
    word = re.sub(r'^(\W*)"', "\\1\u201c", word)
    word = word.replace('"', "\u201d")
    return word.replace("'", "\u2019")


def make_copy(
    copy_id: str, source: Article, rng: random.Random, outlet: str
) -> tuple[Article, Label]:
    """An edited copy of ``source`` and its label."""
    paras = _paragraphs(source.text)
    edits: set[str] = set()
    for name, p in (("trim_head", 0.4), ("trim_tail", 0.5), ("drop_paragraph", 0.3), ("excerpt", 0.2),
                    ("substitute", 0.5), ("delete_clause", 0.4), ("insert_sentence", 0.4), ("label_swap", 0.5),
                    ("typography", 0.3)):
        if rng.random() < p:
            edits.add(name)
    credit_kind = rng.choice([None, None, "metadata", "phrase"])
    # How a copy names its source: "CNN (Web News)" and "Newsmax - News" are read as "CNN" and "Newsmax".
    name = re.sub(r"\s*(\(.*?\)|\s-\s.*)$", "", source.outlet or "") or "the wire"
    n = len(paras)
    keep = list(range(n))
    if "excerpt" in edits and n >= 4:
        size = max(2, int(n * rng.uniform(0.3, 0.6)))
        start = rng.randrange(0, n - size + 1)
        keep = keep[start : start + size]
    if "trim_head" in edits and len(keep) > 3:
        keep = keep[rng.randint(1, 2) :]
    if "trim_tail" in edits and len(keep) > 3:
        keep = keep[: -rng.randint(1, 2)]
    if "drop_paragraph" in edits and len(keep) > 4:
        keep.pop(rng.randrange(1, len(keep) - 1))
    label = Label(copy_id, source.id, [], 0.0, credited=credit_kind is not None)
    builder = _Builder()
    insert_at = rng.randrange(len(keep)) if "insert_sentence" in edits else -1
    word_edits = {"substitute", "delete_clause", "label_swap", "typography"} & edits
    if credit_kind == "metadata":
        builder.add(f"({name}) -- ", False)  # a syndication credit, read into ``credit`` by the pipeline
    for pos, k in enumerate(keep):
        if pos:
            builder.add("\n\n", True)
        _edit_paragraph(paras[k], rng, set(word_edits) if rng.random() < 0.5 or pos == 0 else {"typography"} & edits,
                        label, builder)
        if pos == 0 and credit_kind == "phrase":
            builder.add(rng.choice([f" {name} reported.", f" This story first appeared in {name}."]), False)
        if pos == insert_at:
            builder.add(" " + _invented(rng, rng.randint(8, 14)).capitalize() + ".", False)
    text, spans, copied_words, words = builder.build()
    label.copied = spans
    label.containment = copied_words / max(1, words)
    label.edit_types = sorted(edits - {"label_swap"}) + (["label_swap"] if label.swaps else [])
    if credit_kind:
        label.edit_types.append(f"credit_{credit_kind}")
    copy = Article.from_raw(copy_id, f"{copy_id}.txt", text, outlet=outlet)
    return copy, label


def _article(record: dict) -> Article:
    text = "\n\n".join(_paragraphs(record["content_original"]))
    return Article.from_raw(record["ID"], record["ID"], text, outlet=record.get("source") or None,
                            byline=record.get("authors") or None, title=record.get("title"))


def build_sample(
    records: list[dict], n_sources: int, n_background: int, seed: int = 1, chain_share: float = 0.15
) -> tuple[list[Article], list[Label]]:
    """Real articles plus edited copies of ``n_sources`` of them, shuffled; and the copies' labels."""
    rng = random.Random(seed)
    chosen = rng.sample(records, n_sources + n_background)
    sources = [_article(r) for r in chosen[:n_sources]]
    background = [_article(r) for r in chosen[n_sources:]]
    copies: list[Article] = []
    labels: list[Label] = []
    for k, source in enumerate(sources):
        parent = source
        if copies and rng.random() < chain_share:
            parent = rng.choice(copies)  # a copy of a copy: a chain root -> copy -> this copy
        outlet = f"The {_invented(rng, 1).capitalize()} {rng.choice(_OUTLET_WORDS)}"
        copy, label = make_copy(f"copy-{k:05d}", parent, rng, outlet)
        copies.append(copy)
        labels.append(label)
    articles = sources + background + copies
    rng.shuffle(articles)
    return articles, labels


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _overlap(spans: list[tuple[int, int]], covered: list[tuple[int, int]]) -> int:
    total = 0
    for s, e in _union(spans):
        for cs, ce in _union(covered):
            total += max(0, min(e, ce) - max(s, cs))
    return total


def shared_generator():
    """The project's benchmark generator module, or None while it does not exist."""
    if not GENERATOR.exists():
        return None
    spec = importlib.util.spec_from_file_location("make_reuse_benchmark", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def shared_sample(records: list[dict], n_real: int, n_copies: int, seed: int) -> tuple[list[Article], list[Label], list[dict]]:
    """Articles, labels and real pairs from the shared generator (written to a temporary folder)."""
    generator = shared_generator()
    with tempfile.TemporaryDirectory() as tmp:
        generator.build(Path(tmp), n_real, n_copies, seed, records=records)
        rows, raw_labels, real_pairs, _ = generator.read_benchmark(Path(tmp))
    articles = [
        Article.from_raw(r["id"], r["id"], r["text"], outlet=r.get("outlet"), published=r.get("published"),
                         title=r.get("title"))
        for r in rows
    ]
    labels = [
        Label(
            lab["copy_id"], lab["source_id"], lab["edit_types"], lab.get("word_containment", lab["containment"]),
            swaps=[(old, new) for old, new, _ in lab.get("substitutions", [])],
            copied=[tuple(span) for span in lab.get("copied_spans", [])],
        )
        for lab in raw_labels
    ]
    return articles, labels, real_pairs


def prepare(articles: list[Article]) -> tuple[list[Article], list[str]]:
    """The articles as ``storytrace analyze`` would hand them to reuse detection.

    Each article goes through the pipeline's per-article stages (normalise, print
    repair, cleaning, metadata) and the corpus stages (outlet boilerplate) as a JSONL
    record would. Articles a stage rejects are left out (their labels then count as
    misses). Offsets still map every clean character to the generator's text.
    """
    from storytrace.models import Source
    from storytrace.pipeline import corpus_stages, process_shard
    from storytrace.settings import Options

    options = Options(workers=1)
    sources = [
        Source(path=a.id, kind="record",
               fields={"id": a.id, "text": a.raw, "outlet": a.outlet, "published": a.published, "title": a.title,
                       "byline": a.byline})
        for a in articles
    ]
    shard = process_shard(sources, options)
    out = shard.articles
    stats: dict[str, StageStats] = {}
    for stage in corpus_stages(options):
        out = stage.run_all(out, stats.setdefault(stage.name, StageStats(stage.name)))
    ran = list(shard.stats) + list(stats)
    if shard.rejected:
        ran.append(f"rejected {len(shard.rejected)}")
    return out, ran


def _raw_spans(article: Article, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clean-text spans as spans of the text the generator wrote."""
    return [article.offsets.span_to_raw(s, e) for s, e in spans]


def score(
    articles: list[Article], labels: list[Label], reuse, edits, lineage, real_pairs: list[dict] | None = None
) -> dict:
    """The scores described in the module docstring."""
    by_id = {a.id: a for a in articles}
    copy_ids = {lab.copy_id for lab in labels}
    parent = {lab.copy_id: lab.source_id for lab in labels}
    gold = {(lab.source_id, lab.copy_id) for lab in labels}
    acceptable = set(gold)
    for lab in labels:  # indirect pairs along chains
        up = lab.source_id
        while up in parent:
            up = parent[up]
            acceptable.add((up, lab.copy_id))
    real_pairs = real_pairs or []
    duplicates = {frozenset((p["a"], p["b"])) for p in real_pairs if p["kind"] == "duplicate"}
    partial = {frozenset((p["a"], p["b"])) for p in real_pairs if p["kind"] != "duplicate"}
    by_pair = {frozenset((r.source, r.target)): r for r in reuse}
    predicted = {(r.source, r.target) for r in reuse if r.kind == "copy"}
    shares = {frozenset((r.source, r.target)) for r in reuse} | duplicates | partial

    def root(x: str) -> str:
        while x in parent:
            x = parent[x]
        return x

    correct = wrong = neutral = 0
    for s, t in predicted:
        pair = frozenset((s, t))
        if (s, t) in acceptable or pair in duplicates:
            correct += 1
        elif (t, s) in acceptable:
            wrong += 1  # right pair, wrong direction
        elif pair in partial:
            neutral += 1
        elif s in copy_ids or t in copy_ids:
            copy, other = (t, s) if t in copy_ids else (s, t)
            if root(other) == root(copy) or frozenset((root(copy), other)) in shares:
                neutral += 1  # two copies of one source, or a real article sharing text with the source
            else:
                wrong += 1
        else:
            wrong += 1  # two real articles that share no labelled text
    found = [lab for lab in labels if (lab.source_id, lab.copy_id) in predicted]
    found_any = [lab for lab in labels if frozenset((lab.source_id, lab.copy_id)) in by_pair]
    covered_chars = gold_chars = 0
    for lab in found_any:
        if not lab.copied:
            continue
        r = by_pair[frozenset((lab.source_id, lab.copy_id))]
        copy_is_target = r.target == lab.copy_id
        spans = [(p.target_start, p.target_end) if copy_is_target else (p.source_start, p.source_end) for p in r.passages]
        covered_chars += _overlap(lab.copied, _raw_spans(by_id[lab.copy_id], spans))
        gold_chars += sum(e - s for s, e in _union(lab.copied))
    direct: dict[str, set[str]] = {}
    for e in lineage:
        if e["direct"]:
            direct.setdefault(e["target"], set()).add(e["source"])
    lineage_ok = sum(1 for lab in labels if direct.get(lab.copy_id) == {lab.source_id})
    attributed_ok = sum(1 for lab in found if by_pair[frozenset((lab.source_id, lab.copy_id))].attributed == lab.credited)
    edits_by_pair = {(e.source, e.target): e for e in edits}
    swaps = swaps_found = 0
    for lab in found:
        ops = edits_by_pair.get((lab.source_id, lab.copy_id))
        for old, new in lab.swaps:
            swaps += 1
            gone = [w for w in old.lower().split() if w not in new.lower().split()] or [old.lower()]
            came = [w for w in new.lower().split() if w not in old.lower().split()] or [new.lower()]
            if ops and any(
                op.label_swap and any(w in op.from_.lower() for w in gone) and any(w in op.to.lower() for w in came)
                for op in ops.ops
            ):
                swaps_found += 1
    n = len(labels)
    by_edit: dict[str, list[int]] = {}
    found_set = {lab.copy_id for lab in found}
    for lab in labels:
        for edit in lab.edit_types:
            by_edit.setdefault(edit, []).append(lab.copy_id in found_set)
    return {
        "copies": n,
        "precision": round(correct / max(1, correct + wrong), 4),
        "recall": round(len(found) / max(1, n), 4),
        "recall_undirected": round(len(found_any) / max(1, n), 4),
        "coverage": round(covered_chars / max(1, gold_chars), 4),
        "lineage": round(lineage_ok / max(1, n), 4),
        "attribution": round(attributed_ok / max(1, len(found)), 4),
        "label_swaps": round(swaps_found / max(1, swaps), 4),
        "label_swaps_injected": swaps,
        "copy_pairs_judged": correct + wrong,
        "copy_pairs_wrong": wrong,
        "copy_pairs_neutral": neutral,
        "quotation_pairs": sum(1 for r in reuse if r.kind == "quotation"),
        "recall_by_edit": {k: round(sum(v) / len(v), 3) for k, v in sorted(by_edit.items())},
    }


def evaluate(
    sample: str = "shared", n_real: int = 1500, n_copies: int = 300, seed: int = 7, pool: int | None = 6000,
    options: ReuseOptions | None = None,
) -> dict:
    """Build one sample (``shared`` or ``own``), run reuse detection, score it."""
    records = load_records(limit=pool)
    real_pairs: list[dict] = []
    if sample == "shared":
        if shared_generator() is None:
            raise FileNotFoundError(f"{GENERATOR} is missing")
        articles, labels, real_pairs = shared_sample(records, n_real, n_copies, seed)
    else:
        articles, labels = build_sample(records, n_copies, n_real, seed)
    articles, ran = prepare(articles)
    started = time.perf_counter()
    reuse, edits, lineage = find_reuse(articles, [], options or ReuseOptions())
    seconds = time.perf_counter() - started
    scores = score(articles, labels, reuse, edits, lineage, real_pairs)
    labels_json = json.dumps([lab.gold() for lab in labels], sort_keys=True)
    scores.update(
        sample=sample, articles=len(articles), seed=seed, prepared_with=ran, reuse_seconds=round(seconds, 2),
        labels_sha256=hashlib.sha256(labels_json.encode()).hexdigest(),
    )
    return scores


def write_results(results: list[dict], command: str) -> None:
    keys = [k for k in results[0] if k not in ("labels_sha256", "prepared_with")]
    lines = [
        "# Reuse detection on injected copies",
        "",
        f"Command: `{command}` (corpus sha256 `{corpus_sha256()[:16]}...`)",
        "",
        "| measure | " + " | ".join(r["sample"] for r in results) + " |",
        "|---|" + "---|" * len(results),
        *[f"| {k} | " + " | ".join(str(r.get(k)) for r in results) + " |" for k in keys if k != "sample"],
        "",
        *[f"- `{r['sample']}`: prepared with {', '.join(r['prepared_with']) or 'nothing'}; "
          f"labels sha256 `{r['labels_sha256'][:16]}...`" for r in results],
        "",
    ]
    # Hand-written notes below the marker survive a re-run.
    notes = ""
    if RESULTS.exists() and NOTES_MARKER in RESULTS.read_text(encoding="utf-8"):
        notes = RESULTS.read_text(encoding="utf-8").split(NOTES_MARKER, 1)[1]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n" + NOTES_MARKER + notes, encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", choices=["shared", "own", "both"], default="both")
    parser.add_argument("--real", type=int, default=1500, help="real articles in the sample")
    parser.add_argument("--copies", type=int, default=300, help="injected copies")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pool", type=int, default=6000, help="draw from the first N usable corpus articles")
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        print(f"{CORPUS} is missing", file=sys.stderr)
        return 2
    samples = ["shared", "own"] if args.sample == "both" else [args.sample]
    if "shared" in samples and shared_generator() is None:
        print(f"{GENERATOR} is missing: scoring the own sample only", file=sys.stderr)
        samples = [s for s in samples if s != "shared"] or ["own"]
    results = [evaluate(s, args.real, args.copies, args.seed, args.pool) for s in samples]
    for r in results:
        print(json.dumps(r))
    if args.write_results:
        write_results(results, "python evaluation/reuse_eval.py " + " ".join(argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
