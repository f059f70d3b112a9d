"""Expected ROUGE: unit features, the unit and length models, and the choice with shortened sentences."""

from __future__ import annotations

import json

import numpy as np

from storytrace.stories.summary import Document, SummaryParams, _prepare, _support, summarize, summary_with_title
from storytrace.stories.summary_compress import ELISION
from storytrace.stories.summary_expected import (
    BIGRAM_FEATURES,
    BIGRAM_LEXICON_FEATURES,
    UNIGRAM_FEATURES,
    UNIGRAM_LEXICON_FEATURES,
    WEIGHTS_FILE,
    ExpectedRouge,
    Lexicon,
    Models,
    UnitModel,
    load_models,
    tokens,
    unit_table,
)

SENTENCES = [
    (0, 0, "Dalvenia closed the Harrow Gap dam on Monday.", True),
    (0, 1, "Herons nested near the spillway.", True),
    (1, 0, "The Harrow Gap dam was closed by Dalvenia on Monday.", True),
]
DOCUMENTS = [("Dalvenia closes dam", "Dalvenia closed the Harrow Gap dam on Monday. Herons nested near the spillway."),
             ("Harrow Gap dam closed", "The Harrow Gap dam was closed by Dalvenia on Monday.")]


def table():
    return unit_table(SENTENCES, DOCUMENTS, np.array([1.0, 0.2, 0.9]), "Dalvenia closes dam")


def test_units_are_described_from_the_story_alone():
    t = table()
    assert t.unigram_rows.shape == (len(t.unigrams), len(UNIGRAM_FEATURES))
    assert t.bigram_rows.shape == (len(t.bigrams), len(BIGRAM_FEATURES))
    uni = {w: dict(zip(UNIGRAM_FEATURES, row)) for w, row in zip(t.unigrams, t.unigram_rows)}
    assert uni["dalvenia"]["articles"] == 2 and uni["heron"]["articles"] == 1
    assert uni["the"]["stop"] == 1.0 and uni["dam"]["in_title"] == 1.0 and uni["heron"]["in_title"] == 0.0
    assert uni["dalvenia"]["best_score"] == 1.0
    # A closed sentence's words are counted, but give no unit of their own.
    closed = unit_table([(*s[:3], i != 1) for i, s in enumerate(SENTENCES)], DOCUMENTS, np.zeros(3), "")
    assert "heron" not in closed.unigrams


def test_the_shipped_models_load_and_give_probabilities_that_fall_with_the_count():
    models = load_models()
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert Models.from_json(json.loads(json.dumps(models.to_json()))).to_json() == Models.from_json(data).to_json()
    t = table()
    p = models.unigram.at_least(t.unigram_rows)
    assert p.shape == (len(t.unigrams), 3) and np.all((p >= 0) & (p <= 1))
    assert np.all(np.diff(p, axis=1) <= 1e-12)
    assert 5 < models.roundup_length(t.length_row) < 500


# Invented training stories: (unigrams, their roundup counts, bigrams, their roundup counts).
TRAINING = [
    (["announced", "slammed", "dam"], [1, 0, 2], [("announced", "dam")], [1]),
    (["announced", "slammed"], [1, 0], [("announced", "dam")], [0]),
    (["announced", "slammed", "heron"], [1, 0, 0], [("announced", "dam")], [1]),
]


def test_the_lexicon_counts_what_roundups_kept_and_leaves_rare_units_out():
    lexicon = Lexicon.count(TRAINING, min_seen=2)
    assert lexicon.unigrams == {"announced": (3, 3), "slammed": (0, 3)}  # "dam", "heron": too rare to count
    assert lexicon.bigrams == {("announced", "dam"): (2, 3)}
    assert lexicon.unigram_rate == 4 / 8 and lexicon.bigram_rate == 2 / 3
    keep, seen = lexicon.unigram_columns(["announced", "unheard", "slammed"]).T
    assert keep[0] > keep[1] == 0.0 > keep[2]  # an unseen word gets the overall share (here 1/2, log-odds 0)
    assert seen[1] == 0.0 < seen[0]
    pair = dict(zip(BIGRAM_LEXICON_FEATURES, lexicon.bigram_columns([("announced", "slammed")])[0]))
    assert pair["lexicon_word_keep_min"] < 0 < pair["lexicon_word_keep_max"] and pair["lexicon_seen"] == 0.0
    stored = Lexicon.from_json(json.loads(json.dumps(lexicon.to_json())))
    assert (stored.unigrams, stored.bigrams) == (lexicon.unigrams, lexicon.bigrams)
    assert abs(stored.bigram_rate - lexicon.bigram_rate) < 1e-6
    empty = Lexicon.count([])
    assert empty.unigram_columns([]).shape == (0, len(UNIGRAM_LEXICON_FEATURES))


