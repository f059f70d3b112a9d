"""One candidate pair, end to end: passages, direction, kind, attribution, edits.

``Reuse.evidence`` holds:

``direction``, ``direction_detail``
    the signal that decided which article is the source (see
    :mod:`~storytrace.reuse.direction`) and its figures;
``containment``
    share of each article's words inside the passages;
``shared_words``
    matched words over all passages;
``passages``
    per passage (same order as ``Reuse.passages``): ``kind`` and the share of its
    words inside quotation marks in source and target;
``attribution``, ``credited``
    how the target credits the source and the name it credits (or, when it does
    not, the names it credits instead: ``credits_others``);
``lineage``
    added by :mod:`~storytrace.reuse.lineage` for copies: direct, indirect (``via``) or sibling.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from storytrace.models import Edits, Reuse
from storytrace.reuse.align import Aligned, align_pair
from storytrace.reuse.attribution import Attribution, attribution
from storytrace.reuse.direction import SIGNAL_STRENGTH, Direction, containment, covered_words, decide_direction
from storytrace.reuse.edits import Lexicon, pair_edits
from storytrace.reuse.kinds import flip_kind, pair_kind, passage_kind
from storytrace.reuse.templates import is_template
from storytrace.reuse.tokens import Doc
from storytrace.settings import ReuseOptions


@dataclass(slots=True, eq=False)
class PairResult:
    """The records for one pair, plus what the lineage needs to compare sources of one copy."""

    reuse: Reuse
    edits: Edits | None
    source: Doc
    target: Doc
    passages: list[Aligned]  # read source -> target
    attribution: Attribution
    signal_strength: int

    @property
    def is_copy(self) -> bool:
        return self.reuse.kind == "copy"

    def target_mask(self) -> np.ndarray:
        """Which target words the source passages cover."""
        mask = np.zeros(len(self.target), dtype=bool)
        for p in self.passages:
            mask[p.b_start : p.b_end] = True
        return mask

    def matched(self) -> int:
        return sum(p.matched for p in self.passages)


def analyse_pair(
    doc_a: Doc,
    doc_b: Doc,
    seeds_a: np.ndarray,
    seeds_b: np.ndarray,
    options: ReuseOptions,
    lexicon: Lexicon,
    template_ngrams: np.ndarray | None = None,
) -> PairResult | None:
    """Everything about one candidate pair, or None when it shares nothing worth reporting.

    ``template_ngrams`` are the template n-grams (:mod:`~storytrace.reuse.templates`);
    passages made of them are dropped.
    """
    passages = align_pair(doc_a, doc_b, seeds_a, seeds_b, options)
    if template_ngrams is not None and len(template_ngrams):
        passages = [p for p in passages if not is_template(p, template_ngrams, options)]
    kinds = [passage_kind(p, options.quote_share) for p in passages]
    passages, kinds = _worth_reporting(doc_a, doc_b, passages, kinds, options)
    if not passages:
        return None
    flipped = [p.flipped() for p in passages]
    credit_ab = attribution(doc_a, doc_b, passages, options.credit_window_sentences)
    credit_ba = attribution(doc_b, doc_a, flipped, options.credit_window_sentences)
    # Only a credit that names the other article's own outlet, author or credit decides direction.
    direction = decide_direction(
        doc_a, doc_b, passages, kinds, credit_ab.strength > 0, credit_ba.strength > 0, options
    )
    if direction.a_is_source:
        source, target, credit = doc_a, doc_b, credit_ab
    else:
        source, target, credit, passages = doc_b, doc_a, credit_ba, flipped
        kinds = [flip_kind(k) for k in kinds]
    kind = pair_kind(kinds)
    reuse = Reuse(
        source=source.article.id,
        target=target.article.id,
        kind=kind,
        attributed=credit.attributed,
        passages=[p.passage() for p in passages],
        evidence=_evidence(source, target, passages, kinds, credit, direction),
    )
    edits = None
    if kind == "copy":
        copied = [p for p, k in zip(passages, kinds) if k["kind"] == "copy"]
        edits = pair_edits(source.article.id, target.article.id, copied, lexicon)
    return PairResult(reuse, edits, source, target, passages, credit, SIGNAL_STRENGTH[direction.signal])


def _worth_reporting(
    doc_a: Doc, doc_b: Doc, passages: list[Aligned], kinds: list[dict], options: ReuseOptions
) -> tuple[list[Aligned], list[dict]]:
    """All passages when enough text is copied; else only the shared quotations (maybe none).

    Copied words are counted as covered words, not matches: one stock phrase repeated
    in both articles aligns twice but is shared once.
    """
    copied = [p for p, k in zip(passages, kinds) if k["kind"] == "copy"]
    copied_words = min(
        covered_words(len(doc_a), [(p.a_start, p.a_end) for p in copied]),
        covered_words(len(doc_b), [(p.b_start, p.b_end) for p in copied]),
    )
    if copied_words >= options.min_copy_words:
        return passages, kinds
    kept = [(p, k) for p, k in zip(passages, kinds) if k["kind"] == "quotation"]
    return [p for p, _ in kept], [k for _, k in kept]


def _evidence(
    source: Doc, target: Doc, passages: list[Aligned], kinds: list[dict], credit: Attribution, direction: Direction
) -> dict:
    """``Reuse.evidence``: what decided direction, kind and attribution (lineage adds ``lineage``)."""
    c_source, c_target = containment(source, target, passages)
    evidence: dict = {
        "direction": direction.signal,
        "direction_detail": direction.detail,
        "containment": {"source": round(c_source, 3), "target": round(c_target, 3)},
        "shared_words": sum(p.matched for p in passages),
        "passages": kinds,
    }
    if credit.evidence:
        evidence["attribution"] = credit.evidence
    if credit.attributed:
        evidence["credited"] = credit.evidence.get("credited")
    return evidence
