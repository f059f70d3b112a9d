"""Copied reporting or a shared quotation: quotation marks around the passage on each side."""

from __future__ import annotations

from reuse_helpers import article, sentences
from storytrace.reuse.align import align_pair
from storytrace.reuse.candidates import pair_seeds
from storytrace.reuse.kinds import pair_kind, passage_kind, quote_spans
from storytrace.reuse.tokens import make_docs
from storytrace.settings import ReuseOptions


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in quote_spans(text)]


def test_straight_and_curly_quotes():
    assert quoted('He said "we go" today.') == ['"we go"']
    assert quoted("He said \u201cwe go\u201d today.") == ["\u201cwe go\u201d"]
    assert quoted("A \u2018scare\u2019 word and it\u2019s fine.") == ["\u2018scare\u2019"]


def test_apostrophes_are_not_quotes():
    assert quoted("The Smiths' car and Ann's dog don't bark.") == []


def test_an_open_quote_ends_with_its_paragraph_and_continues_in_the_next():
    text = '"First part of a long remark.\n\n"Second part," she said. Then prose.'
    spans = quoted(text)
    assert spans[0] == '"First part of a long remark.'
    assert spans[1] == '"Second part,"'
    assert "Then prose" not in "".join(spans)


def test_a_line_break_inside_a_sentence_keeps_the_quote_open():
    text = "She said \u201cthis goes on\nacross a printed line\u201d and left."
    assert quoted(text) == ["\u201cthis goes on\nacross a printed line\u201d"]


def passages(a: str, b: str):
    da, db = make_docs([article("a", a), article("b", b)])
    sa, sb = pair_seeds(da, db, 5)
    return align_pair(da, db, sa, sb, ReuseOptions())


REMARK = "the lantern kiln will burn brightly over the quiet harbor tonight"


def test_both_quoting_one_speaker_is_a_quotation():
    a = " ".join(sentences(2, 1)) + f' The mayor said "{REMARK}" at noon.'
    b = f"\u201c{REMARK.capitalize()},\u201d the mayor told reporters. " + " ".join(sentences(2, 2))
    (p,) = passages(a, b)
    kind = passage_kind(p, 0.5)
    assert kind["kind"] == "quotation" and kind["quoted_in_source"] == kind["quoted_in_target"] == 1.0


def test_quoting_the_sources_own_prose_is_a_copy():
    a = " ".join(sentences(2, 3)) + f" {REMARK.capitalize()}. " + " ".join(sentences(1, 4))
    b = f"\u201c{REMARK.capitalize()},\u201d Ann Vale wrote in the Lantern."
    (p,) = passages(a, b)
    kind = passage_kind(p, 0.5)
    assert kind["kind"] == "copy" and kind["quoted_in_source"] == 0.0 and kind["quoted_in_target"] == 1.0


def test_plain_copy_is_a_copy_and_any_copy_makes_the_pair_a_copy():
    text = " ".join(sentences(3, 5))
    (p,) = passages(text, text)
    assert passage_kind(p, 0.5)["kind"] == "copy"
    assert pair_kind([{"kind": "quotation"}, {"kind": "copy"}]) == "copy"
    assert pair_kind([{"kind": "quotation"}]) == "quotation"
