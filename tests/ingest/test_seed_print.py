"""Print repair on seed 004, a PDF-extracted print page carrying a sidebar.

Expected strings are short checks typed from reading the seed, never copies
of it; the page itself is read through the ``seed_texts`` fixture.
"""

from __future__ import annotations

import re

import pytest

from storytrace.ingest.normalise import NormaliseUnicode
from storytrace.ingest.print_repair import RepairPrint
from storytrace.models import Article


def normalised(article: Article) -> Article:
    """The article after NormaliseUnicode, or as read while that stage is not written yet."""
    try:
        result = NormaliseUnicode().process(article)
    except NotImplementedError:
        return article
    assert isinstance(result, Article)
    return result


@pytest.fixture(scope="module")
def parts(seed_texts) -> list[Article]:
    article = normalised(Article.from_raw("seed-004", "004.txt", seed_texts["004"], format="text"))
    out = RepairPrint().process(article)
    assert isinstance(out, list), "the page carries a sidebar and must be split"
    return out


@pytest.fixture(scope="module")
def page(parts) -> Article:
    return parts[0]


@pytest.fixture(scope="module")
def sidebar(parts) -> Article:
    return parts[1]


def whole_text(parts: list[Article]) -> str:
    return "\n\n".join(part.text for part in parts)


def test_the_page_is_detected_as_print_and_plain_seeds_are_untouched(seed_texts):
    for key in ("000", "001", "002", "003"):
        article = Article.from_raw(f"seed-{key}", f"{key}.txt", seed_texts[key])
        out = RepairPrint().process(article)
        assert isinstance(out, Article) and out.text == seed_texts[key], key


@pytest.mark.parametrize(
    "joined",
    ["disintegration", "Valentina Matviyenko", "al-Maliki", "sectarian", "We sincerely thank you", "premiership",
     "following a visit", "more active participation", "militants", "Saudi Arabia", "St Petersburg", "Khomeini",
     "in Moscow as a reflection", "Tehran, it will stop"],
)
def test_line_break_hyphens_are_joined(parts, joined):
    assert joined in whole_text(parts)


@pytest.mark.parametrize(
    "hyphenated",
    ["Iran-backed", "pro-Kremlin", "Russian-made", "Soviet- and later Russian-made", "Iran-Iraq", "2011-12",
     "US-led", "war-torn", "one-time", "Moscow-Tehran-Damascus", "Iranian-US", "T-90"],
)
def test_real_hyphens_are_kept(parts, hyphenated):
    assert hyphenated in whole_text(parts)


def test_no_word_is_left_broken(parts):
    text = whole_text(parts)
    assert "-\n" not in text
    assert not re.search(r"\bRus-", text) and "Rus sia" not in text
    assert re.findall(r"\bRussia\b", text)


def test_the_drop_caps_are_repaired(page, sidebar):
    assert page.text.startswith("Iraqi Vice-President Nuri al-Maliki")
    assert sidebar.text.startswith("Iranian and Russian interests")


def test_the_sidebar_is_split_off_with_its_title_and_parent(page, sidebar, parts):
    assert len(parts) == 2
    assert sidebar.title == "Iran and Russia cooperate amid suspicion"
    assert sidebar.parent == page.id == "seed-004" and sidebar.id == "seed-004.2"
    assert sidebar.raw == page.raw
    assert "Iranian and Russian interests" not in page.text
    assert "cooperate amid suspicion" not in page.text and "cooperate amid suspicion" not in sidebar.text
    assert page.text.rstrip().endswith("Iraqi Vice-President"), "the caption stays with the page, as its last paragraph"
    assert "Russian-Iranian" in sidebar.text and "2011-12" in sidebar.text


def paragraph_with(article: Article, phrase: str) -> str:
    found = [p for p in article.text.split("\n\n") if phrase in p]
    assert len(found) == 1, phrase
    return found[0]


def test_each_quote_stays_in_one_paragraph(page, sidebar):
    quote = paragraph_with(page, "We sincerely thank you")
    assert "prevent the disintegration of the region" in quote and "Maliki told Putin" in quote
    assert "candidacy for Iraq\u2019s premiership following" in paragraph_with(page, "premiership")
    assert "signed a $4.2 billion arms contract" in paragraph_with(page, "arms contract")
    assert "is most unlikely. The Trump administration" in paragraph_with(sidebar, "most unlikely")


def test_the_caption_is_a_paragraph_of_its_own(page):
    caption = paragraph_with(page, "(L)")
    assert caption.startswith("Geopolitical challenge.") and "money changes hands" not in caption


def test_paragraphs_are_separated_by_one_blank_line(parts):
    for part in parts:
        assert "\n\n\n" not in part.text
        assert all(line.strip() for line in part.text.split("\n\n"))
        assert "\n" not in part.text.replace("\n\n", "")


def as_printed(raw: str, how: str) -> str:
    """Undo in ``raw`` what the repair did, to compare with the clean phrase."""
    if how == "join":  # a line-break hyphen dropped with the break
        raw = re.sub(r"-\n\s*", "", raw)
    elif how == "keep":  # a real hyphen kept, the break dropped
        raw = re.sub(r"-\n\s*", "-", raw)
    elif how == "drop-cap":  # the lone capital joined to its word
        raw = re.sub(r"^(\w)\s+", r"\1", raw)
    return " ".join(raw.split())


@pytest.mark.parametrize(
    "phrase, how",
    [
        ("disintegration", "join"),
        ("Valentina Matviyenko", "join"),
        ("We sincerely thank you", "join"),
        ("for Iraq\u2019s premiership following", "join"),
        ("Maliki said: \u201cWe want bigger openness and closer friendship", "join"),
        ("pro-Kremlin", "keep"),
        ("Russian-made weapons", "keep"),
        ("Iraqi Vice-President", "drop-cap"),
        ("Iranian and Russian", "drop-cap"),
        ("Despite this legacy, the Russian", "plain"),
    ],
)
def test_offsets_map_clean_spans_back_to_the_raw_page(parts, phrase, how):
    part = next(p for p in parts if phrase in p.text)
    start = part.text.index(phrase)
    raw_start, raw_end = part.offsets.span_to_raw(start, start + len(phrase))
    raw = part.raw[raw_start:raw_end]
    assert as_printed(raw, how) == phrase, raw
    if how != "plain":
        assert raw != phrase, "the page must have broken this phrase"


def test_every_clean_character_maps_to_the_same_raw_character(parts):
    for part in parts:
        positions = part.offsets.positions()
        for ch, pos in zip(part.text, positions):
            assert part.raw[pos] == ch or (ch.isspace() and part.raw[pos].isspace())
