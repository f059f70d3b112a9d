"""spaCy's rule lemmatizer, applied once per distinct word form instead of once per token.

spaCy's ``lemmatizer`` visits every token in Python (about a tenth of the small
pipeline's time on news articles). Its rule lemma is a pure function of the
token's word, part of speech and morphology: the same key spaCy caches on. So
:class:`FastLemmas` reads those three columns as arrays, asks the original
lemmatizer once per new key (remembered across documents) and writes every
lemma back in one array operation. The lemmas are the ones spaCy sets.

Note:
    A new key costs spaCy a scan of a word list (``form in index``, a list of
    up to 57,000 nouns) per candidate form; :func:`replace_lemmatizer` turns
    those lists into sets, which answer the same membership test at once.
"""

from __future__ import annotations

from typing import Any

#: Keys remembered at most (bounded memory on endless input; refilled as words recur).
MAX_KEYS = 200_000


class FastLemmas:
    """A pipeline component that sets the lemmas a rule ``lemmatizer`` would set, with one call per new word form.

    Args:
        lemmatizer: spaCy's rule-mode ``Lemmatizer`` (kept, and asked for every key not seen before).
    """

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self._lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma string id

    def __call__(self, doc: Any) -> Any:
        import numpy as np
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        todo = np.flatnonzero(table[:, 3] == 0)  # a lemma set earlier (attribute rules) is kept, as spaCy does
        if not len(todo):
            return doc
        lemmas = self._lemmas
        if len(lemmas) >= MAX_KEYS:
            lemmas.clear()
        strings = doc.vocab.strings
        keys = table[todo, :3].tolist()
        column = table[:, 3].copy()
        for i, key in zip(todo.tolist(), keys):
            key = tuple(key)
            lemma = lemmas.get(key)
            if lemma is None:
                lemma = lemmas[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            column[i] = lemma
        doc.from_array([LEMMA], column.reshape(-1, 1))
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)


def replace_lemmatizer(nlp: Any) -> None:
    """Swap a rule-mode ``lemmatizer`` in ``nlp`` for :class:`FastLemmas` (any other kind is kept as it is)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    original = nlp.get_pipe("lemmatizer")
    if getattr(original, "mode", None) != "rule" or getattr(original, "overwrite", False):
        return
    from spacy.language import Language

    if not Language.has_factory("storytrace_lemmas"):
        Language.factory("storytrace_lemmas", func=_unset_lemmas)
    names = nlp.pipe_names
    after = names[names.index("lemmatizer") + 1 :]
    _index_as_sets(original)
    nlp.remove_pipe("lemmatizer")
    component = nlp.add_pipe("storytrace_lemmas", name="lemmas", before=after[0] if after else None)
    component.lemmatizer = original


def _index_as_sets(lemmatizer: Any) -> None:
    """Make the known-lemma lists sets: the rule lemmatizer only tests membership in them."""
    if not lemmatizer.lookups.has_table("lemma_index"):
        return
    index = lemmatizer.lookups.get_table("lemma_index")
    for pos in list(index.keys()):
        words = index.get(pos)
        if isinstance(words, list):
            index[pos] = frozenset(words)


def _unset_lemmas(nlp: Any, name: str) -> FastLemmas:
    return FastLemmas(None)
