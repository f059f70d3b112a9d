"""Framing: the terms each outlet uses per concept, from copy edits and aligned sentences (invented text)."""

from __future__ import annotations

from storytrace.models import Article, EditOp, Edits, Reuse
from storytrace.reuse.edits import load_labels
from storytrace.stories.framing import concept_name, describe_framing, label_families


def _art(id: str, outlet: str | None, text: str) -> Article:
    return Article.from_raw(id, f"{id}.txt", text, outlet=outlet)


def test_label_swaps_between_copies_fill_the_table_by_outlet_with_evidence():
    arts = {"a": _art("a", "Harbor Herald", "x"), "b": _art("b", None, "y")}
    edits = [Edits("a", "b", [
        EditOp("replace", "protesters", "rioters", 10, 12, True),
        EditOp("replace", "government", "regime", 40, 41, True),
        EditOp("replace", "at the end of five hours of", "after", 60, 61, False),  # a rewrite, not a label
        EditOp("delete", "militants", "", 80, 80, False),
    ])]
    table = {f.concept: f for f in describe_framing(["a", "b"], arts, edits=edits, reuse=[])}
    assert set(table) == {"protester", "government"}
    assert table["protester"].terms == {"Harbor Herald": ["protesters"], "b": ["rioters"]}
    assert table["government"].evidence[0]["kind"] == "edit"
    assert table["government"].evidence[0]["source"] == "a"


def test_edits_outside_the_story_are_ignored():
    arts = {"a": _art("a", "A", "x"), "b": _art("b", "B", "y")}
    edits = [Edits("a", "zzz", [EditOp("replace", "jihadist", "terrorist", 0, 0, True)])]
    assert describe_framing(["a", "b"], arts, edits=edits, reuse=[]) == []


def test_aligned_sentences_of_independent_outlets_give_word_choices():
    a = _art("a", "North Post", "Gunmen from the militant group attacked the border post near Velm on Tuesday night.")
    b = _art("b", "South Wire", "Gunmen from the terrorist group attacked the border post near Velm on Tuesday night.")
    table = describe_framing(["a", "b"], {"a": a, "b": b}, edits=[], reuse=[])
    assert len(table) == 1
    assert table[0].concept == "armed-group"
    assert table[0].terms == {"North Post": ["militant"], "South Wire": ["terrorist"]}
    assert table[0].evidence[0]["kind"] == "aligned-sentences"


def test_a_modifier_of_a_shared_head_noun_is_filed_under_the_head():
    a = _art("a", "North Post",
             "The town was shelled overnight by Iran-backed sectarian militias, residents told reporters.")
    b = _art("b", "South Wire", "The town was shelled overnight by Shiite militias, residents told reporters.")
    table = describe_framing(["a", "b"], {"a": a, "b": b}, edits=[], reuse=[])
    assert [(f.concept, f.terms) for f in table] == [
        ("militias", {"North Post": ["Iran-backed sectarian"], "South Wire": ["Shiite"]})
    ]


def test_different_facts_copies_and_one_outlet_are_not_framing():
    base = "The reservoir reached 62 percent of its capacity on Tuesday, the commission said in a statement."
    other = "The reservoir reached 71 percent of its capacity on Tuesday, the commission said in a statement."
    a, b = _art("a", "North Post", base), _art("b", "South Wire", other)
    assert describe_framing(["a", "b"], {"a": a, "b": b}, edits=[], reuse=[]) == []
    c = _art("c", "North Post", base.replace("Tuesday", "Monday").replace("62", "terrorist"))
    swap_a = _art("a", "North Post", "Gunmen from the militant group attacked the border post near Velm on Tuesday.")
    swap_b = _art("b", "South Wire", "Gunmen from the terrorist group attacked the border post near Velm on Tuesday.")
    copies = [Reuse("a", "b", "copy", False)]
    assert describe_framing(["a", "b"], {"a": swap_a, "b": swap_b}, edits=[], reuse=copies) == []
    same_outlet = _art("b", "North Post", swap_b.text)
    assert describe_framing(["a", "b"], {"a": swap_a, "b": same_outlet}, edits=[], reuse=[]) == []
    assert c  # built only to show a single article yields nothing
    assert describe_framing(["c"], {"c": c}, edits=[], reuse=[]) == []


