"""The attribute rules as array operations set what spaCy's attribute_ruler sets."""

from __future__ import annotations

from quotes_helpers import require_model

TEXT = (
    "Ain't nothin' gonna stop the ferry, y'all know that, the harbour master said on Tuesday.\n"
    "“We haven't been told, and we don't care,” Captain Ilse Marrow told reporters. She'd have "
    "gone anyway; the crews couldn't wait. Nothing's certain, said Dr. Orlec Venn of the port authority."
)


def test_fast_attributes_match_the_attribute_ruler():
    import spacy
    from spacy.tokens import Doc

    from storytrace.quotes.nlp import MODEL_NAMES, load_nlp

    require_model()
    nlp = load_nlp()
    doc = nlp(TEXT, disable=["attributes", "lemmas", "ner"])
    copy = Doc(doc.vocab).from_bytes(doc.to_bytes())
    nlp.get_pipe("attributes")(doc)
    spacy.load(MODEL_NAMES[0], exclude=["senter"]).get_pipe("attribute_ruler")(copy)
    ours = [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in doc]
    assert ours == [(t.pos_, t.tag_, str(t.morph), t.lemma_) for t in copy]
    assert any(t.lemma_ for t in doc)  # the rules did set something (contractions get lemmas)
