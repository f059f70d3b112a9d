"""HTML main-text extraction, scored as trafilatura's own benchmark scores it.

``../shared/eval/trafilatura-en/evaldata.json`` maps each page's URL to its
HTML file and to snippets the extracted text must contain (``with``) and
must not contain (``without``: navigation, ads, comments). For every page we
run the extraction ReadSource uses (:func:`storytrace.ingest.html.read_html`);
a ``with`` snippet found is a true positive, missed a false negative; a
``without`` snippet found is a false positive, absent a true negative.

Usage::

    python evaluation/html_eval.py              # scores with the settings ReadSource uses
    python evaluation/html_eval.py --verbose    # ... and each page's misses
    python evaluation/html_eval.py --compare    # every trafilatura setting we consider
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from storytrace.ingest.html import DEFAULT_HTML_SETTINGS, HtmlSettings, read_html

REPO = Path(__file__).resolve().parents[1]
DEFAULT_EVAL_DIR = Path(os.environ.get("STORYTRACE_SHARED", REPO.parent / "shared")) / "eval" / "trafilatura-en"
BASELINE = REPO / "evaluation" / "baselines" / "html.json"

#: The settings --compare measures: trafilatura's trade-offs, one or two at a time.
CANDIDATES: tuple[HtmlSettings, ...] = (
    HtmlSettings(),
    HtmlSettings(include_comments=True),
    HtmlSettings(include_tables=False),
    HtmlSettings(favor_precision=True),
    HtmlSettings(favor_precision=True, include_tables=False),
    HtmlSettings(favor_recall=True),
    HtmlSettings(favor_recall=True, include_comments=True),
)


@dataclass(slots=True)
class Counts:
    """Snippet counts over pages; ``misses`` lists what each page got wrong, for --verbose."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fn += other.fn
        self.fp += other.fp
        self.tn += other.tn
        self.misses.extend(other.misses)

    def scores(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total = self.tp + self.fn + self.fp + self.tn
        accuracy = (self.tp + self.tn) / total if total else 0.0
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "accuracy": round(accuracy, 4)}


def evaldata_path(eval_dir: Path) -> Path:
    return eval_dir / "evaldata.json"


def gold_sha256(eval_dir: Path) -> str:
    """The hash of the gold file, pinned in the baseline so a changed gold set is noticed."""
    return hashlib.sha256(evaldata_path(eval_dir).read_bytes()).hexdigest()


def load_gold(eval_dir: Path) -> dict[str, dict]:
    return json.loads(evaldata_path(eval_dir).read_text(encoding="utf-8"))


def score_text(text: str | None, item: dict, label: str = "") -> Counts:
    """One page's counts; no text at all misses every wanted snippet and avoids every unwanted one."""
    counts = Counts()
    for snippet in item["with"]:
        if text is not None and snippet in text:
            counts.tp += 1
        else:
            counts.fn += 1
            counts.misses.append(f"{label}: missing   {snippet!r}")
    for snippet in item["without"]:
        if text is not None and snippet in text:
            counts.fp += 1
            counts.misses.append(f"{label}: unwanted  {snippet!r}")
        else:
            counts.tn += 1
    return counts


def score_page(args: tuple[Path, str, dict, HtmlSettings]) -> Counts:
    """Extract one page the way ReadSource does and score it (a top-level function, so it pickles)."""
    eval_dir, url, item, settings = args
    data = (eval_dir / "html" / item["file"]).read_bytes()
    try:
        page = read_html(data, settings=settings)
    except Exception as error:  # noqa: BLE001 - a page that fails to read scores as no text
        return score_text(None, item, f"{item['file']} ({type(error).__name__})")
    return score_text(page.text if page else None, item, item["file"])


def evaluate(eval_dir: Path = DEFAULT_EVAL_DIR, settings: HtmlSettings = DEFAULT_HTML_SETTINGS, workers: int = 0) -> Counts:
    """Counts over every page of the gold set (pages in the order of the gold file)."""
    gold = load_gold(eval_dir)
    jobs = [(eval_dir, url, item, settings) for url, item in gold.items()]
    total = Counts()
    if workers == 1:
        results = map(score_page, jobs)
    else:
        pool = ProcessPoolExecutor(max_workers=workers or os.cpu_count())
        results = pool.map(score_page, jobs, chunksize=4)
    for counts in results:
        total.add(counts)
    if workers != 1:
        pool.shutdown()
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--verbose", action="store_true", help="list each page's missing and unwanted snippets")
    parser.add_argument("--compare", action="store_true", help="score every candidate setting")
    parser.add_argument("--workers", type=int, default=0, help="processes (0: one per core)")
    args = parser.parse_args(argv)
    if not evaldata_path(args.eval_dir).exists():
        print(f"{evaldata_path(args.eval_dir)} is missing", file=sys.stderr)
        return 2
    for settings in CANDIDATES if args.compare else (DEFAULT_HTML_SETTINGS,):
        counts = evaluate(args.eval_dir, settings, args.workers)
        used = " (ReadSource)" if settings == DEFAULT_HTML_SETTINGS else ""
        print(json.dumps({"settings": settings.label() + used, **counts.scores(),
                          "tp": counts.tp, "fn": counts.fn, "fp": counts.fp, "tn": counts.tn}))
        if args.verbose:
            print("\n".join(counts.misses))
    print(json.dumps({"evaldata_sha256": gold_sha256(args.eval_dir)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
