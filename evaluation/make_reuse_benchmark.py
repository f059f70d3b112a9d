"""Build a labelled copy-detection benchmark: real articles plus injected syndicated copies.

Reads ``../shared/eval/allsides-articles/articles.jsonl.gz`` (20,000 real
articles from ~500 outlets) at run time and writes, to a folder given on the
command line (never into the repository):

``articles.jsonl``
    the corpus in storytrace's input format: ``id``, ``outlet``, ``published``,
    ``title``, ``text``; real articles keep their corpus id, copies are ``copy-NNNNNN``.
``labels.jsonl``
    one line per injected copy (the positives)::

        {"copy_id", "source_id", "edit_types": [...], "containment", "jaccard",
         "word_containment", "length_ratio", "kept_paragraphs": [...],
         "dropped_paragraphs": [...], "substitutions": [[old, new, count], ...],
         "added_lines": [...], "copied_spans": [[start, end], ...]}

    ``containment`` is |A & B| / min(|A|, |B|) over the two texts' sets of
    5-word shingles, ``jaccard`` |A & B| / |A | B|, both computed here with a
    deliberately plain tokenizer (lower-cased ``\\w+`` runs), independent of
    storytrace's; ``word_containment`` is the share of the copy's words copied
    from the source and ``copied_spans`` the character spans of the copy that
    came from the source (for passage-level scoring).
``real_pairs.jsonl``
    pairs of *real* articles that already share text (same-outlet updates,
    wire copy run by two outlets, shared boilerplate): found by an exhaustive
    inverted index over the same plain shingles. ``kind`` is ``duplicate``
    (containment >= 0.8 and the shorter text at least half the longer: a
    labelled positive) or ``partial`` (containment or Jaccard >= 0.3
    otherwise: neither a clear copy nor independent, so scoring leaves it out).
``manifest.json``
    seed, counts, the source file's sha256 and the parameters.

Real articles about the same event from different outlets (the corpus has
many) are the hard negatives: any reported pair that is neither labelled nor
``partial`` counts against precision.

Edit types (each copy draws one to three; every one is applied to the whole copy):

``trim``          keep the first 40-90 % of the paragraphs
``drop_middle``   drop one to three paragraphs from the middle
``substitute``    loaded-term swaps from label families (terrorist/militant/extremist, regime/government, ...)
``boilerplate``   added lines: agency credit ("(Reuters) -"), bylines, "Advertisement", newsletter promos
``hyphenate``     PDF-style re-wrap at ~40 characters with line-break hyphens
``typography``    straight and curly quotes swapped, ``U.S.`` -> ``US``, dashes
``verbatim``      (label only) none of the drawn edits applied: a word-for-word copy

Added lines are built from invented names and stock phrases, never from corpus text.

Usage::

    python evaluation/make_reuse_benchmark.py --out /tmp/storytrace-reuse           # 20,000 real + 2,000 copies
    python evaluation/make_reuse_benchmark.py --out /tmp/small --real 3000 --copies 600
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import xxhash

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYTRACE_SHARED", REPO.parent / "shared"))
SOURCE = SHARED / "eval" / "allsides-articles" / "articles.jsonl.gz"
GENERATOR_VERSION = 1

#: Shingle size of the labels' containment (the same size storytrace uses by default).
LABEL_SHINGLE = 5

#: Label families: an outlet's style guide swaps one member for another throughout.
LABEL_FAMILIES: list[list[str]] = [
    ["terrorist", "militant", "extremist", "jihadist", "insurgent"],
    ["terrorists", "militants", "extremists", "jihadists", "insurgents"],
    ["regime", "government"],
    ["illegal", "undocumented"],
    ["aliens", "immigrants", "migrants"],
    ["alien", "immigrant", "migrant"],
    ["rioters", "protesters", "demonstrators"],
    ["riots", "protests", "unrest"],
    ["pro-life", "anti-abortion"],
    ["pro-choice", "abortion-rights"],
    ["death tax", "estate tax"],
    ["tax relief", "tax cuts"],
    ["killed", "murdered", "slain"],
    ["slammed", "criticized", "blasted"],
    ["radical", "hardline", "far-left"],
    ["rebels", "opposition fighters", "freedom fighters"],
    ["gun rights", "gun control"],
    ["claimed", "said", "asserted"],
]

EDIT_TYPES = ["trim", "drop_middle", "substitute", "boilerplate", "hyphenate", "typography"]
_EDIT_WEIGHTS = [3, 2, 3, 3, 1, 2]

_SYLLABLES = "ka lo mi tre vo san dul pe rin os ta bel cor nu vik zan ep har mon del".split()
_AGENCIES = [("Reuters", "(Reuters) - "), ("Associated Press", "(AP) \u2014 "), ("AFP", "(AFP) - "), ("UPI", "(UPI) -- ")]
_DATELINES = ["WASHINGTON", "NEW YORK", "LONDON", "CHICAGO", "LOS ANGELES", "BRUSSELS", "BEIRUT"]
_PROMOS = [
    "Advertisement",
    "ADVERTISEMENT",
    "Sign up for our {d} Briefing newsletter to get the top stories in your inbox.",
    "Subscribe to {o} for unlimited access to our reporting.",
    "Get the {o} app for breaking news alerts.",
    "Follow {o} on Twitter and Facebook.",
    "Copyright {y} {o}. All rights reserved.",
    "This material may not be published, broadcast, rewritten or redistributed.",
    "Click here to read more stories from {o}.",
]
_DAYPARTS = ["Morning", "Evening", "Daily", "Weekend"]


def _name(rng: random.Random) -> str:
    def part() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()

    return f"{part()} {part()}"


def _outlet(rng: random.Random) -> str:
    return f"The {_name(rng).split()[0]} {rng.choice(['Ledger', 'Courier', 'Herald', 'Tribune', 'Gazette', 'Post'])}"


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a corpus text (blank-line separated, blank-only lines dropped)."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


# ---------------------------------------------------------------- plain shingles (labels only)

_PLAIN_WORD = re.compile(r"\w+")


def plain_shingles(text: str, k: int = LABEL_SHINGLE) -> np.ndarray:
    """Sorted distinct hashes of lower-cased ``\\w+`` k-grams: the labels' own, simple measure."""
    toks = _PLAIN_WORD.findall(text.lower())
    if not toks:
        return np.zeros(0, dtype=np.uint64)
    if len(toks) < k:
        grams: Iterable[str] = [" ".join(toks)]
    else:
        grams = (" ".join(toks[i : i + k]) for i in range(len(toks) - k + 1))
    return np.unique(np.fromiter((xxhash.xxh3_64_intdigest(g.encode()) for g in grams), dtype=np.uint64))


