"""Metadata: headline, byline, credit, outlet, published date, genre. Text and names are invented."""

from __future__ import annotations

import pytest

from storytrace.ingest.clean import CleanBoilerplate
from storytrace.ingest.metadata import (
    ExtractMetadata,
    category_labels,
    find_genre,
    genre_of_label,
    headline,
    strongest_genre,
    title_variants,
    url_host,
)
from storytrace.models import Article

BODY = "Talks over the Velmar harbour lease stalled on Tuesday after the delegations traded blame, officials said."
MORE = "The lease, worth an estimated 400 million crowns, would hand the northern quay to a consortium for thirty years."


def extract(text: str, **fields) -> Article:
    article = Article.from_raw("m1", "m1.txt", text, **fields)
    return ExtractMetadata().process(CleanBoilerplate().process(article))


# --- headline -----------------------------------------------------------------------------------


def removed_text(text: str, edits) -> list[str]:
    return [text[e.start : e.end] for e in edits]


def test_title_cased_first_line_is_the_headline():
    text = f"Velmar Harbour Talks Stall as Ministers Trade Blame\n\n{BODY}"
    edits, title = headline(text)
    assert title == "Velmar Harbour Talks Stall as Ministers Trade Blame"
    assert removed_text(text, edits) == [title]
    assert all(e.rule == "headline" for e in edits)


def test_sentence_case_headline_set_off_from_a_longer_paragraph():
    assert headline(f"Harbour talks stall as ministers trade blame\n\n{BODY}")[1] == "Harbour talks stall as ministers trade blame"


@pytest.mark.parametrize("first", [
    BODY,  # a first sentence, with its full stop
    "Talks stalled. Ministers left the room",  # two sentences
    "Mira Okonjo and Teo Brandt",  # a bare byline
    "Northgate Wire",  # too short
    "the harbour talks stalled again",  # lower case
])
def test_first_lines_that_are_not_headlines(first):
    assert headline(f"{first}\n\n{BODY}\n\n{MORE}") == ([], None)


def test_a_one_line_text_has_no_headline():
    assert headline("Velmar Harbour Talks Stall as Ministers Trade Blame") == ([], None)


def test_known_title_is_matched_regardless_of_typography():
    text = f"Velmar\u2019s Harbour Talks Stall\n\n{BODY}"
    edits, title = headline(text, known=["Velmar's harbour talks stall "])
    assert removed_text(text, edits) == ["Velmar\u2019s Harbour Talks Stall"]


def test_with_a_known_title_a_different_first_line_stays():
    text = f"Velmar Harbour Talks Stall as Ministers Trade Blame\n\n{BODY}"
    assert headline(text, known=["Northgate Quay Sold"]) == ([], None)


def test_repeated_headline_lines_all_go():
    text = f"Velmar Harbour Talks Stall\n\nVelmar Harbour Talks Stall\n\n{BODY}"
    edits, _ = headline(text)
    assert len(edits) == 2


def test_stage_takes_the_title_and_removes_the_line():
    article = extract(f"Velmar Harbour Talks Stall as Ministers Trade Blame\n\n{BODY}\n\n{MORE}")
    assert article.title == "Velmar Harbour Talks Stall as Ministers Trade Blame"
    assert article.text == f"{BODY}\n\n{MORE}"
    assert [(r.rule, r.text) for r in article.removed] == [("headline", article.title)]


def test_given_title_is_never_overwritten_but_its_repeat_is_removed():
    text = f"Velmar Harbour Talks Stall\n\n{BODY}"
    article = extract(text, title="Velmar harbour talks stall")
    assert article.title == "Velmar harbour talks stall"
    assert article.text == BODY
    other = extract(f"Something Else Entirely Happens Here\n\n{BODY}", title="Velmar harbour talks stall")
    assert other.title == "Velmar harbour talks stall"
    assert other.text.startswith("Something Else")


def test_breadcrumb_last_segment_is_a_headline():
    article = extract(f"Home / World / Velmar Harbour Talks Stall\n\nVelmar Harbour Talks Stall\n\n{BODY}")
    assert article.title == "Velmar Harbour Talks Stall"
    assert article.text == BODY
    assert [r.rule for r in article.removed] == ["breadcrumb", "headline"]


# --- byline, credit, outlet, published ----------------------------------------------------------


def test_byline_credit_and_outlet_from_removed_lines():
    article = extract(f"{BODY}\n\n{MORE}\n\nBy Mira Okonjo\n\nSource: The Velmar Courier")
    assert (article.byline, article.credit, article.outlet) == ("Mira Okonjo", "The Velmar Courier", "The Velmar Courier")


def test_credit_prefix_gives_the_credit_not_the_outlet():
    article = extract(f"(northgatewire) -- {BODY}\n{MORE}")
    assert (article.credit, article.outlet) == ("Northgatewire", None)


def test_given_values_are_never_overwritten():
    article = extract(
        f"By Mira Okonjo\n\nPublished March 3, 2017\n\nVELMAR (NW) - {BODY}\n\n{MORE}\n\nSource: The Velmar Courier",
        byline="Teo Brandt", outlet="Northgate Daily", credit="Velmar Press", published="2017-03-04", genre="news",
    )
    assert (article.byline, article.outlet, article.credit, article.published, article.genre) == (
        "Teo Brandt", "Northgate Daily", "Velmar Press", "2017-03-04", "news")
    # ... while the lines are still removed from the text.
    assert article.text == f"{BODY}\n\n{MORE}"


