"""Golden tests of quotes, speakers and citations on the five seed articles.

The seeds are read through the ``seeds_dir`` fixture and cleaned by the
pipeline (004 is a PDF print page whose hyphenated lines it joins). The
expected strings are short checks typed from reading the seeds, not copies.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import storytrace
from storytrace.quotes import QuoteResult, find_quotes

from quotes_helpers import require_model


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> tuple[dict[str, str], QuoteResult]:
    require_model()
    articles = storytrace.analyze([seeds_dir], options=storytrace.Options(workers=1)).articles
    return {a.id[:3] if "." not in a.id else a.id: a.text for a in articles}, find_quotes(articles)


def _quotes(result: QuoteResult, prefix: str):
    return [q for q in result.quotes if q.article.startswith(prefix) and "." not in q.article]


def _one(result: QuoteResult, prefix: str, cue: str, speaker_mention: str):
    found = [q for q in _quotes(result, prefix) if q.cue == cue and q.speaker_mention == speaker_mention]
    assert len(found) == 1, [(q.cue, q.speaker_mention, q.text[:30]) for q in _quotes(result, prefix)]
    return found[0]


def test_he_added_in_000_is_maliki(seeds):
    _, result = seeds
    quote = _one(result, "000", "added", "he")
    assert quote.speaker == "Nouri al-Maliki"
    assert quote.kind == "direct" and quote.text.rstrip().endswith("military spheres")


def test_he_added_in_004_is_mehdiyev(seeds):
    _, result = seeds
    quote = _one(result, "004", "added", "he")
    assert quote.speaker == "Aydin Mehdiyev"
    assert quote.text.startswith("Baghdad and Moscow")


def test_quotes_of_004_are_whole_after_print_repair(seeds):
    texts, result = seeds
    quotes = _quotes(result, "004")
    assert len(quotes) >= 15
    for q in quotes:
        assert texts["004"][q.start : q.end] == q.text
        assert "\n" not in q.text and "- " not in q.text
    contribution = next(q for q in quotes if q.text.startswith("Russia has made a tremendous"))
    assert "disintegration of the region" in contribution.text and contribution.text.endswith("thank you")
    assert contribution.speaker == "Nuri al-Maliki"


def test_speakers_in_004_are_canonical_full_names(seeds):
    _, result = seeds
    speakers = {q.speaker for q in _quotes(result, "004") if q.kind == "direct"}
    assert {"Nuri al-Maliki", "Amir Taheri", "Aydin Mehdiyev", "Michael Knights", "Tom O’Connor"} <= speakers
    assert not speakers & {"TASS", "Rudaw", "Rudaw English", "Newsweek"}


def test_description_in_004_is_maliki(seeds):
    _, result = seeds
    quote = _one(result, "004", "expressed", "The former Iraqi prime minister")
    assert quote.speaker == "Nuri al-Maliki" and quote.kind == "partial"


def test_quote_continued_across_paragraphs_in_000(seeds):
    texts, result = seeds
    quote = _one(result, "000", "added", "he")
    assert quote.text.startswith("It would create") and "\n\n" in quote.text


def test_partial_and_indirect_quotes_in_003(seeds):
    _, result = seeds
    quotes = _quotes(result, "003")
    assert any(q.kind == "partial" and q.speaker == "Sergey Lavrov" for q in quotes)
    assert any(q.kind == "indirect" and q.cue == "noted" and q.speaker == "Sergey Lavrov" for q in quotes)
    assert {q.speaker for q in quotes if q.kind == "direct"} == {"Sergey Lavrov", "David Petraeus", "Nouri al-Maliki"}


def test_citations_are_normalised_across_seeds(seeds):
    _, result = seeds
    by_article: dict[str, set[str]] = {}
    for c in result.citations:
        by_article.setdefault(c.article[:3], set()).add(c.source)
    assert {"TASS", "Rudaw", "Reuters"} <= by_article["000"]
    assert "Rudaw" in by_article["003"]
    assert {"TASS", "Rudaw English", "Asharq Al-Awsat", "Newsweek"} <= by_article["004"]
    assert not any(c.source == "Tass" for c in result.citations)


def test_entities_merge_surnames(seeds):
    _, result = seeds
    people = [e for e in result.entities if e.article.startswith("000") and e.type == "PERSON"]
    maliki = [e for e in people if e.name.endswith("al-Maliki")]
    assert [e.name for e in maliki] == ["Nouri al-Maliki"] and len(maliki[0].mentions) >= 5
    assert not any(e.name in ("Maliki", "Rudaw") for e in people)
