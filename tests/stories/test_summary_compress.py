"""Sentence compression: which asides may be cut, how a cut reads, and the shipped cut models (invented text)."""

from __future__ import annotations

import json

import pytest

from storytrace.stories.summary_compress import (
    ELISION,
    FEATURES,
    WEIGHTS_FILE,
    CutModel,
    Segment,
    StoryWords,
    best_cuts,
    cut,
    features,
    load_models,
    segments,
    shortened,
)


def kinds(text: str) -> dict[str, str]:
    return {s.kind: text[s.start:s.end] for s in segments(text)}


def test_asides_are_found_by_kind():
    found = kinds("The council approved the Harrow dam (a project forty years old) on a narrow vote on Monday.")
    assert found["paren"].strip() == "(a project forty years old)"
    found = kinds("Mayor Ilse Varn, who led the talks for a decade, signed the water accord in Velm on Friday.")
    assert found["comma_inner"] == ", who led the talks for a decade,"
    found = kinds("Dalvenia closed the Harrow Gap dam on Monday, leaving the valley's farmers without water.")
    assert found["comma_tail"] == ", leaving the valley's farmers without water"
    found = kinds("On Monday, the basin commission sent four engineers to read the river gauges.")
    assert found["lead"] == "On Monday, "


def test_a_subject_a_list_item_or_a_quotation_is_never_cut():
    # A sentence opening with its subject: the text before the comma is no adverbial.
    assert "lead" not in kinds("The commission, after long talks, sent engineers to the river on Monday.")
    # "A, B, and C" is a list: its inner item is no aside.
    assert "comma_inner" not in kinds("Farmers brought wheat, barley, and oats to the market in Velm.")
    # Nor is a clause whose closing comma separates list items: the cut would change what is said.
    listed = ("The floods reached Velm in May, forcing a rescue carried out by the army, local fishermen "
              "and volunteers from the delta.")
    assert "comma_inner" not in kinds(listed)
    # Nor one followed by an appositive of its own noun, which the cut would hang on another noun.
    appositive = ("The dam was planned by engineers from Velm, who later founded a larger firm, the Orvane "
                  "Works company.")
    assert "comma_inner" not in kinds(appositive)
    quoted = ('The minister, who spoke in Velm on Friday, called it "a breach, plainly, of the old treaty" '
              "at the meeting.")
    q_start, q_end = quoted.index('"'), quoted.rindex('"') + 1
    assert segments(quoted) and all(s.end <= q_start or s.start >= q_end for s in segments(quoted))


def test_a_cut_leaves_enough_words_and_marks_the_elision():
    text = "Dalvenia closed the dam (after years of delay) on Monday."
    segment = next(s for s in segments(text) if s.kind == "paren")
    assert cut(text, segment) == f"Dalvenia closed the dam {ELISION} on Monday."
    short = "The dam closed (quietly) today."  # 4 words would be left: no segment
    assert segments(short) == []
    tail = "The Harrow dam closed on Monday morning, as the river rose past the old mark."
    s = next(s for s in segments(tail) if s.kind == "comma_tail")
    assert cut(tail, s) == f"The Harrow dam closed on Monday morning {ELISION}"


@pytest.mark.parametrize("text", [
    "Dalvenia closed the Harrow Gap dam on Monday, according to officials in the basin.",
    "The Harrow dam closed on Monday morning, officials in the basin said.",
    "The Harrow dam (the basin agency reported) closed on Monday after a week of rain.",
    "The Harrow dam \u2014 according to two engineers who inspected it in May \u2014 closed on Monday.",
    "The Harrow dam, the ministry told reporters, closed on Monday after a week of rain.",
])
def test_an_attribution_is_never_cut(text):
    # A summary sentence keeps who says it: "according to X" of any length, or a short span with a saying verb.
    assert segments(text) == []


def test_a_long_clause_with_a_saying_verb_is_no_attribution():
    text = ("Mayor Ilse Varn, who said last spring that the valley would need a second reservoir within ten years, "
            "signed the water accord on Friday.")
    assert "comma_inner" in kinds(text)


def test_the_shipped_models_load_and_name_known_features_only():
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    models = load_models()
    assert set(models) == {"candidate", "summary"}
    for name, model in models.items():
        assert set(model.weights) <= set(FEATURES)
        assert CutModel.from_json(json.loads(json.dumps(model.to_json()))) == CutModel.from_json(data[name])
    # The model used while choosing sentences cannot see the summary's size.
    assert "over_budget" not in models["candidate"].weights and "n_sent" not in models["candidate"].weights


def test_the_other_outlets_words_decide_a_cut():
    sentence = "Dalvenia closed the Harrow Gap dam on Monday, while herons nested near the spillway."
    story = [
        (0, sentence),
        (1, "Dalvenia closed the Harrow Gap dam on Monday."),
        (2, "The Harrow Gap dam was closed by Dalvenia on Monday."),
    ]
    words = StoryWords(story, ["Dalvenia closes the Harrow Gap dam"])
    segment = next(s for s in segments(sentence) if s.kind == "comma_tail")
    row = dict(zip(FEATURES, features(sentence, segment, 0, words)))
    assert row["consensus"] == 0.0 and row["cons_rel"] < 0  # nobody else mentions the herons
    # A model that cuts what the others do not say cuts the herons, and only above its threshold.
    model = CutModel({"cons_rel": -4.0, "comma_tail": 1.0}, 0.0)
    assert [s for _, s in best_cuts(sentence, 0, words, model, 0.5)] == [segment]
    assert best_cuts(sentence, 0, words, model, 0.9999) == []


def test_shortened_forms_include_both_cuts_when_they_do_not_overlap():
    text = "In the spring, the council (meeting in Velm) approved the Harrow dam after a long debate."
    words = StoryWords([(0, text)])
    forms = shortened(text, 0, words, CutModel({}, 5.0), 0.5, keep=2)
    assert len(forms) == 3
    assert forms[-1].count(ELISION) == 2 and "(meeting in Velm)" not in forms[-1] and "In the spring" not in forms[-1]


@pytest.mark.parametrize("text", ["", "Short.", '"Everything here is a quotation, all of it, every word," he said.'])
def test_odd_sentences_give_no_segment_inside_quotes(text):
    for s in segments(text):
        assert text[s.start:s.end].count('"') == 0
    assert all(isinstance(s, Segment) for s in segments(text))
