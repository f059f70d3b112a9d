"""The cleaning stage: rules composed, removals audited, offsets kept, layout tidied. Text is invented."""

from __future__ import annotations

import copy

from storytrace.ingest.clean import EVIDENCE_KEY, PRINT_FLAG, CleanBoilerplate, is_print
from storytrace.ingest.rules.layout import lines_are_paragraphs, paragraph_breaks
from storytrace.models import Article
from storytrace.offsets import MappedText
from storytrace.stage import StageStats

BODY_1 = "Talks over the Velmar harbour lease stalled on Tuesday, officials said."
BODY_2 = "\u201cWe came to sign, not to start again,\u201d said Deputy Minister Ana Kovrin."
BODY_3 = "By the end of 2014, the harbour had doubled its traffic, port figures show."

PAGE = (
    "Home / World / Harbour Talks Stall in Velmar\n\n"
    "Harbour Talks Stall in Velmar\n\n"
    "Print Friendly, PDF & Email\n\n"
    f"(northgatewire) -- {BODY_1}\n\n"
    f"{BODY_2}\n\n"
    "Related: Velmar port workers strike for a second week\n\n"
    "Ana Kovrin at the quay. Photograph: Teo Brandt/Getty Images\n\n"
    f"{BODY_3}\n\n"
    "Advertisement\n\n"
    "Join the Discussion\n\n"
    "By Mira Okonjo\n\n"
    "Source: The Velmar Courier\n"
)


def clean(text: str, **fields) -> Article:
    return CleanBoilerplate().process(Article.from_raw("a1", "a1.txt", text, **fields))


def test_every_boilerplate_line_is_removed_with_its_rule():
    article = clean(PAGE)
    rules = {r.text: r.rule for r in article.removed}
    assert rules == {
        "Home / World / Harbour Talks Stall in Velmar": "breadcrumb",
        "Print Friendly, PDF & Email": "widget",
        "(northgatewire) -- ": "credit",
        "Related: Velmar port workers strike for a second week": "promo",
        "Ana Kovrin at the quay. Photograph: Teo Brandt/Getty Images": "caption",
        "Advertisement": "advertisement",
        "Join the Discussion": "comments",
        "By Mira Okonjo": "byline",
        "Source: The Velmar Courier": "source",
    }


def test_body_is_kept_and_laid_out():
    article = clean(PAGE)
    # The headline stays for the metadata stage.
    assert article.text == "\n\n".join(["Harbour Talks Stall in Velmar", BODY_1, BODY_2, BODY_3])


def test_removals_point_into_the_raw_text_and_offsets_stay_valid():
    article = clean(PAGE)
    for removal in article.removed:
        assert article.raw[removal.start : removal.end] == removal.text
    for pos, char in enumerate(article.text):
        raw_pos = article.offsets.to_raw(pos)
        if not char.isspace():
            assert article.raw[raw_pos] == char


def test_evidence_keeps_what_metadata_needs():
    evidence = clean(PAGE).meta[EVIDENCE_KEY]
    assert evidence["byline"] == ["By Mira Okonjo"]
    assert evidence["source"] == ["Source: The Velmar Courier"]
    assert evidence["breadcrumb"] == ["Home / World / Harbour Talks Stall in Velmar"]


def test_clean_article_is_left_alone():
    text = f"{BODY_1}\n\n{BODY_2}\n\n{BODY_3}"
    article = clean(text)
    assert article.text == text
    assert article.removed == []


def test_stage_run_does_not_change_its_input():
    article = Article.from_raw("a1", "a1.txt", PAGE)
    before = copy.deepcopy(article)
    out = list(CleanBoilerplate().run([article], [], StageStats("clean")))
    assert article == before
    assert out[0].text != PAGE


def test_print_rules_only_for_print_pages():
    fragment = "Harbour row. Deputy Minister Ana Kovrin listens as Mayor Olu Brandt speaks during the"
    text = f"{BODY_1}\n\n{fragment}\n\n{BODY_3}"
    assert fragment in clean(text).text
    printed = CleanBoilerplate().process(Article.from_raw("p1", "p1.txt", text, meta={PRINT_FLAG: True}))
    assert fragment not in printed.text
    assert is_print(Article.from_raw("p2", "p2.pdf", text, format="pdf"))


# --- layout -------------------------------------------------------------------------------------


def apply(text: str, edits) -> str:
    mapped = MappedText(text)
    mapped.apply(edits)
    return mapped.text


def test_one_paragraph_per_line_becomes_blank_line_separated():
    text = f"{BODY_1}\n{BODY_2}\n{BODY_3}"
    assert lines_are_paragraphs(text)
    assert apply(text, paragraph_breaks(text)) == f"{BODY_1}\n\n{BODY_2}\n\n{BODY_3}"


def test_blank_line_text_keeps_single_breaks_inside_paragraphs():
    text = f"\n\n  {BODY_1}\nsecond line of the same paragraph  \n\n\n\n{BODY_2}   \n\n"
    assert not lines_are_paragraphs(text)
    assert apply(text, paragraph_breaks(text)) == f"{BODY_1}\nsecond line of the same paragraph\n\n{BODY_2}"


def test_layout_edits_are_whitespace_only():
    text = f" {BODY_1}\n \n\n{BODY_2}\n"
    for edit in paragraph_breaks(text):
        assert not text[edit.start : edit.end].strip()
        assert not edit.replacement.strip()


def test_removing_a_line_from_one_per_line_text_leaves_no_extra_blank():
    text = f"(northgatewire) -- {BODY_1}\nAdvertisement\n{BODY_2}"
    article = clean(text)
    assert article.text == f"{BODY_1}\n\n{BODY_2}"
    assert [r.text for r in article.removed] == ["Advertisement", "(northgatewire) -- "]