def set_overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float, float]:
    """``(containment, jaccard, length_ratio)`` of two sorted distinct hash arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0, 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    small, large = min(len(a), len(b)), max(len(a), len(b))
    return shared / small, shared / (len(a) + len(b) - shared), small / large


# ---------------------------------------------------------------- copies


@dataclass
class Label:
    copy_id: str
    source_id: str
    edit_types: list[str]
    containment: float = 0.0
    jaccard: float = 0.0
    word_containment: float = 0.0
    length_ratio: float = 0.0
    kept_paragraphs: list[int] = field(default_factory=list)
    dropped_paragraphs: list[int] = field(default_factory=list)
    substitutions: list[list] = field(default_factory=list)
    added_lines: list[str] = field(default_factory=list)
    copied_spans: list[list[int]] = field(default_factory=list)


class _Pieces:
    """A copy's text as pieces, each copied from the source or added, with character spans."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, bool]] = []

    def add(self, text: str, copied: bool) -> None:
        if text:
            self.parts.append((text, copied))

    def text_and_spans(self) -> tuple[str, list[list[int]], float]:
        out, spans, pos, copied_words, words = [], [], 0, 0, 0
        for text, copied in self.parts:
            n = len(_PLAIN_WORD.findall(text))
            words += n
            if copied:
                copied_words += n
                if spans and spans[-1][1] == pos:
                    spans[-1][1] = pos + len(text)
                else:
                    spans.append([pos, pos + len(text)])
            out.append(text)
            pos += len(text)
        return "".join(out), spans, copied_words / max(1, words)


