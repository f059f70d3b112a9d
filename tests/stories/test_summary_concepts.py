"""Concept coverage for the summary: shared words and word pairs, and the gain a sentence still adds (invented text)."""

from __future__ import annotations

from dataclasses import replace

from storytrace.stories.summary import Document, SummaryParams, summarize
from storytrace.stories.summary_concepts import ConceptCover, concepts


def test_concepts_are_content_stems_and_word_pairs_with_a_content_word():
    found = concepts("The dams of Velm were closed")
    assert {("dam",), ("velm",), ("clos",)} <= found
    assert ("the", "dam") in found and ("dam", "of") in found and ("velm", "were") in found
    assert ("were",) not in found and ("of", "the") not in concepts("one of the dams")  # stop words alone are no concept
    assert concepts("The dam closes") & concepts("the dams closed") >= {("dam", "clos")}  # word forms join
    assert concepts("") == set()


def test_only_what_two_outlets_carry_weighs_and_a_covered_concept_gains_nothing():
    sentences = [
        "Dalvenia closed the Harrow dam on Monday.",  # outlet A
        "Dalvenia closed the Harrow dam, officials said.",  # outlet B: shares most of it
        "Fishermen moved their boats upstream.",  # outlet A only
        "Fishermen moved their boats upstream.",  # outlet A again: one outlet is no agreement
    ]
    cover = ConceptCover(sentences, ["A", "B", "A", "A"])
    gains = cover.gains()
    assert gains[0] > 0 and gains[1] > 0
    assert gains[2] == gains[3] == 0
    cover.cover(0)
    after = cover.gains()
    assert after[1] < gains[1] and after[0] == 0  # what the summary already says adds nothing


def test_a_title_counts_as_its_outlets_words():
    sentences = ["Engineers will read the river gauges next week.", "The basin commission met in Velm."]
    without = ConceptCover(sentences, ["A", "A"]).gains()
    with_title = ConceptCover(sentences, ["A", "A"], [("B", "Engineers to read river gauges")]).gains()
    assert not without.any()
    assert with_title[0] > 0 and with_title[1] == 0


def test_the_concept_gain_steers_the_second_pick_away_from_a_repeat():
    fact = "Dalvenia closed the Harrow Gap dam on Monday after the spring floods."
    other = "Sarrow asked the basin commission to inspect the Orvane river gauges."
    aside = "Local traders sold more umbrellas than usual in Velm."
    docs = [
        Document("b", f"{fact} {aside}", "Coastline Daily"),
        Document("a", f"{fact} {other}", "Harbor Herald"),
        Document("c", f"{other} The Orvane river gauges showed lower water levels.", "Delta Courier"),
    ]
    # Concept gain alone, no redundancy filter: the verbatim repeat of the first pick gains nothing,
    # and the aside no other outlet carries gains nothing either.
    params = SummaryParams(
        consensus_weight=0.0, centrality_weight=0.0, title_weight=0.0, concept_weight=1.0,
        redundancy=1.01, min_words=3, budget_share=1.0, words=24, max_sentences=2, expected_rouge=False,
    )
    texts = [s.text for s in summarize(docs, params)]
    assert len(texts) == 2 and set(texts) == {fact, other}
    # Without the gain every candidate ties and story order decides: the aside comes in.
    blind = [s.text for s in summarize(docs, replace(params, concept_weight=0.0))]
    assert aside in blind


def test_the_summary_is_deterministic_and_every_sentence_keeps_its_support():
    docs = [
        Document("a", "Dalvenia closed the Harrow Gap dam on Monday. Fish died in the delta.", "Herald"),
        Document("b", "The Harrow Gap dam was closed by Dalvenia on Monday. Boats moved upstream.", "Radio"),
    ]
    params = SummaryParams(min_words=3)
    first, second = summarize(docs, params), summarize(docs, params)
    assert [(s.text, s.support) for s in first] == [(s.text, s.support) for s in second]
    assert first and all(s.support for s in first)
