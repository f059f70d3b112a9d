"""The summary's title line: headline hygiene and the learned chooser (invented articles)."""

from __future__ import annotations

import json
from dataclasses import replace
from itertools import permutations

import numpy as np

from storytrace.stories.summary import Document
from storytrace.stories.summary_title import (
    FEATURES,
    WEIGHTS_FILE,
    load_weights,
    summary_title,
    tidy_title,
    title_features,
)

NEUTRAL = Document("a", (
    "Dalvenia began filling the Harrow Gap reservoir on Monday, officials in Velm said. "
    "Sarrow says the filling is drying out the Orvane delta downstream."
), "Harbor Herald", "Dalvenia begins filling Harrow Gap reservoir")
ALSO = Document("b", (
    "Officials in Velm said Dalvenia started filling the Harrow Gap reservoir on Monday. "
    "Sarrow's foreign minister said the filling was drying out the Orvane delta."
), "Orvane Valley Radio", "Dalvenia starts filling Harrow Gap reservoir as Sarrow protests")
OPINION = Document("c", (
    "I have said it before and I will say it again: we should never have trusted Velm. "
    "This dam is a disgraceful, reckless mistake, and frankly everyone knows it."
), "Sarrow Delta Courier", "Why I will never forgive Velm for this disgraceful dam!")


def test_hygiene_drops_section_labels_and_site_suffixes_only():
    assert tidy_title("Opinion: The dam is a mistake") == "The dam is a mistake"
    assert tidy_title("BREAKING - Dam gates close at dawn") == "Dam gates close at dawn"
    assert tidy_title("Analysis | Why the dam matters now") == "Why the dam matters now"
    assert tidy_title("Dam gates close at dawn | Harbor Herald") == "Dam gates close at dawn"
    assert tidy_title("Dam gates close at dawn \u2014 Harbor Herald", "Harbor Herald") == "Dam gates close at dawn"
    # A dash that is part of the headline stays, and so does a label that leaves too little.
    assert tidy_title("Dam gates close \u2014 and fishermen move upstream", "Harbor Herald") == (
        "Dam gates close \u2014 and fishermen move upstream")
    assert tidy_title("Opinion: Dams") == "Opinion: Dams"
    assert tidy_title("  Dam   gates close  ") == "Dam gates close"


def test_the_neutral_consensus_headline_beats_the_opinion_headline():
    body = ["Dalvenia began filling the Harrow Gap reservoir on Monday, officials in Velm said."]
    for order in permutations([NEUTRAL, ALSO, OPINION]):
        assert summary_title(list(order), body) in {NEUTRAL.title, ALSO.title}
    x = title_features([d.title for d in (NEUTRAL, ALSO, OPINION)], [d.text for d in (NEUTRAL, ALSO, OPINION)], body)
    assert x.shape == (3, len(FEATURES))
    col = FEATURES.index("sim_titles")
    assert x[2, col] < min(x[0, col], x[1, col])  # the opinion headline shares least with the others


def test_the_choice_ignores_outlet_names_and_the_articles_order():
    docs = [NEUTRAL, ALSO, OPINION]
    picks = {summary_title(list(order)) for order in permutations(docs)}
    assert len(picks) == 1
    renamed = [replace(d, outlet=f"Site {i}", id=f"x{i}") for i, d in enumerate(docs)]
    assert summary_title(renamed) == picks.pop()


def test_weights_decide_and_edge_cases_are_safe():
    docs = [NEUTRAL, ALSO, OPINION]
    # Weights that reward only exclamation marks pick the opinion headline: the weights, not the order, decide.
    only_exclaim = {f: 0.0 for f in FEATURES} | {"exclaim": 1.0}
    assert summary_title(docs, weights=only_exclaim) == OPINION.title
    assert summary_title([]) == ""
    assert summary_title([Document("x", "text without a headline")]) == ""
    assert summary_title([replace(NEUTRAL, title="WATCH: Dalvenia fills the dam")]) == "Dalvenia fills the dam"


def test_the_shipped_weights_are_plain_json_for_every_feature():
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(FEATURES)
    weights = load_weights()
    assert all(np.isfinite(v) for v in weights.values()) and any(v != 0 for v in weights.values())


def test_shares_count_only_what_the_other_articles_carry():
    from storytrace.stories.summary_title import _grams, _tokens

    titles = ["Velm gauges fall again", "Harrow Gap gauges fall", "Orvane delta dries out", "Velm gauges fall again"]
    texts = ["River gauges in Velm fell.", "Gauges at Harrow Gap fell again.", "The delta dries.", "Velm said so."]
    rows = title_features(titles, texts)
    for i in range(len(titles)):
        mine = _grams(_tokens(titles[i]), 2)
        other_titles = set().union(*(_grams(_tokens(t), 2) for j, t in enumerate(titles) if j != i))
        other_texts = set().union(*(_grams(_tokens(x), 2) for j, x in enumerate(texts) if j != i))
        assert rows[i, FEATURES.index("p2_titles")] == len(mine & other_titles) / len(mine)
        assert rows[i, FEATURES.index("p2_texts")] == len(mine & other_texts) / len(mine)
    # The first and the last headline are the same words: each finds all its pairs in the other.
    assert rows[0, FEATURES.index("p2_titles")] == rows[3, FEATURES.index("p2_titles")] == 1.0
    assert rows[2, FEATURES.index("p2_titles")] == 0.0