def _substitute(paras: list[str], rng: random.Random) -> tuple[list[str], list[list]]:
    """Swap loaded terms for another member of their family, every occurrence, case kept.

    At most one term per family is swapped, all in one pass, so a swap is never undone by another.
    """
    joined = "\n\n".join(paras)
    present: dict[int, list[str]] = {}
    for k, family in enumerate(LABEL_FAMILIES):
        for term in family:
            if re.search(rf"\b{re.escape(term)}\b", joined, flags=re.IGNORECASE):
                present.setdefault(k, []).append(term)
    if not present:
        return paras, []
    families = sorted(present)
    rng.shuffle(families)
    swaps: dict[str, str] = {}
    for k in families[: rng.randint(1, min(4, len(families)))]:
        term = rng.choice(present[k])
        swaps[term] = rng.choice([t for t in LABEL_FAMILIES[k] if t != term])
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in sorted(swaps, key=len, reverse=True)) + r")\b",
                         flags=re.IGNORECASE)
    counts = dict.fromkeys(swaps, 0)

    def repl(m: re.Match[str]) -> str:
        w = m.group()
        term = w.lower()
        counts[term] += 1
        new = swaps[term]
        return new.upper() if w.isupper() and len(w) > 1 else (new.capitalize() if w[0].isupper() else new)

    out = [pattern.sub(repl, p) for p in paras]
    return out, [[term, swaps[term], counts[term]] for term in swaps if counts[term]]


def _typography(text: str, rng: random.Random) -> str:
    if "\u201c" in text or "\u2019" in text:
        text = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2018", "'")
    else:
        text = re.sub(r'"(?=\w)', "\u201c", text).replace('"', "\u201d").replace("'", "\u2019")
    text = text.replace("U.S.", "US").replace("\u2014", "--") if rng.random() < 0.7 else text.replace(" -- ", " \u2014 ")
    return text


def _hyphenate(text: str, rng: random.Random) -> str:
    """Re-wrap at ~40 characters as a PDF column would, splitting long words with a hyphen."""
    width = rng.randint(34, 46)
    out_lines: list[str] = []
    for para in text.split("\n\n"):
        line = ""
        for word in para.split():
            if not line:
                line = word
            elif len(line) + 1 + len(word) <= width:
                line += " " + word
            else:
                room = width - len(line) - 2
                if word.isalpha() and len(word) >= 7 and room >= 3 and len(word) - room >= 3:
                    out_lines.append(f"{line} {word[:room]}-")
                    line = word[room:]
                else:
                    out_lines.append(line)
                    line = word
        out_lines.append(line)
        out_lines.append("")
    return "\n".join(out_lines).strip() + "\n"


def _boilerplate(rng: random.Random, source_outlet: str, year: str) -> tuple[str, list[str], list[str], str]:
    """(prefix of the first paragraph, lines before, lines after, mid-text line)."""
    o = _outlet(rng)
    fill = {"o": o, "d": rng.choice(_DAYPARTS), "y": year or "2018"}
    prefix = ""
    before: list[str] = []
    after: list[str] = []
    agency, credit = rng.choice(_AGENCIES)
    if rng.random() < 0.5:
        prefix = (rng.choice(_DATELINES) + " " if rng.random() < 0.6 else "") + credit
    if rng.random() < 0.5:
        before.append(f"By {_name(rng)}" + (f", {agency}" if rng.random() < 0.5 else ""))
    for _ in range(rng.randint(1, 3)):
        after.append(rng.choice(_PROMOS).format(**fill))
    if rng.random() < 0.4:
        after.append(f"Reporting by {_name(rng)}; Editing by {_name(rng)}")
    elif rng.random() < 0.4:
        after.append(f"{agency} contributed to this report.")
    middle = rng.choice(["Advertisement", "ADVERTISEMENT", "Story continues below", f"RELATED: More from {o}"])
    return prefix, before, after, middle


