"""The fast lemma component sets exactly the lemmas spaCy's rule lemmatizer sets."""

from __future__ import annotations

import numpy as np
from quotes_helpers import require_model

TEXT = (
    "The ferry operators said on Tuesday that the harbours were closing early.\n"
    "“We have been warned twice,” Captain Ilse Marrow told reporters, adding that the boats "
    "had already left. She was defending the decisions her crews made, and argued the geese "
    "were safer ashore. Better days are coming, she said; the worst storms passed quickly."
)


def _pipeline_without_lemmas():
    from storytrace.quotes.nlp import load_nlp

    require_model()
    nlp = load_nlp()
    assert "lemmas" in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    return nlp, nlp.get_pipe("lemmas")


def _fresh_doc(nlp):
    from spacy.attrs import LEMMA

    doc = nlp(TEXT, disable=["lemmas"])
    doc.from_array([LEMMA], np.zeros((len(doc), 1), dtype="uint64"))  # as if nothing set a lemma yet
    return doc


def test_fast_lemmas_match_spacy_rule_lemmatizer():
    nlp, fast = _pipeline_without_lemmas()
    ours = fast(_fresh_doc(nlp))
    theirs = _fresh_doc(nlp)
    for token in theirs:
        token.lemma_ = fast.lemmatizer.lemmatize(token)[0]  # what spaCy's own component does per token
    assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
    lemmas = {t.text: t.lemma_ for t in ours}
    assert lemmas["harbours"] == "harbour" and lemmas["geese"] == "goose" and lemmas["argued"] == "argue"


def test_fast_lemmas_keep_a_lemma_set_earlier():
    nlp, fast = _pipeline_without_lemmas()
    doc = _fresh_doc(nlp)
    doc[1].lemma_ = "boat-runner"
    fast(doc)
    assert doc[1].lemma_ == "boat-runner" and doc[2].lemma_ == "operator"


def test_known_lemma_lists_become_sets():
    _, fast = _pipeline_without_lemmas()
    index = fast.lemmatizer.lookups.get_table("lemma_index")
    assert len(index) and all(isinstance(words, frozenset) for words in index.values())
