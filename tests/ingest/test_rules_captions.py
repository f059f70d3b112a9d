"""Photo caption rules. All text is invented."""

from __future__ import annotations

import pytest

from storytrace.ingest.rules.captions import (
    has_caption_cue,
    has_end_credit,
    is_caption,
    photo_captions,
    points_into_picture,
    print_caption_fragments,
)

BODY = "Talks over the Velmar harbour lease stalled on Tuesday, officials said."


@pytest.mark.parametrize("line", [
    "RTX9ABC1 Deputy Minister Ana Kovrin arrives for talks in Northgate, May 2, 2019. Jan Holm/Pool via REUTERS",
    "VLM7QRZK A map shows the northern quay. Velmar Survey Office/Reuters",
])
def test_agency_picture_id_captions(line):
    assert has_caption_cue(line)
    assert is_caption(line)


@pytest.mark.parametrize("line", [
    "Ana Kovrin speaks in Northgate, March 4, 2020. (Jan Holm/Reuters)",
    "Dock workers march on the quay. (AP Photo/Teo Brandt)",
    "Ana Kovrin at the lease signing. Photograph: Teo Brandt/Getty Images",
    "Ana Kovrin, probably not enjoying the vote. Teo Brandt/Getty Images",
    "Dock workers on the quay [Teo Brandt/Reuters]",
    "Protesters outside the port office. (Photo: Teo Brandt, AP)",
    "Teo Brandt / AP",
    "Teo Brandt/Reuters Dock workers march on the quay",
    "The quay at dawn. Port Authority/Handout via REUTERS",
    "Deputy Minister Ana Kovrin greets Mayor Olu Brandt | AP Photo",
])
def test_lines_ending_with_a_photo_credit(line):
    assert has_end_credit(line)
    assert is_caption(line)


@pytest.mark.parametrize("line", [
    "After the vote, the lease went to the cabinet, Reuters reported.",
    "The minister declined to comment, he told Reuters",
    "The Velmar office of AP said the figures were wrong.",
    "A poll by the Courier/Northgate Wire found most residents opposed the lease.",
    "\u201cWe came to sign, not to start again,\u201d Reuters",
])
def test_prose_mentioning_an_agency_is_not_a_caption(line):
    assert not is_caption(line)


@pytest.mark.parametrize("line", [
    "Enlarge this image toggle caption Teo Brandt/AP Teo Brandt/AP",
    "Image copyright Getty Images", "Photo", "Photos: The Velmar harbour strike",
    "Media playback is unsupported on your device Media caption Dock workers explain the strike",
])
def test_picture_widgets(line):
    assert is_caption(line)


def test_position_markers_describe_a_picture():
    assert points_into_picture("Deputy Minister Ana Kovrin (L) shakes hands with Mayor Olu Brandt in Northgate")
    assert points_into_picture("Ana Kovrin (left) sits beside Olu Brandt (right) after the vote")
    assert is_caption("Quay guards (2nd R) watch as Ana Kovrin (C) signs the lease")


def test_party_labels_are_not_position_markers():
    assert not is_caption("Sen. Ana Kovrin (R) and Rep. Olu Brandt (D) voted against the lease.")
    assert not is_caption("The group, a 501(c)(4) nonprofit, spent heavily on the vote.")


def test_paragraph_with_one_marker_and_several_sentences_is_prose():
    text = "The map (left) shows the old quay. It was drawn in 1901. The new plan moves it north."
    assert not points_into_picture(text)


def test_photo_captions_removes_only_caption_lines():
    caption = "Ana Kovrin at the lease signing. Photograph: Teo Brandt/Getty Images"
    text = f"{BODY}\n\n{caption}\n\n{BODY}"
    edits = photo_captions(text)
    assert [(text[e.start : e.end], e.rule) for e in edits] == [(caption, "caption")]


def test_long_paragraph_ending_in_a_credit_like_word_is_kept():
    long_line = " ".join(["The harbour lease was debated for hours."] * 20) + " via REUTERS"
    assert not is_caption(long_line)


def test_print_caption_fragment():
    fragment = "Harbour row. Deputy Minister Ana Kovrin listens as Mayor Olu Brandt speaks during the"
    text = f"{BODY}\n\n{fragment}\n\nThe lease, worth 400 million crowns, was signed later."
    assert [text[e.start : e.end] for e in print_caption_fragments(text)] == [fragment]


def test_print_fragment_continued_in_lower_case_is_a_broken_paragraph_not_a_caption():
    text = f"{BODY}\n\nHarbour row. The deputy said the talks had\n\nstalled because of the new terms."
    assert print_caption_fragments(text) == []
