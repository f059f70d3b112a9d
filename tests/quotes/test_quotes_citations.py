"""Cited sources on invented texts, and their normalisation across a run."""

from __future__ import annotations

import pytest

from storytrace.models import Article
from storytrace.quotes import find_quotes
from storytrace.quotes.citations import normalise_sources, source_key
from storytrace.quotes.records import Citation

from quotes_helpers import require_model


def _sources(text: str) -> list[tuple[str, str]]:
    require_model()
    result = find_quotes([Article.from_raw("t", "t.txt", text)])
    for c in result.citations:
        assert text[c.start : c.end] == c.text
    return [(c.source, c.text) for c in result.citations]


def test_according_to_an_outlet():
    assert _sources("The vote was delayed, according to the Dorvant Gazette.") == [
        ("Dorvant Gazette", "according to the Dorvant Gazette")
    ]


def test_according_to_a_described_outlet_keeps_only_its_name():
    got = _sources("The dam held, according to regional news agency Pelvox.")
    assert [s for s, _ in got] == ["Pelvox"]


def test_outlet_reported():
    assert [s for s, _ in _sources("The mill will close in June, the Quarrel Times reported.")] == ["Quarrel Times"]


def test_per_an_outlet_and_wrote_in_an_outlet():
    text = (
        "“The dam is old,” Ada Venn said Monday, per Morvane Daily.\n\n"
        "“It must be replaced,” wrote Tiber Osk in the Quellish Review."
    )
    assert [s for s, _ in _sources(text)] == ["Morvane Daily", "Quellish Review"]


def test_told_an_outlet_but_not_a_person():
    text = "Mayor Pia Lundqvar told Vexo News that the count would resume. She also told Ada Venn about it."
    assert [s for s, _ in _sources(text)] == ["Vexo News"]


def test_according_to_a_named_person_is_not_a_citation():
    assert _sources("Harbor chief Ada Venn spoke. The pier is safe, according to Ada Venn.") == []


def test_source_key_drops_the_article_and_possessive():
    assert source_key("The Dorvant Gazette's") == source_key("dorvant gazette") == "dorvant gazette"


def test_normalisation_prefers_the_capitalised_acronym_then_the_commonest_form():
    citations = [
        Citation("1", "a", "Tass", "", 0, 0),
        Citation("2", "a", "Tass", "", 0, 0),
        Citation("3", "b", "TASS", "", 0, 0),
        Citation("4", "b", "the Gazette", "", 0, 0),
        Citation("5", "c", "Gazette", "", 0, 0),
        Citation("6", "c", "Gazette", "", 0, 0),
    ]
    normalise_sources(citations)
    assert [c.source for c in citations] == ["TASS", "TASS", "TASS", "Gazette", "Gazette", "Gazette"]


def test_normalisation_runs_across_articles():
    require_model()
    result = find_quotes([
        Article.from_raw("a", "a.txt", "The plan failed, KORVA reported on Monday."),
        Article.from_raw("b", "b.txt", "The plan failed, according to Korva."),
    ])
    assert [(c.article, c.source) for c in result.citations] == [("a", "KORVA"), ("b", "KORVA")]


@pytest.mark.parametrize("text", ["", "No sources are named in this sentence."])
def test_no_citations(text: str):
    assert _sources(text) == []