def test_the_unit_table_reads_the_lexicon_it_is_given():
    kept = Lexicon({"dam": (9, 9)}, {}, 0.1, 0.05)
    dropped = Lexicon({"dam": (0, 9)}, {}, 0.1, 0.05)
    rows = {}
    for name, lexicon in (("kept", kept), ("dropped", dropped)):
        t = unit_table(SENTENCES, DOCUMENTS, np.array([1.0, 0.2, 0.9]), "Dalvenia closes dam", lexicon)
        uni = {w: dict(zip(UNIGRAM_FEATURES, row)) for w, row in zip(t.unigrams, t.unigram_rows)}
        rows[name] = uni
    assert rows["kept"]["dam"]["lexicon_keep"] > rows["dropped"]["dam"]["lexicon_keep"]
    assert rows["kept"]["heron"]["lexicon_keep"] == rows["dropped"]["heron"]["lexicon_keep"]  # unseen either way
    assert rows["kept"]["dam"]["articles"] == rows["dropped"]["dam"]["articles"] == 2  # the story's own columns stay


def test_a_unit_model_adds_its_bins():
    model = UnitModel([np.array([0.5])], [[np.array([-2.0, 2.0])]], [0.0])
    p = model.at_least(np.array([[0.0], [1.0]]))
    assert p[0, 0] < 0.5 < p[1, 0]


def test_expected_value_rewards_words_the_roundup_will_use_and_no_pair_crosses_an_elision():
    t = table()
    expected = ExpectedRouge(t, load_models(), length=30.0)
    summary = expected.start("")
    texts = ["Dalvenia closed the Harrow Gap dam on Monday.", "Herons nested near the spillway."]
    uni, bi, lengths = expected.counts(texts)
    gains = expected.gains(summary, uni, bi, lengths)
    assert gains[0] > gains[1]  # what both articles say beats one article's aside
    _, joined, _ = expected.counts(["Harrow Gap dam"])
    _, split, _ = expected.counts([f"Harrow {ELISION} Gap dam"])
    assert joined.sum() == split.sum() + 1  # "harrow gap" is no pair across the mark
    expected.add(summary, uni[0], bi[0], float(lengths[0]))
    assert expected.gains(summary, uni[:1], bi[:1], lengths[:1])[0] < gains[0]  # saying it twice gains less


def test_tokens_match_across_word_forms():
    assert tokens("Dams closed") == tokens("dam closes")[:1] + tokens("closed")


STORY = [
    Document("a", (
        "Dalvenia began filling the Harrow Gap reservoir on Monday, officials in Velm said. "
        "The reservoir, which took eleven years to build and cost far more than planned, holds water for three "
        "provinces. Downstream, farmers in Sarrow fear their fields will dry out before the harvest."
    ), "Velm Tribune", "Dalvenia starts filling Harrow Gap reservoir"),
    Document("b", (
        "Dalvenia started filling the Harrow Gap reservoir on Monday. "
        "The reservoir holds water for three provinces, officials said. "
        "Sarrow has called the filling a breach of the old water treaty."
    ), "Sarrow Herald", "Sarrow protests as Dalvenia fills Harrow Gap reservoir"),
    Document("c", (
        "Filling of the Harrow Gap reservoir began on Monday, Dalvenia said. "
        "Sarrow says the filling breaks the old water treaty and wants talks. "
        "Farmers in Sarrow fear their fields will dry out."
    ), "Delta Courier", "Harrow Gap filling begins"),
]


def test_every_summary_sentence_is_its_article_text_or_a_shortened_form_of_it():
    title, summary, _ = summary_with_title(STORY, SummaryParams())
    assert title in {d.title for d in STORY}
    assert summary
    for s in summary:
        assert any(s.full_text in " ".join(d.text.split()) for d in STORY)
        # Each piece between elision marks is verbatim text of the whole sentence, in order.
        position = 0
        for piece in (p.strip(" ,.") for p in s.text.split(ELISION)):
            if piece:
                position = s.full_text.index(piece, position) + len(piece)
        assert s.support and s.support[0] in {d.id for d in STORY}
        assert (s.text == s.full_text) == (ELISION not in s.text)


def test_the_word_cap_and_the_plain_choice_still_hold():
    capped = summarize(STORY, SummaryParams(max_summary_words=8))
    assert len(capped) == 1
    plain = summarize(STORY, SummaryParams(expected_rouge=False))
    assert all(s.text == s.full_text for s in plain)


def test_a_shortened_sentence_is_supported_by_what_the_others_say():
    # The aside (eleven years, the cost) is article a's alone; the rest is what b says.
    story = _prepare(STORY, SummaryParams())
    k = next(i for i, c in enumerate(story.cands) if c.text.startswith("The reservoir, which"))
    shortened = f"The reservoir {ELISION} holds water for three provinces."
    assert _support(story, k, 0.7) == [0]
    assert _support(story, k, 0.7, shortened) == [0, 1]
