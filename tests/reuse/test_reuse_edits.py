"""Edit operations of a copy: phrase ops, bracket changes, label swaps, typography ignored."""

from __future__ import annotations

from pathlib import Path

from reuse_helpers import article, sentences
from storytrace.reuse import find_reuse
from storytrace.reuse.edits import is_label_swap, load_labels
from storytrace.settings import ReuseOptions

LEXICON = load_labels()


def ops_of(source: str, copy: str):
    reuse, edits, _ = find_reuse([article("s", source, outlet="Quill Gazette"), article("c", copy, credit="Quill Gazette")],
                                 [], ReuseOptions())
    (e,) = edits
    assert (e.source, e.target) == ("s", "c")
    return [(op.op, op.from_, op.to, op.label_swap) for op in e.ops]


LEFT, RIGHT = " ".join(sentences(2, 41)), " ".join(sentences(2, 42))


def test_a_verbatim_copy_has_no_ops():
    text = LEFT + " " + RIGHT
    assert ops_of(text, text) == []


def test_adjacent_word_changes_read_as_one_phrase():
    source = LEFT + " The old stone mill by the river closed. " + RIGHT
    copy = LEFT + " The derelict building closed. " + RIGHT
    assert ops_of(source, copy) == [("replace", "old stone mill by the river", "derelict building", False)]


def test_deletion_and_insertion():
    assert ops_of(LEFT + " It rained hard all week long. " + RIGHT, LEFT + " It rained. " + RIGHT) == [
        ("delete", "hard all week long", "", False)
    ]
    assert ops_of(LEFT + " " + RIGHT, LEFT + " Nobody expected that. " + RIGHT) == [
        ("insert", "", "Nobody expected that", False)
    ]


def test_a_dropped_abbreviation_definition_is_one_replacement():
    source = LEFT + " members of the Northern Alder Front (NAF) marched. " + RIGHT
    copy = LEFT + " members of the NAF marched. " + RIGHT
    assert ops_of(source, copy) == [("replace", "Northern Alder Front (NAF)", "NAF", False)]


def test_typography_is_not_an_edit():
    source = LEFT + ' the U.S. envoy said "no" and left. ' + RIGHT
    copy = LEFT + " the US envoy said \u201cno\u201d and left. " + RIGHT
    assert ops_of(source, copy) == []


def test_label_swaps_are_flagged():
    source = LEFT + " the rebels seized the bridge. " + RIGHT
    copy = LEFT + " the terrorists seized the bridge. " + RIGHT
    assert ops_of(source, copy) == [("replace", "rebels", "terrorists", True)]


def test_an_ordinary_word_change_is_not_a_label_swap():
    source = LEFT + " the rebels seized the bridge. " + RIGHT
    copy = LEFT + " the rebels seized the tunnel. " + RIGHT
    assert ops_of(source, copy) == [("replace", "bridge", "tunnel", False)]


def test_label_swap_lexicon():
    assert is_label_swap(["militants"], ["terrorists"], LEXICON)
    assert is_label_swap(["regime"], ["government"], LEXICON)
    assert is_label_swap(["illegal"], ["undocumented"], LEXICON)
    assert is_label_swap(["riots"], ["protests"], LEXICON)
    assert is_label_swap(["pro", "life"], ["anti", "abortion"], LEXICON)
    assert is_label_swap(["death"], ["estate"], LEXICON, [], ["tax"])  # a phrase with one word changed
    assert not is_label_swap(["militants"], ["militants"], LEXICON)
    assert not is_label_swap(["bridge"], ["tunnel"], LEXICON)
    assert not is_label_swap(["militant"], [], LEXICON)


def test_generic_label_swap_of_ideology_words():
    assert is_label_swap(["islamist"], ["nationalist"], LEXICON)
    assert not is_label_swap(["nationalist"], ["nationalists"], LEXICON)
    assert not is_label_swap(["socialist"], ["socialism"], LEXICON)


def test_a_lexicon_file_of_ones_own(tmp_path: Path):
    path = tmp_path / "labels.txt"
    path.write_text("# weather words\nweather: drizzle sleet\n", encoding="utf-8")
    lexicon = load_labels(str(path))
    assert is_label_swap(["drizzle"], ["sleet"], lexicon)
    assert not is_label_swap(["militants"], ["terrorists"], lexicon)
