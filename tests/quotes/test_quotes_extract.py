"""Quote spans from quote marks alone (no NLP): styles, continued and split quotes, kinds."""

from __future__ import annotations

from storytrace.quotes.extract import ends_sentence, find_quote_spans, paragraphs, quote_kind


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quote_spans(text)]


def test_every_quote_mark_style_is_found():
    text = '“Curly doubles,” Ann said. "Straight doubles," Bo said. «Guillemets» and „Low nine“ and ‘curly singles’ too.'
    assert _texts(text) == ["Curly doubles", "Straight doubles", "Guillemets", "Low nine", "curly singles"]


def test_apostrophes_do_not_open_or_close_quotes():
    text = "Varnik’s plan, ‘the Gorse accord’s core’, won’t pass, Telma said."
    assert _texts(text) == ["the Gorse accord’s core"]


def test_offsets_point_into_the_text_and_exclude_the_marks():
    text = "Intro line.\n\n“We will dredge the Ombrel river,” Kaspar Lenn said."
    (span,) = find_quote_spans(text)
    assert text[span.open_at] == "“" and text[span.close_at] == "”"
    assert text[span.start : span.end] == "We will dredge the Ombrel river"  # trailing comma dropped


def test_a_quote_left_open_continues_into_a_paragraph_that_opens_with_a_mark():
    text = "“First part of the speech.\n\n“Second part,” she added.\n\nNo quote here."
    (span,) = find_quote_spans(text)
    assert span.continued
    assert text[span.start : span.end] == "First part of the speech.\n\n“Second part"


def test_a_quote_left_open_without_continuation_ends_with_its_paragraph():
    text = "He said “the levee held\n\nThe next day was calm."
    (span,) = find_quote_spans(text)
    assert text[span.start : span.end] == "the levee held" and not span.continued


def test_a_quote_split_around_its_attribution_gives_two_spans():
    text = "“The pier reopens in May,” Dalia Orm said. “We found the money.”"
    assert _texts(text) == ["The pier reopens in May", "We found the money."]


def test_kinds_direct_and_partial():
    text = "Brisa Kolvane called for“a full audit” on Monday. “We need it,” she said: “Now.”"
    spans = find_quote_spans(text)
    assert [quote_kind(text, s) for s in spans] == ["partial", "direct", "direct"]


def test_a_quote_ending_with_a_full_stop_ends_its_sentence():
    text = "“We are done.” Then Ivo left. “Not yet,” he said. “Why?” asked Pell."
    spans = find_quote_spans(text)
    assert [ends_sentence(text, s) for s in spans] == [True, False, False]


def test_paragraphs_split_on_blank_lines_and_single_line_breaks():
    text = "One.\n\nTwo.\nThree."
    assert [text[a:b] for a, b in paragraphs(text)] == ["One.", "Two.", "Three."]


def test_no_quotes_and_empty_text():
    assert find_quote_spans("") == []
    assert find_quote_spans("Nothing quoted here at all.") == []
