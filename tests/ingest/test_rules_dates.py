"""Timestamp lines and date parsing."""

from __future__ import annotations

import pytest

from storytrace.ingest.rules.dates import is_publication_stamp, is_timestamp, parse_date, timestamps

BODY = "Talks over the Velmar harbour lease stalled on Tuesday, officials said."


@pytest.mark.parametrize("line", [
    "Published March 3, 2017", "Published: Tuesday, July 25, 2017 4:03 PM EDT", "Updated 4:10 p.m. ET, 2/10/2014",
    "Updated at 11:56 a.m.", "Posted on February 7, 2013", "6 years ago", "This article is more than 3 months old",
    "Last updated: 2019-05-02 10:15 GMT", "This story has been updated.",
])
def test_timestamp_lines(line):
    assert is_timestamp(line)


@pytest.mark.parametrize("line", [
    "Updated figures released Tuesday show harbour traffic fell.",
    "Updated at 3:15 p.m. ET: Dock workers end strike",
    "Published reports say the lease was signed in 2017.",
    "Posted guards stood at the quay.",
])
def test_prose_with_stamp_words_is_not_a_timestamp(line):
    assert not is_timestamp(line)


def test_bare_date_only_near_the_top():
    assert is_timestamp("July 25, 2017", near_top=True)
    assert not is_timestamp("July 25, 2017", near_top=False)
    text = f"July 25, 2017\n\n{BODY}\n\n{BODY}\n\n{BODY}\n\n{BODY}\n\nMarch 3, 2018\n\n{BODY}"
    assert [text[e.start : e.end] for e in timestamps(text)] == ["July 25, 2017"]


def test_bare_date_after_the_first_sentence_is_a_heading():
    text = f"{BODY}\n\nJuly 25, 2017\n\n{BODY}"
    assert timestamps(text) == []
    headed = f"Velmar Harbour Talks Stall\n\nJuly 25, 2017\n\n{BODY}"
    assert [headed[e.start : e.end] for e in timestamps(headed)] == ["July 25, 2017"]


def test_publication_or_update():
    assert is_publication_stamp("Published March 3, 2017")
    assert is_publication_stamp("July 25, 2017")
    assert not is_publication_stamp("Updated March 4, 2017")


@pytest.mark.parametrize(("text", "iso"), [
    ("2017-07-25", "2017-07-25"), ("July 25, 2017", "2017-07-25"), ("Jul. 25 2017", "2017-07-25"),
    ("25 July 2017", "2017-07-25"), ("7/25/2017", "2017-07-25"), ("25/7/2017", "2017-07-25"),
    ("Sept. 5, 2018 at noon", "2018-09-05"), ("Updated 4:10 p.m. ET, 2/10/2014", "2014-02-10"),
    ("Published on Oct 3, 2016", "2016-10-03"),
    # European pages: the ordinal dot, and dotted numbers read day first.
    ("12. November 2015 / 13:48", "2015-11-12"), ("12.11.2015 13:48", "2015-11-12"), ("7.25.2017", "2017-07-25"),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["July 25", "4:10 p.m. ET", "2/30/2017", "Marching 25, 2017", "harbour"])
def test_no_full_date(text):
    assert parse_date(text) is None