def test_concept_names_prefer_the_shared_label_family():
    lexicon = load_labels(None)
    assert concept_name("jihadists and insurgents", "extremists", lexicon) == "armed-group"
    assert concept_name("hardline Sunni Muslim", "extremist", lexicon) == "ideology"
    assert concept_name("Iran-backed", "Shiite", lexicon, head="militias") == "militias"
    assert "armed-group" in label_families("two militiamen", lexicon)


def test_paraphrased_sentences_pair_labels_of_one_family():
    a = _art("a", "North Post",
             "Militants stormed the Velm border post overnight and took four guards hostage, police said.")
    b = _art("b", "South Wire",
             "Four guards at the Velm border post were taken hostage overnight when terrorists stormed it.")
    table = describe_framing(["a", "b"], {"a": a, "b": b}, edits=[], reuse=[])
    assert [(f.concept, f.terms) for f in table] == [
        ("armed-group", {"North Post": ["Militants"], "South Wire": ["terrorists"]})
    ]
    assert table[0].evidence[0]["kind"] == "paraphrase"
    # Unrelated sentences with labels of one family are not paired.
    c = _art("c", "South Wire",
             "Terrorists were blamed for a fire at a warehouse in Ostrel last spring, a court heard.")
    assert describe_framing(["a", "c"], {"a": a, "c": c}, edits=[], reuse=[]) == []
    # A label in common is no contrast.
    d = _art("d", "South Wire",
             "Four guards at the Velm border post were taken hostage overnight when militants stormed it.")
    assert describe_framing(["a", "d"], {"a": a, "d": d}, edits=[], reuse=[]) == []


def test_two_copies_of_one_source_are_not_independent_even_when_reuse_listed_no_pair_of_them():
    # Reuse aligns each copy with its closest partners only: here each copy was aligned with the
    # wire text, never with the other copy; their differing word is still no outlet's word choice.
    wire = _art("w", "Wire", "Gunmen from the armed group attacked the border post near Velm on Tuesday.")
    a = _art("a", "North Post", "Gunmen from the militant group attacked the border post near Velm on Tuesday.")
    b = _art("b", "South Wire", "Gunmen from the terrorist group attacked the border post near Velm on Tuesday.")
    arts = {"w": wire, "a": a, "b": b}
    copies = [Reuse("w", "a", "copy", False), Reuse("w", "b", "copy", False)]
    table = describe_framing(["w", "a", "b"], arts, edits=[], reuse=copies)
    assert all(e["kind"] != "aligned-sentences" or {e["source"], e["target"]} != {"a", "b"}
               for f in table for e in f.evidence)
    assert table == []  # nor with the wire text: each is its copy
    # Without the copy links the three are independent and the word choices show.
    assert describe_framing(["w", "a", "b"], arts, edits=[], reuse=[])


def test_copy_groups_answer_whether_two_articles_are_linked_by_copying_at_all():
    from storytrace.stories.framing import CopyGroups

    groups = CopyGroups([("w", "a"), ("b", "w"), ("x", "y")])
    assert frozenset(("a", "b")) in groups  # through the wire text
    assert frozenset(("x", "y")) in groups
    assert frozenset(("a", "x")) not in groups and frozenset(("a", "z")) not in groups
    assert groups.group("a") == groups.group("b") != groups.group("x")
    assert groups.group("z") == "z"  # no copy: a group of its own


def _framing_of_two(text_a: str, text_b: str) -> list:
    """The framing table of two independent articles by two outlets."""
    a, b = _art("a", "North Post", text_a), _art("b", "South Wire", text_b)
    return describe_framing(["a", "b"], {"a": a, "b": b}, edits=[], reuse=[])


def test_a_paraphrase_pairs_the_labels_that_name_the_same_person():
    # The second sentence uses two labels of one family for two people; only "dictator" stands where
    # the first sentence's "leader" stands (same name around it).
    table = _framing_of_two(
        "Velm's envoy met the Ostrel leader Arun Tavi at the border crossing on Sunday, officials said.",
        "The envoy, now President Mara Soll's pick for minister, met Ostrel dictator Arun Tavi "
        "at the border crossing.")
    assert [(f.concept, f.terms) for f in table] == [
        ("ruler", {"North Post": ["leader"], "South Wire": ["dictator"]})
    ]


def test_a_paraphrase_whose_labels_share_no_surrounding_words_is_no_word_choice():
    # "leaders" (of two countries) and "President" (one person) share nothing around them.
    assert _framing_of_two(
        "The leaders of the two countries will meet this month to discuss an end to the long border war.",
        "President Mara Soll says talks between the two countries to end the long border war "
        "this month have her blessing.") == []
