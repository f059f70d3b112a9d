"""Shared passages, kinds of reuse, direction, lineage and edits.

:func:`find_reuse` runs the steps in order over all articles of a run:

1. :mod:`~storytrace.reuse.tokens` - word sequences (typography folded away);
2. :mod:`~storytrace.reuse.candidates` - pairs sharing rare n-grams (passim's
   inverted index), plus the near-duplicate pairs dedup found;
3. :mod:`~storytrace.reuse.align` - local word alignment from the n-gram seeds;
4. :mod:`~storytrace.reuse.direction` and :mod:`~storytrace.reuse.attribution` -
   which article is the source and whether the copy credits it;
5. :mod:`~storytrace.reuse.templates` - outlet template text (footers) is not reuse;
   :mod:`~storytrace.reuse.kinds` - copied reporting or a shared quotation;
6. :mod:`~storytrace.reuse.edits` - what a copy changed, label swaps flagged;
7. :mod:`~storytrace.reuse.lineage` - who copied whom, chains included.
"""

from __future__ import annotations

from storytrace.models import Article, Duplicate, Edits, Reuse
from storytrace.reuse.candidates import build_postings, closest_pairs, find_candidates
from storytrace.reuse.edits import load_labels
from storytrace.reuse.lineage import build_lineage
from storytrace.reuse.pair import PairResult, analyse_pair
from storytrace.reuse.templates import template_ngrams
from storytrace.reuse.tokens import make_docs
from storytrace.settings import ReuseOptions

__all__ = ["find_reuse"]


def find_reuse(
    articles: list[Article], duplicates: list[Duplicate], options: ReuseOptions
) -> tuple[list[Reuse], list[Edits], list[dict]]:
    """Reuse between the articles of a run.

    Args:
        articles: the clean articles; passage offsets point into their ``text``.
        duplicates: near-duplicate pairs found by dedup; each is aligned even when
            its n-grams are too common for the index (a wire story on many sites).
        options: see :class:`~storytrace.settings.ReuseOptions`.

    Returns:
        ``(reuse, edits, lineage)``: one :class:`Reuse` per article pair sharing at
        least one passage (``copy`` or ``quotation``), one :class:`Edits` per copy,
        and the lineage entries described in :mod:`storytrace.reuse.lineage`.
    """
    docs = make_docs(articles)
    position = {a.id: i for i, a in enumerate(articles)}
    similarity = {
        (min(position[d.a], position[d.b]), max(position[d.a], position[d.b])): d.similarity
        for d in duplicates if d.a in position and d.b in position and d.a != d.b
    }
    # A text on hundreds of sites lists every pair of its copies as near-duplicates: align the closest only.
    forced = sorted(closest_pairs(similarity, docs, options.max_partners))
    lexicon = load_labels(options.labels_path)
    postings = build_postings(docs, options)
    templates = template_ngrams(docs, postings, options)
    results: list[PairResult] = []
    for candidate in find_candidates(docs, options, forced, postings):
        result = analyse_pair(
            docs[candidate.a], docs[candidate.b], candidate.seeds_a, candidate.seeds_b, options, lexicon, templates
        )
        if result is not None:
            results.append(result)
    lineage = build_lineage(results, options)
    reuse = [r.reuse for r in results]
    edits = [r.edits for r in results if r.edits is not None]
    return reuse, edits, lineage
