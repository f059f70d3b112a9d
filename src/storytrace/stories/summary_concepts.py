"""Concepts a summary should cover: what several outlets of a story say in the same words.

Concept coverage in the style of Gillick & Favre (2009): a story's *concepts* are
its content words and its word pairs (two adjacent words, at least one of them
not a stop word), lower-cased and lightly stemmed. A concept weighs 1 when at
least two outlets carry it (in a sentence or a title) and 0 otherwise: the
neutral roundup states what the sides agree on, and one outlet's wording is
not yet agreement. A sentence's *gain* is the weight of the concepts it would
add to the summary, so a sentence that repeats what the summary already says
gains nothing.

Note:
    Measured on NeuS train (``evaluation/summary_eval.py --split train --tune``),
    pairs with at least one content word beat pairs of two content words and pairs
    across removed stop words; counting outlets (weight 1 from two outlets on)
    matched weighting by the number of outlets; gain per square root of the
    sentence's words beat gain per word. Selecting by concept coverage alone, as an
    ILP under a hard word cap (``scipy.optimize.milp``) or greedily, scored below
    the sentence scorer; the blend in :mod:`storytrace.stories.summary` is what is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
from scipy import sparse

from storytrace.stories.summary_text import STOP, WORD, stem

#: A concept: one stem, or two adjacent stems.
Concept = tuple[str, ...]


def concepts(text: str) -> set[Concept]:
    """The concepts of one text: its content-word stems and its adjacent word pairs with a content word.

    Example:
        >>> sorted(concepts("The dams opened"))
        [('dam',), ('dam', 'open'), ('open',), ('the', 'dam')]
    """
    words: list[tuple[str, bool]] = []
    for word in WORD.findall(text):
        word = word.lower().replace("\u2019", "'").removesuffix("'s")
        words.append((stem(word), word in STOP or len(word) < 2))
    found: set[Concept] = {(s,) for s, stop in words if not stop}
    found.update((a, b) for (a, a_stop), (b, b_stop) in pairwise(words) if not (a_stop and b_stop))
    return found


class ConceptCover:
    """The concepts of a story's sentences, weighted by how many outlets carry them.

    Args:
        sentences: the candidate sentences' texts.
        outlets: each sentence's outlet (or article id when the outlet is unknown).
        titles: ``(outlet, title)`` pairs: a title counts as its outlet's words.
    """

    def __init__(self, sentences: Sequence[str], outlets: Sequence[str], titles: Sequence[tuple[str, str]] = ()):
        per_sentence = [concepts(s) for s in sentences]
        carried_by: dict[Concept, set[str]] = {}
        for found, outlet in zip(per_sentence, outlets):
            for c in found:
                carried_by.setdefault(c, set()).add(outlet)
        for outlet, title in titles:
            for c in concepts(title):
                carried_by.setdefault(c, set()).add(outlet)
        # Only shared concepts can add to a sentence's gain: the matrix keeps those columns only.
        shared = {c: i for i, c in enumerate(c for c, who in carried_by.items() if len(who) >= 2)}
        rows, cols = [], []
        for r, found in enumerate(per_sentence):
            for c in found:
                if (col := shared.get(c)) is not None:
                    rows.append(r)
                    cols.append(col)
        self.matrix = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(per_sentence), max(len(shared), 1))
        )
        self._uncovered = np.ones(self.matrix.shape[1])
        if not shared:
            self._uncovered[:] = 0.0

    def gains(self) -> np.ndarray:
        """Each sentence's weight of shared concepts the summary does not cover yet."""
        return np.asarray(self.matrix @ self._uncovered).ravel()

    def cover(self, sentence: int) -> None:
        """Mark the concepts of ``sentence`` as covered by the summary."""
        row = self.matrix.getrow(sentence)
        self._uncovered[row.indices] = 0.0


__all__ = ["Concept", "ConceptCover", "concepts"]