def make_copy(copy_id: str, source: dict, rng: random.Random) -> tuple[dict, Label]:
    """An edited copy of the real article ``source`` (a record of the input file) and its label."""
    paras = paragraphs(source["content_original"])
    n = len(paras)
    k = rng.choices([1, 2, 3], weights=[5, 4, 1])[0]
    edits = set()
    while len(edits) < k:
        edits.add(rng.choices(EDIT_TYPES, weights=_EDIT_WEIGHTS)[0])
    keep = list(range(n))
    if "trim" in edits and n >= 3:
        keep = keep[: max(2, round(n * rng.uniform(0.4, 0.9)))]
    if "drop_middle" in edits and len(keep) >= 5:
        drop = rng.randint(1, min(3, len(keep) - 4))
        at = rng.randrange(1, len(keep) - drop)
        del keep[at : at + drop]
    kept_text = [paras[i] for i in keep]
    subs: list[list] = []
    if "substitute" in edits:
        kept_text, subs = _substitute(kept_text, rng)
        if not subs:
            edits.discard("substitute")
    if "typography" in edits:
        kept_text = [_typography(p, rng) for p in kept_text]
    label = Label(copy_id, source["ID"], [], kept_paragraphs=keep,
                  dropped_paragraphs=[i for i in range(n) if i not in set(keep)], substitutions=subs)
    pieces = _Pieces()
    if "boilerplate" in edits:
        prefix, before, after, middle = _boilerplate(rng, source.get("source", ""), (source.get("date") or "")[:4])
        mid_at = rng.randrange(1, len(kept_text)) if len(kept_text) > 2 else -1
        label.added_lines = before + ([prefix.strip()] if prefix else []) + ([middle] if mid_at > 0 else []) + after
        for line in before:
            pieces.add(line + "\n\n", False)
        for i, p in enumerate(kept_text):
            if i:
                pieces.add("\n\n", True)
            if i == mid_at:
                pieces.add(middle + "\n\n", False)
            if i == 0 and prefix:
                pieces.add(prefix, False)
            pieces.add(p, True)
        for line in after:
            pieces.add("\n\n" + line, False)
    else:
        for i, p in enumerate(kept_text):
            if i:
                pieces.add("\n\n", True)
            pieces.add(p, True)
    text, spans, word_containment = pieces.text_and_spans()
    if "hyphenate" in edits:
        text = _hyphenate(text, rng)
        spans = []  # re-wrapping moves every character; passage spans are not kept for these
    label.copied_spans = spans
    label.word_containment = round(word_containment, 4)
    label.edit_types = sorted(edits) or ["verbatim"]  # "substitute" alone may find no loaded term
    c, jac, ratio = set_overlap(plain_shingles(source["content_original"]), plain_shingles(text))
    label.containment, label.jaccard, label.length_ratio = round(c, 4), round(jac, 4), round(ratio, 4)
    record = {
        "id": copy_id,
        "outlet": _outlet(rng),
        "published": source.get("date") or None,
        "title": source.get("title"),
        "text": text,
    }
    return record, label


# ---------------------------------------------------------------- real pairs


def scan_real_pairs(texts: Sequence[str], ids: Sequence[str], max_df: int = 1000) -> list[dict]:
    """Pairs of texts sharing text, from an exact inverted index of plain shingles.

    Every pair that shares a shingle held by at most ``max_df`` texts is counted;
    pairs sharing enough to matter get their exact overlap.
    """
    sets = [plain_shingles(t) for t in texts]
    sizes = np.array([len(s) for s in sets])
    doc = np.repeat(np.arange(len(sets)), sizes)
    if not len(doc):
        return []
    sh = np.concatenate(sets)
    order = np.argsort(sh, kind="stable")
    sh, doc = sh[order], doc[order]
    breaks = np.flatnonzero(sh[1:] != sh[:-1]) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(sh)]))
    df = ends - starts
    n = len(sets)
    keys: list[np.ndarray] = []
    for s, e in zip(starts[(df > 1) & (df <= max_df)], ends[(df > 1) & (df <= max_df)]):
        d = doc[s:e]
        i, j = np.triu_indices(len(d), 1)
        keys.append(np.minimum(d[i], d[j]).astype(np.int64) * n + np.maximum(d[i], d[j]))
    if not keys:
        return []
    pair, shared = np.unique(np.concatenate(keys), return_counts=True)
    a, b = pair // n, pair % n
    small = np.minimum(sizes[a], sizes[b])
    worth = shared >= 0.25 * small  # anything near 0.3 containment or Jaccard
    out = []
    for i, j in zip(a[worth].tolist(), b[worth].tolist()):
        c, jac, ratio = set_overlap(sets[i], sets[j])
        if c >= 0.3 or jac >= 0.3:
            kind = "duplicate" if c >= 0.8 and ratio >= 0.5 else "partial"
            x, y = sorted((ids[i], ids[j]))
            out.append({"a": x, "b": y, "kind": kind, "containment": round(c, 4), "jaccard": round(jac, 4),
                        "length_ratio": round(ratio, 4)})
    out.sort(key=lambda p: (p["a"], p["b"]))
    return out


