"""Print repair on invented print pages: layout, furniture, unwrapping, splitting.

All page text here is invented (an imaginary harbour dispute in "Velmar").
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storytrace.ingest.furniture import (
    ISSUE_STRIP,
    PAGE_NUMBER,
    RUNNING_HEAD,
    find_furniture,
    is_folio,
    is_issue_strip,
    is_page_number,
    running_lines,
)
from storytrace.ingest.layout import (
    break_hyphen_word,
    ends_open,
    ends_sentence,
    is_byline,
    is_drop_cap_line,
    is_hard_wrapped,
    is_title_like,
    split_lines,
    starts_continuation,
    wrap_evidence,
)
from storytrace.ingest.print_repair import PRINT_FLAG, RepairPrint, plan_repair, separator_edits
from storytrace.models import Article
from storytrace.offsets import MappedText
from storytrace.stage import apply_edits

# A two-column tabloid page as a PDF extractor gives it: running head, issue
# strip, a drop cap, line-break hyphens (one across a page break), a page
# number, a repeated running head, a photo caption, and a sidebar with its
# own title and drop cap.
PAGE = (
    "THE NORTHGATE COURIER\n"
    "Issue 212, Year 5 | Tuesday 4 March 2025\n"
    "\n"
    " H \n"
    "\n"
    "arbour workers in Velmar walked \n"
    "off the job on Monday after the \n"
    "port authority refused to recon-\n"
    "sider the new shift rota, union \n"
    "leaders said on Tuesday.\n"
    "\n"
    "\u201cWe have asked for a meeting \n"
    "three times and heard nothing,\u201d \n"
    "said Dara Quillon, who chairs the \n"
    "dockers\u2019 committee. \u201cOur mem-\n"
    "bers are tired of waiting.\u201d\n"
    "\n"
    "The strike is the first at the \n"
    "harbour since the long 2019-\n"
    "20 dispute over pensions, and it \n"
    "comes as the Velmar govern-\n"
    "ment courts a Kastrian-\n"
    "backed consortium for a thirty-\n"
    "year lease on the northern quay.\n"
    "\n"
    "Officials at the port authority \n"
    "declined to comment, but a spo-\n"
    "kesperson for the transport \n"
    "ministry said the government was \n"
    "\n"
    "7\n"
    "\n"
    "THE NORTHGATE COURIER\n"
    "\n"
    "following the situation close-\n"
    "\n"
    "ly and would not step in. Oppo-\n"
    "sition deputies accused the pro-\n"
    "Kastrian cabinet of selling off \n"
    "the quay to a well-\n"
    "known group of investors.\n"
    " Dockers gather at the harbour gate in Velmar (R) on Monday morning before the vote \n"
    " Quay lease: what we know\n"
    "\n"
    "T\n"
    "he northern quay handles \n"
    "about a third of the harbour\u2019s \n"
    "container traffic. Under the draft \n"
    "lease the consortium would man-\n"
    "age the berths and the rail link, \n"
    "while the city would keep the \n"
    "land and receive a yearly fee.\n"
    "\n"
    "8\n"
)

MAIN_TEXT = (
    "Harbour workers in Velmar walked off the job on Monday after the port authority refused to "
    "reconsider the new shift rota, union leaders said on Tuesday.\n\n"
    "\u201cWe have asked for a meeting three times and heard nothing,\u201d said Dara Quillon, who chairs "
    "the dockers\u2019 committee. \u201cOur members are tired of waiting.\u201d\n\n"
    "The strike is the first at the harbour since the long 2019-20 dispute over pensions, and it comes "
    "as the Velmar government courts a Kastrian-backed consortium for a thirty-year lease on the "
    "northern quay.\n\n"
    "Officials at the port authority declined to comment, but a spokesperson for the transport ministry "
    "said the government was following the situation closely and would not step in. Opposition deputies "
    "accused the pro-Kastrian cabinet of selling off the quay to a well-known group of investors.\n\n"
    "Dockers gather at the harbour gate in Velmar (R) on Monday morning before the vote"
)

SIDEBAR_TEXT = (
    "The northern quay handles about a third of the harbour\u2019s container traffic. Under the draft "
    "lease the consortium would manage the berths and the rail link, while the city would keep the "
    "land and receive a yearly fee."
)

# The same story as a web page gives it: one line per paragraph.
PLAIN = (
    "Harbour talks stall in Velmar\n\n"
    "Harbour workers in Velmar walked off the job on Monday after the port authority refused to "
    "reconsider the new shift rota, union leaders said.\n\n"
    "\u201cWe have asked for a meeting three times and heard nothing,\u201d said Dara Quillon, who chairs "
    "the dockers\u2019 committee.\n\n"
    "The strike is the first at the harbour since the long 2019-20 dispute over pensions.\n\n"
    "Officials at the port authority declined to comment on the well-known dispute.\n"
)


# Another layout: indented paragraph starts and no blank lines at all, a
# folio running head in mid-sentence, and a second story opened by a byline.
INDENTED_PAGE = (
    "12 NORTHGATE COURIER Tuesday, March 4, 2025\n"
    "   Harbour pilots in Velmar said on\n"
    "Monday they would refuse to guide\n"
    "container ships into the northern\n"
    "quay until the port authority hires\n"
    "two more crews for the night shift.\n"
    "   The pilots\u2019 association wrote to\n"
    "the transport ministry last week, ac-\n"
    "cording to a copy of the letter seen\n"
    "by the Courier, warning that tired\n"
    "crews were taking risks in the nar-\n"
    "row channel.\n"
    "   \u201cWe will not put lives at risk to\n"
    "save the authority money,\u201d said the\n"
    "association\u2019s chair, Ilse Varn-\n"
    "holt. The authority said it was\n"
    "NORTHGATE COURIER 13\n"
    "reviewing the rota and would re-\n"
    "spond by Friday.\n"
    "Ferry fares to rise\n"
    "By Tomas Reil\n"
    "Ferry fares between Velmar and\n"
    "the islands will rise by a fifth in\n"
    "April, the operator said, blaming\n"
    "the cost of fuel and new safety\n"
    "rules for its older boats.\n"
)


def page_article(text: str = PAGE, **metadata) -> Article:
    return Article.from_raw("courier-7", "courier/p7.pdf.txt", text, format="text", **metadata)


def unwrap(text: str) -> str:
    """Only the unwrapping plan, without detection, furniture or splitting."""
    article = Article.from_raw("t", "t.txt", text)
    apply_edits(article, plan_repair(text).edits, audit=False)
    return article.text


def assert_maps_to_same_characters(article: Article) -> None:
    """Every clean character maps to the same raw character; whitespace to whitespace."""
    positions = article.offsets.positions()
    assert len(positions) == len(article.text)
    for ch, raw_pos in zip(article.text, positions):
        raw_ch = article.raw[raw_pos]
        if ch.isspace():
            assert raw_ch.isspace(), (ch, raw_ch)
        else:
            assert raw_ch == ch, (ch, raw_ch)
    visible = [p for ch, p in zip(article.text, positions) if not ch.isspace()]
    assert visible == sorted(set(visible)), "clean characters are reordered or duplicated"


# --- Layout helpers ---------------------------------------------------------------


def test_split_lines_gives_offsets_of_each_line_and_its_content():
    text = " ab \n\ncd"
    lines = split_lines(text)
    assert [line.content for line in lines] == ["ab", "", "cd"]
    first = lines[0]
    assert text[first.start : first.end] == " ab "
    assert text[first.content_start : first.content_end] == "ab"
    assert first.indented and not lines[2].indented and lines[1].blank


@pytest.mark.parametrize(
    "content, expected",
    [
        ("the quay was sold.", True),
        ("\u201cWe will wait.\u201d", True),
        ("Is it over?", True),
        ("(as planned.)", True),
        ("the quay was sold to", False),
        ("said Dara Quillon:", False),
        ("Pravda", False),
    ],
)
def test_ends_sentence(content, expected):
    assert ends_sentence(content) is expected


@pytest.mark.parametrize(
    "content, expected",
    [("sold the quay to the", True), ("in Velmar,", True), ("The", True), ("the quay", False), ("sold.", False)],
)
def test_ends_open(content, expected):
    assert ends_open(content) is expected


@pytest.mark.parametrize(
    "content, expected",
    [
        ("the port recon-", "recon"),
        ("Nuri al-Ma-", "al-Ma"),
        ("the long 2019-", "2019"),
        ("a dash -", None),
        ("no hyphen", None),
        ("--", None),
    ],
)
def test_break_hyphen_word(content, expected):
    assert break_hyphen_word(content) == expected


@pytest.mark.parametrize(
    "content, expected",
    [("ly and then", True), ("\u201cours, they said", True), ("$4 million", True), ("2019 was", True), ("The quay", False), ("\u201cWe", False)],
)
def test_starts_continuation(content, expected):
    assert starts_continuation(content) is expected


@pytest.mark.parametrize(
    "content, expected",
    [
        ("Quay lease: what we know", True),
        ("Velmar and Kastria trade blame", True),
        ("Is the quay for sale?", True),
        ("Harbour talks stall. Ministers blame each other", False),  # two sentences: a caption
        ("Dockers at the gate (R) on Monday", False),
        ("the quay lease", False),
        ("Talks on the", False),
        ("Velmar", False),
        ("The strike is the first at the harbour.", False),
    ],
)
def test_is_title_like(content, expected):
    assert is_title_like(content) is expected


def test_small_shape_checks():
    assert is_drop_cap_line("T") and not is_drop_cap_line("t") and not is_drop_cap_line("To")


@pytest.mark.parametrize(
    "content, expected",
    [("By Mira Okonjo", True), ("BY MIRA OKONJO", True), ("By Ana de la Cruz and Tomas Reil", True),
     ("By Tomas Reil, Political Editor", True), ("By Monday the dockers had", False), ("By 2030 the quay", False),
     ("by the gate", False), ("By", False)],
)
def test_is_byline(content, expected):
    assert is_byline(content) is expected


# --- Detection -----------------------------------------------------------------------


def test_a_print_page_is_hard_wrapped():
    assert is_hard_wrapped(PAGE)
    evidence = wrap_evidence(PAGE)
    assert evidence.median_width < 40 and evidence.hyphen_share > 0.1


def test_one_line_paragraphs_are_not_hard_wrapped():
    assert not is_hard_wrapped(PLAIN)


def test_a_short_list_inside_plain_text_is_not_hard_wrapped():
    listing = PLAIN + "\nKey dates\nMonday: strike\nTuesday: talks\nWednesday: vote\n"
    assert not is_hard_wrapped(listing)


def test_a_list_of_short_headlines_is_not_hard_wrapped():
    links = "\n".join([
        "Velmar dockers strike again", "Quay lease vote delayed", "Kastrian tug runs aground off the cape",
        "Harbour board meets in private", "Union writes to the ministry", "Port fees rise for the third time",
        "Ferry timetable changes", "Northgate council backs the lease",
    ])
    assert wrap_evidence(links).open_end_share == 1.0
    assert not is_hard_wrapped(links)


def test_too_few_lines_show_no_layout():
    assert not is_hard_wrapped("the quay was\nsold to a\nconsortium")
    assert not is_hard_wrapped("")


def test_email_style_wrapping_is_detected():
    body = (
        "Harbour workers in Velmar walked off the job on Monday after the port\n"
        "authority refused to reconsider the new shift rota, union leaders said\n"
        "on Tuesday, and the strike is the first at the harbour since the long\n"
        "dispute over pensions that ended with a deal on the northern quay and\n"
        "a promise of talks that the port authority never kept, the union says\n"
        "in a letter sent to the transport ministry and to every city deputy.\n"
    )
    assert is_hard_wrapped(body)


# --- Furniture -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, expected",
    [("7", True), ("- 12 -", True), ("Page 3", True), ("p. 14", True), ("3 of 12", True), ("2014", False), ("7 dockers", False), ("Page three of the report", False)],
)
def test_is_page_number(content, expected):
    assert is_page_number(content) is expected


@pytest.mark.parametrize(
    "content, expected",
    [
        ("Issue 212, Year 5 | Tuesday 4 March 2025", True),
        ("THE NORTHGATE COURIER  \u2022  4 March 2025  \u2022  Page 7", True),
        ("Vol. 12 No. 4", True),
        ("12 NORTHGATE COURIER Tuesday, March 4, 2025", True),
        ("Tuesday 4 March 2025", False),  # a bare date may be the article's own date
        ("The strike began on 4 March 2025 at the gate.", False),
    ],
)
def test_is_issue_strip(content, expected):
    assert is_issue_strip(content) is expected


@pytest.mark.parametrize(
    "content, expected",
    [("NORTHGATE COURIER 13", True), ("14 | WORLD NEWS", True), ("Northgate Courier 13", False),
     ("reported 12 deaths", False), ("EU 27", False), ("THE 2019 CUP", False)],
)
def test_is_folio(content, expected):
    assert is_folio(content) is expected


def test_running_heads_repeat_but_repeated_body_lines_stay():
    text = "THE NORTHGATE COURIER 6\nreported.\nthe quay and\nTHE NORTHGATE COURIER 7\nreported.\nthe quay and\n"
    lines = split_lines(text)
    assert {lines[i].content for i in running_lines(lines)} == {"THE NORTHGATE COURIER 6", "THE NORTHGATE COURIER 7"}


def test_find_furniture_names_each_rule_and_spares_body_lines():
    lines = split_lines(PAGE)
    found = {lines[i].content: rule for i, rule in find_furniture(lines).items()}
    assert found == {
        "THE NORTHGATE COURIER": RUNNING_HEAD,
        "Issue 212, Year 5 | Tuesday 4 March 2025": ISSUE_STRIP,
        "7": PAGE_NUMBER,
        "8": PAGE_NUMBER,
    }


# --- The stage on the invented page -----------------------------------------------------------


@pytest.fixture(scope="module")
def repaired() -> list[Article]:
    out = RepairPrint().process(page_article(outlet="Northgate Courier", published="2025-03-04"))
    assert isinstance(out, list)
    return out


def test_the_page_is_unwrapped_into_paragraphs(repaired):
    assert repaired[0].text == MAIN_TEXT


def test_the_sidebar_is_split_off(repaired):
    main, sidebar = repaired
    assert sidebar.text == SIDEBAR_TEXT
    assert sidebar.id == "courier-7.2" and sidebar.parent == "courier-7"
    assert sidebar.title == "Quay lease: what we know"
    assert (sidebar.path, sidebar.format, sidebar.outlet, sidebar.published) == (
        main.path, main.format, main.outlet, main.published,
    )
    assert sidebar.raw == main.raw == PAGE
    assert main.parent is None and main.id == "courier-7"
    assert "Quay lease" not in main.text


def test_furniture_is_removed_and_audited_in_the_part_it_sat_in(repaired):
    main, sidebar = repaired
    assert [(r.rule, r.text) for r in main.removed] == [
        (RUNNING_HEAD, "THE NORTHGATE COURIER"),
        (ISSUE_STRIP, "Issue 212, Year 5 | Tuesday 4 March 2025"),
        (PAGE_NUMBER, "7"),
        (RUNNING_HEAD, "THE NORTHGATE COURIER"),
    ]
    assert [(r.rule, r.text) for r in sidebar.removed] == [(PAGE_NUMBER, "8")]
    for removal in main.removed + sidebar.removed:
        assert PAGE[removal.start : removal.end] == removal.text


def test_offsets_lead_back_to_the_page(repaired):
    for article in repaired:
        assert_maps_to_same_characters(article)
    main = repaired[0]
    for word in ("reconsider", "members", "Kastrian-backed", "closely", "spokesperson", "Harbour"):
        pos = main.text.index(word)
        start, end = main.offsets.span_to_raw(pos, pos + len(word))
        raw = PAGE[start:end]
        # The raw span is the word as printed: broken by a hyphen or a newline.
        assert word in ("".join(raw.split()), "".join(raw.replace("-\n", "").split())), raw


def test_the_input_article_is_left_as_it_was():
    article = page_article()
    before = copy.deepcopy(article)
    RepairPrint().process(article)
    assert article == before


def test_plain_text_passes_through_untouched():
    article = page_article(PLAIN)
    out = RepairPrint().process(article)
    assert out is article and out.text == PLAIN


def test_the_stage_is_deterministic():
    first = RepairPrint().process(page_article())
    second = RepairPrint().process(page_article())
    assert [(a.id, a.text, a.offsets) for a in first] == [(a.id, a.text, a.offsets) for a in second]


def test_a_headline_above_the_first_drop_cap_does_not_split_the_page():
    page = "Quay lease: what we know\n\n" + PAGE[PAGE.index("T\nhe northern") :]
    out = RepairPrint().process(page_article(page))
    assert not isinstance(out, list)
    assert out.text.startswith("Quay lease: what we know\n\nThe northern quay handles")


def test_an_indented_page_without_blank_lines_is_repaired_and_split():
    main, second = RepairPrint().process(page_article(INDENTED_PAGE))
    assert main.text == (
        "Harbour pilots in Velmar said on Monday they would refuse to guide container ships into the "
        "northern quay until the port authority hires two more crews for the night shift.\n\n"
        "The pilots\u2019 association wrote to the transport ministry last week, according to a copy of the "
        "letter seen by the Courier, warning that tired crews were taking risks in the narrow channel.\n\n"
        "\u201cWe will not put lives at risk to save the authority money,\u201d said the association\u2019s chair, "
        "Ilse Varnholt. The authority said it was reviewing the rota and would respond by Friday."
    )
    assert [(r.rule, r.text) for r in main.removed] == [
        (ISSUE_STRIP, "12 NORTHGATE COURIER Tuesday, March 4, 2025"),
        (RUNNING_HEAD, "NORTHGATE COURIER 13"),
    ]
    assert second.title == "Ferry fares to rise" and second.parent == main.id
    # The byline stays a paragraph of its own, for the cleaning and metadata stages.
    assert second.text.startswith("By Tomas Reil\n\nFerry fares between Velmar and the islands")
    for article in (main, second):
        assert_maps_to_same_characters(article)


def test_windows_line_ends_repair_the_same_way():
    out = RepairPrint().process(page_article(PAGE.replace("\n", "\r\n")))
    assert [part.text for part in out] == [MAIN_TEXT, SIDEBAR_TEXT]
    for article in out:
        assert_maps_to_same_characters(article)


def test_the_page_is_flagged_as_repaired_print(repaired):
    assert all(part.meta.get(PRINT_FLAG) for part in repaired)
    assert PRINT_FLAG not in RepairPrint().process(page_article(PLAIN)).meta


# --- Single break decisions ------------------------------------------------------------------


def test_a_suspended_hyphen_keeps_its_space():
    assert unwrap("banks offered short-\nand long-term loans") == "banks offered short- and long-term loans"


def test_a_tight_dash_and_a_soft_hyphen_join_without_space():
    assert unwrap("the union said\u2014\nand meant it") == "the union said\u2014and meant it"
    assert unwrap("the nego\u00ad\ntiations resumed") == "the negotiations resumed"


def test_a_blank_line_after_a_function_word_is_a_column_break():
    text = "the ministry wrote to the\n\nVelmar harbour board on Monday."
    assert unwrap(text) == "the ministry wrote to the Velmar harbour board on Monday."


def test_a_blank_line_after_a_full_column_line_continues_the_sentence():
    text = (
        "Dockers from the northern quay\n"
        "marched to the ministry where\n"
        "officials of the port authority\n"
        "\n"
        "Kastrian consortium met them."
    )
    assert unwrap(text).count("\n") == 0


def test_a_blank_line_after_a_sentence_is_a_paragraph_break():
    assert unwrap("the quay was sold.\n\nThe union objected.") == "the quay was sold.\n\nThe union objected."


def test_a_headline_block_is_not_glued_to_the_body():
    text = "Harbour talks stall as\nministers trade blame\n\nDockers from the northern quay marched to the ministry."
    assert unwrap(text) == "Harbour talks stall as ministers trade blame\n\nDockers from the northern quay marched to the ministry."


def test_without_blank_lines_a_line_with_room_left_ends_its_paragraph():
    text = (
        "Dockers from the northern quay\n"
        "marched to the ministry on the\n"
        "first day.\n"
        "Officials of the port authority\n"
        "said talks would resume soon.\n"
    )
    assert unwrap(text) == (
        "Dockers from the northern quay marched to the ministry on the first day.\n\n"
        "Officials of the port authority said talks would resume soon."
    )


def test_an_indented_line_after_a_sentence_starts_a_paragraph_but_is_no_caption():
    text = (
        "Dockers from the northern quay\n"
        "marched to the ministry in the\n"
        "rain with their banners high.\n"
        "   Officials of the port author-\n"
        "ity said talks would go on and\n"
        "that the lease was not signed.\n"
    )
    assert unwrap(text) == (
        "Dockers from the northern quay marched to the ministry in the rain with their banners high.\n\n"
        "Officials of the port authority said talks would go on and that the lease was not signed."
    )


def test_a_lone_wide_line_is_its_own_paragraph_but_a_wide_block_is_running_text():
    column = "marched to the ministry in the\nrain with their banners raised\n"
    wide_line = "Dockers outside the ministry gate in Velmar on Monday morning, before the talks\n"
    assert "\n\nDockers outside" in unwrap(column * 3 + wide_line + column * 3)
    wide_block = (
        "The union says the lease hands the northern quay to the consortium for thirty\n"
        "years and leaves the city with a yearly fee that nobody at the ministry has\n"
        "explained to the dockers or to the deputies who must vote on the deal.\n"
    )
    assert unwrap(wide_block + column + column).startswith(
        "The union says the lease hands the northern quay to the consortium for thirty years and leaves"
    )


def test_an_inline_drop_cap_is_joined_at_a_paragraph_start_only():
    text = "W hen the dockers\nmarched, the quay\nwas closed. A new\nplan was drafted."
    assert unwrap(text) == "When the dockers marched, the quay was closed. A new plan was drafted."
    assert unwrap("A new plan was\ndrafted by the union.") == "A new plan was drafted by the union."


def test_a_lone_capital_that_is_a_word_is_not_a_drop_cap():
    assert unwrap("the clerk said\nI\nwent home early.") == "the clerk said I went home early."
    assert unwrap("A\n\nnew plan for the quay was drafted.") == "A new plan for the quay was drafted."


def test_a_drop_cap_joins_its_word_across_blank_lines_and_spaces():
    assert unwrap(" H \n\n\narbour pilots refused.") == "Harbour pilots refused."
    assert unwrap("I\nraqi-born pilots refused.") == "Iraqi-born pilots refused."


def test_separator_edits_reuse_the_separator_already_there():
    text = "sold. \n\n The union"
    mapped = MappedText(text)
    mapped.apply(separator_edits(text, 5, 9, "\n\n", "t"))
    assert mapped.text == "sold.\n\nThe union"
    assert [text[p] for p in mapped.positions[5:7]] == ["\n", "\n"]


# --- Properties ------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Ac-\n\n .,I7\u201c\u00ad\u2014")), max_size=300))
def test_any_text_repairs_without_crashing_and_maps_back(text):
    out = RepairPrint().process(Article.from_raw("x", "x.txt", text))
    for article in out if isinstance(out, list) else [out]:
        assert_maps_to_same_characters(article)


_WORDS = ["the", "quay", "Velmar", "harbour", "union", "said", "and", "a", "lease", "I", "A", "2019", "pro", "Kastrian"]
_word = st.sampled_from(_WORDS) | st.text(alphabet="abcdeTIV", min_size=1, max_size=8)
_ending = st.sampled_from(["", "", "", ".", ",", "-", "\u201d", ":", "\u2014"])
_line = st.builds(lambda lead, words, end: lead + " ".join(words) + end + " ",
                  st.sampled_from(["", "", "", " "]), st.lists(_word, min_size=1, max_size=6), _ending)
_special = st.sampled_from(["", "\n", " I ", "T", "7", "Page 4", "THE VELMAR POST", "Quay lease: what we know"])
_page = st.lists(st.one_of(_line, _line, _line, _special), min_size=6, max_size=60).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(_page)
def test_any_print_like_page_repairs_without_crashing_and_maps_back(page):
    out = RepairPrint().process(Article.from_raw("x", "x.txt", page))
    parts = out if isinstance(out, list) else [out]
    for n, article in enumerate(parts):
        assert_maps_to_same_characters(article)
        assert article.offsets.clean_length == len(article.text)
        if n:
            assert article.parent == "x" and article.id == f"x.{n + 1}"
        for removal in article.removed:
            assert page[removal.start : removal.end] == removal.text


@settings(max_examples=150, deadline=None)
@given(_page)
def test_unwrapping_any_page_maps_back_even_where_detection_would_say_no(page):
    article = Article.from_raw("x", "x.txt", page)
    apply_edits(article, plan_repair(page).edits, audit=False)
    assert_maps_to_same_characters(article)
    assert not article.text[:1].isspace() and not article.text[-1:].isspace()


# Column lines of a similar width, as a typeset column has them.
_column_word = st.sampled_from(["quay", "harbour", "union", "lease", "pilots", "crews", "ships", "docks", "ferry"])
_body = st.lists(st.builds(lambda words: " ".join(words) + " ", st.lists(_column_word, min_size=5, max_size=6)),
                 min_size=8, max_size=20)
_two_part_page = st.builds(lambda first, second: "\n".join(first + ["", " Quay lease: what we know", "", "T"] + second),
                           _body, _body.map(lambda lines: ["he " + lines[0]] + lines[1:]))


@settings(max_examples=60, deadline=None)
@given(_two_part_page)
def test_a_titled_drop_cap_part_splits_off_with_exact_offsets(page):
    out = RepairPrint().process(Article.from_raw("x", "x.txt", page))
    assert isinstance(out, list) and len(out) == 2
    main, part = out
    assert part.title == "Quay lease: what we know" and part.text.startswith("The ")
    assert "Quay lease" not in main.text
    for article in out:
        assert_maps_to_same_characters(article)
