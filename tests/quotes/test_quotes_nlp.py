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


def test_cue_indices_pick_the_tokens_a_walk_over_every_token_would():
    from storytrace.quotes.citations import _CUE_LEMMAS
    from storytrace.quotes.cues import INDIRECT_LEMMAS
    from storytrace.quotes.nlp import cue_indices, load_nlp

    require_model()
    doc = load_nlp()(
        TEXT + "\nThe Tidewater Gazette reported the closure, according to the council, and per the minutes "
        "the clerk wrote in the Harbour Weekly that fees had been cut. Ministers argued that they would rise."
    )
    for lemmas, words in ((_CUE_LEMMAS, ("according", "per")), (INDIRECT_LEMMAS, ())):
        walked = [t.i for t in doc if (t.pos_ == "VERB" and t.lemma_.lower() in lemmas) or t.lower_ in words]
        assert cue_indices(doc, lemmas, words) == walked
        assert walked  # the text has such tokens, so an empty answer would be a failure
    assert cue_indices(load_nlp()(""), INDIRECT_LEMMAS) == []


def test_the_resolver_walks_names_proper_nouns_and_personal_pronouns_only():
    from storytrace.quotes.nlp import load_nlp
    from storytrace.quotes.speakers import _walk_indices, person_names

    require_model()
    doc = load_nlp()(
        "Mayor Jessa Orlund met the Velm council on Monday. She said her plan would pass, and "
        "Orlund told them so. “It is ours,” he added, while Councillor Bram Teodor said nothing."
    )
    ent_of = {i: ent for ent in person_names(doc) for i in range(ent.start, ent.end)}
    walked = [t.i for t in doc if t.i in ent_of or (t.pos_ == "PROPN" and t.ent_type_ != "PERSON") or t.tag_ in ("PRP", "PRP$")]
    assert _walk_indices(doc, ent_of) == walked
    assert {doc[i].lower_ for i in walked} >= {"she", "her", "he"}