# ---------------------------------------------------------------- corpus


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_records(path: Path = SOURCE) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def build(
    out_dir: Path, n_real: int | None = None, n_copies: int = 2000, seed: int = 7, source: Path = SOURCE,
    records: list[dict] | None = None,
) -> dict:
    """Write the benchmark to ``out_dir``; returns the manifest."""
    started = time.time()
    rng = random.Random(seed)
    records = records if records is not None else load_records(source)
    if n_real is not None and n_real < len(records):
        records = rng.sample(records, n_real)
    records = [r for r in records if len(_PLAIN_WORD.findall(r["content_original"])) >= 50]
    # Copies: sources sampled without replacement; some sources are syndicated more than once.
    copies: list[dict] = []
    labels: list[Label] = []
    pool = rng.sample(records, min(len(records), n_copies))
    src_iter = iter(pool)
    while len(copies) < n_copies:
        src = next(src_iter)
        for _ in range(rng.choices([1, 2, 3], weights=[7, 2, 1])[0]):
            if len(copies) >= n_copies:
                break
            record, label = make_copy(f"copy-{len(copies):06d}", src, rng)
            copies.append(record)
            labels.append(label)
    real = [
        {"id": r["ID"], "outlet": r.get("source") or None, "published": r.get("date") or None, "title": r.get("title"),
         "text": r["content_original"]}
        for r in records
    ]
    real_pairs = scan_real_pairs([r["text"] for r in real], [r["id"] for r in real])
    corpus = real + copies
    rng.shuffle(corpus)
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / "articles.jsonl", "w", encoding="utf-8") as f:
        for r in corpus:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(out_dir / "labels.jsonl", "w", encoding="utf-8") as f:
        for label in labels:
            f.write(json.dumps(asdict(label), ensure_ascii=False) + "\n")
    with open(out_dir / "real_pairs.jsonl", "w", encoding="utf-8") as f:
        for p in real_pairs:
            f.write(json.dumps(p) + "\n")
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "source": str(source),
        "source_sha256": sha256(source) if source.exists() else None,
        "real_articles": len(real),
        "copies": len(copies),
        "real_pairs": {k: sum(1 for p in real_pairs if p["kind"] == k) for k in ("duplicate", "partial")},
        "label_shingle": LABEL_SHINGLE,
        "seconds": round(time.time() - started, 1),
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def read_benchmark(folder: Path) -> tuple[list[dict], list[dict], list[dict], dict]:
    """``(articles, labels, real_pairs, manifest)`` of a folder written by :func:`build`."""

    def jsonl(name: str) -> list[dict]:
        with open(folder / name, encoding="utf-8") as f:
            return [json.loads(line) for line in f]

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return jsonl("articles.jsonl"), jsonl("labels.jsonl"), jsonl("real_pairs.jsonl"), manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/storytrace-reuse-benchmark"), help="output folder")
    parser.add_argument("--real", type=int, default=None, help="real articles to sample (default: all)")
    parser.add_argument("--copies", type=int, default=2000, help="injected copies")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--source", type=Path, default=SOURCE)
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"{args.source} is missing (the corpora live in ../shared/eval/)", file=sys.stderr)
        return 2
    manifest = build(args.out, args.real, args.copies, args.seed, args.source)
    print(json.dumps(manifest, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
