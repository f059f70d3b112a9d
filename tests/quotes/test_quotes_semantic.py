"""Translations that share few words: sentence embeddings (:mod:`storytrace.quotes.semantic`) and grouping.

The remarks below are invented for these tests: one remark of an invented
minister in two English renderings that share almost no wording, and a
different remark of hers on the same topic.
"""

from __future__ import annotations

import sys
import warnings

import pytest

from storytrace.models import Article
from storytrace.quotes import groups, semantic
from storytrace.quotes.groups import group_quotes
from storytrace.quotes.records import Quote

RENDERING_A = (
    "No town upriver may decide on its own how much water flows down to our orchards. "
    "The Selva is not a faucet that one council can turn on and off as it likes."
)
RENDERING_B = (
    "Those who live upstream cannot be the only ones choosing the amount of water that reaches our fruit farms. "
    "The Selva is no valve for a single council to open or shut at its pleasure."
)
FIRST_SENTENCE_ONLY = "Nobody upriver may settle alone how much water comes down to our orchards"
OTHER_REMARK = "Our orchards will need new pumps before the summer, and the council has promised to pay for half of them."


def _quote(id: str, article: str, text: str, speaker: str | None) -> Quote:
    return Quote(id, article, text, 0, len(text), "direct", speaker)


def _articles(*ids: str) -> list[Article]:
    return [Article.from_raw(i, f"{i}.txt", "(body not used)", outlet=f"Outlet {i}") for i in ids]


def test_sentences_split_at_full_stops_before_capitals():
    text = "We will talk. “Then we decide,” she said? No. 3.5 percent is not 4 percent! Done"
    assert semantic.sentences(text) == ["We will talk.", "“Then we decide,” she said?", "No.", "3.5 percent is not 4 percent!", "Done"]
    assert semantic.sentences("") == []


def test_two_renderings_of_one_remark_are_similar_and_another_remark_is_not():
    texts = [RENDERING_A, RENDERING_B, FIRST_SENTENCE_ONLY, OTHER_REMARK]
    found = semantic.similar_pairs(texts, [(0, 1), (0, 2), (0, 3), (1, 3)])
    assert {(0, 1), (0, 2)} <= set(found)  # whole renderings; a first sentence rendered apart
    assert (0, 3) not in found and (1, 3) not in found
    assert all(semantic.WHOLE_WITH_SENTENCE <= cosine <= 1.0 for cosine in found.values())


def test_translations_by_the_same_speaker_share_a_group():
    quotes = [
        _quote("a:q1", "a", RENDERING_A, "Vesna Koral"),
        _quote("b:q1", "b", RENDERING_B, "Koral"),
        _quote("d:q1", "d", OTHER_REMARK, "Vesna Koral"),
    ]
    result = group_quotes(quotes, _articles("a", "b", "d"))
    assert quotes[0].group == quotes[1].group != quotes[2].group
    (joined,) = [g for g in result if len(g.quotes) == 2]
    assert joined.speaker in ("Vesna Koral", "Koral") and len(joined.versions) == 2


def test_a_translation_of_one_sentence_of_the_remark_joins_it():
    quotes = [
        _quote("a:q1", "a", RENDERING_A, "Vesna Koral"),
        _quote("c:q1", "c", FIRST_SENTENCE_ONLY, "Vesna Koral"),
        _quote("d:q1", "d", OTHER_REMARK, "Vesna Koral"),
    ]
    group_quotes(quotes, _articles("a", "c", "d"))
    assert quotes[0].group == quotes[1].group != quotes[2].group


def test_no_translation_match_without_the_same_speaker():
    quotes = [_quote("a:q1", "a", RENDERING_A, "Vesna Koral"), _quote("b:q1", "b", RENDERING_B, "Ilja Brandt")]
    group_quotes(quotes, _articles("a", "b"))
    assert quotes[0].group != quotes[1].group
    unknown = [_quote("a:q1", "a", RENDERING_A, "Vesna Koral"), _quote("b:q1", "b", RENDERING_B, None)]
    group_quotes(unknown, _articles("a", "b"))
    assert unknown[0].group != unknown[1].group


def test_only_pairs_word_overlap_leaves_open_are_embedded(monkeypatch):
    asked: list[list[tuple[int, int]]] = []

    def spy(texts, pairs):
        asked.append(list(pairs))
        return {}

    monkeypatch.setattr(groups, "similar_pairs", spy)
    copy = "The Selva is not a faucet that one council can turn on and off as it likes."
    quotes = [
        _quote("a:q1", "a", copy, "Vesna Koral"),
        _quote("b:q1", "b", copy, "Vesna Koral"),  # a copy: settled by words
        _quote("c:q1", "c", RENDERING_B, "Vesna Koral"),  # left open by words
        _quote("d:q1", "d", RENDERING_B, "Ilja Brandt"),  # another speaker: never embedded
    ]
    group_quotes(quotes, _articles("a", "b", "c", "d"))
    assert quotes[0].group == quotes[1].group
    pairs = {pair for call in asked for pair in call}
    assert pairs and all(3 not in pair for pair in pairs) and (0, 1) not in pairs


def test_without_sentence_transformers_grouping_falls_back_to_word_overlap(monkeypatch):
    from storytrace.stories import embed

    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # "import sentence_transformers" fails
    monkeypatch.setattr(embed, "_model", None)
    monkeypatch.setattr(embed, "_failed", None)
    monkeypatch.setattr(semantic, "_warned", False)
    copy = "The Selva is not a faucet that one council can turn on and off as it likes."
    quotes = [
        _quote("a:q1", "a", RENDERING_A, "Vesna Koral"),
        _quote("b:q1", "b", RENDERING_B, "Vesna Koral"),
        _quote("c:q1", "c", copy, "Vesna Koral"),
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = group_quotes(quotes, _articles("a", "b", "c"))
    assert any("word overlap only" in str(w.message) for w in caught)
    assert quotes[0].group == quotes[2].group  # the trimmed copy still joins by its words
    assert quotes[1].group != quotes[0].group  # the loose translation needs the embeddings
    assert sorted(q for g in result for q in g.quotes) == ["a:q1", "b:q1", "c:q1"]


@pytest.mark.parametrize("pairs", [[], [(0, 0)]])
def test_similar_pairs_edge_cases(pairs):
    found = semantic.similar_pairs([RENDERING_A], pairs)
    assert found == ({} if not pairs else {(0, 0): pytest.approx(1.0, abs=1e-3)})