def test_published_from_a_timestamp_line():
    article = extract(f"Updated March 5, 2017\n\nPublished March 3, 2017\n\n{BODY}\n\n{MORE}")
    assert article.published == "2017-03-03"
    assert [r.rule for r in article.removed] == ["timestamp", "timestamp"]


def test_published_from_a_dateline_with_a_year():
    assert extract(f"VELMAR, March 3, 2019 (NW) - {BODY}\n\n{MORE}").published == "2019-03-03"


def test_nothing_found_leaves_none():
    article = extract(f"{BODY}\n\n{MORE}")
    assert (article.title, article.byline, article.credit, article.outlet, article.published, article.genre) == (
        None, None, None, None, None, None)


def test_a_headline_line_matches_a_given_title_that_ends_in_the_site_name():
    article = extract(f"Velmar Harbour Talks Stall\n\n{BODY}\n\n{MORE}", title="Velmar Harbour Talks Stall - The Velmar Courier")
    assert article.text == f"{BODY}\n\n{MORE}"
    assert title_variants("Harbour Talks Stall | Velmar Courier") == ["Harbour Talks Stall | Velmar Courier", "Harbour Talks Stall"]
    # A headline with a dash of its own is not cut to a stub, and a long tail is not a site name.
    assert title_variants("Vote - Delayed") == ["Vote - Delayed"]
    assert title_variants("Harbour Talks Stall - and the Quay Waits for Another Year") == [
        "Harbour Talks Stall - and the Quay Waits for Another Year"]


def test_a_given_title_run_into_the_first_paragraph_is_removed_when_it_ends_like_a_sentence():
    article = extract(f"Velmar lease vote delayed again! {BODY}\n\n{MORE}", title="Velmar lease vote delayed again!")
    assert article.text == f"{BODY}\n\n{MORE}"
    assert [r.rule for r in article.removed] == ["headline"]


def test_a_first_sentence_that_starts_with_the_title_words_is_kept():
    first = "Velmar harbour talks stalled on Tuesday after the delegations traded blame."
    article = extract(f"{first}\n\n{MORE}", title="Velmar harbour talks stalled")
    assert article.text.startswith(first)


# --- genre --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "genre"), [
    ("OPINION", "opinion"), ("Op-Ed", "opinion"), ("Commentary", "opinion"), ("Editorials", "opinion"),
    ("Analysis", "analysis"), ("News Analysis", "analysis"), ("Analysis/Opinion", "opinion"),
    ("World News", "news"), ("news", "news"), ("Sport", None), ("Harbour", None),
])
def test_genre_of_label(label, genre):
    assert genre_of_label(label) == genre


def test_opinion_wins_over_analysis_wins_over_news():
    assert strongest_genre(["news", "analysis", "opinion"]) == "opinion"
    assert strongest_genre(["news", "analysis"]) == "analysis"
    assert strongest_genre([None, "news"]) == "news"
    assert strongest_genre([None]) is None


def test_genre_from_breadcrumb_sections():
    article = extract(f"Home / OPINION / Analysis / Velmar Courts Northgate\n\n{BODY}\n\n{MORE}")
    assert article.genre == "opinion"


def test_genre_from_a_kicker():
    assert extract(f"ANALYSIS/OPINION:\n\n{BODY}\n\n{MORE}").genre == "opinion"
    assert extract(f"News Analysis\n\n{BODY}\n\n{MORE}").genre == "analysis"


def test_genre_from_input_category_fields():
    assert category_labels({"Category": "Analysis", "tags": ["harbour", "Opinion"], "body": "Opinion"}) == [
        "Analysis", "harbour", "Opinion"]
    assert find_genre(None, {"section": "News"}, {}) == "news"
    assert find_genre(None, {"tags": [{"name": "Commentary"}]}, {}) == "opinion"
    assert find_genre(None, {"fields": {"category": "Analysis"}}, {}) == "analysis"
    assert find_genre(None, {"type": "article", "topic": "opinion polls"}, {}) is None


@pytest.mark.parametrize(("title", "genre"), [
    ("Opinion: Velmar must keep its quay", "opinion"), ("ANALYSIS - What the lease means", "analysis"),
    ("Velmar opinion polls shift on the lease", None),
])
def test_genre_from_headline_prefix(title, genre):
    assert find_genre(title, {}, {}) == genre


def test_genre_from_byline_prefix():
    assert extract(f"Commentary by Mira Okonjo\n\n{BODY}\n\n{MORE}").genre == "opinion"
    assert extract(f"Analysis by Mira Okonjo\n\n{BODY}\n\n{MORE}").genre == "analysis"


def test_url_host():
    assert url_host("https://www.velmarcourier.example/world/1") == "velmarcourier.example"
    assert url_host(None) is None


def test_a_byline_run_into_the_first_paragraph_loses_its_prefix_and_gives_the_byline():
    article = extract(f"By Mira Okonjo: {BODY} The lease runs for forty years.\n\n{MORE}")
    assert article.text == f"{BODY} The lease runs for forty years.\n\n{MORE}"
    assert article.byline == "Mira Okonjo"
    assert [r.rule for r in article.removed] == ["byline"]


@pytest.mark.parametrize("first", [
    f"By the end of 2014: {BODY}",  # a time, not a person
    f"By Tuesday: {BODY}",
    "By Mira Okonjo: Yes, all of it.",  # too short to be the story after a byline
])
def test_openings_that_are_not_run_in_bylines_stay(first):
    assert extract(f"{first}\n\n{MORE}").text.startswith(first)
