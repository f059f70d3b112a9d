import lxml.html

from storytrace.ingest.html import (
    LIBXML_MAX_DEPTH,
    exceeds_parser_depth,
    extract_html,
    flatten_deep_html,
    read_html,
)

PARAGRAPHS = [
    "The river authority opened the northern sluice gates on Monday after a week of heavy rain in the upper valley.",
    "Engineers said the level at the old mill weir would fall by half a metre before Thursday, easing pressure on the banks.",
    "Residents of the lower quarter were told the towpath would stay closed until inspectors had walked its full length.",
    "The authority thanked volunteers who filled sandbags through the weekend at the depot beside the ferry landing.",
]


def article_page(body_paragraphs=PARAGRAPHS, head_extra="", wrap=lambda body: body):
    body = "".join(f"<p>{p}</p>" for p in body_paragraphs)
    return (
        "<!DOCTYPE html><html><head><title>Sluice gates opened | Valley Courier</title>"
        '<meta name="author" content="Ada Brook">'
        '<meta property="og:site_name" content="Valley Courier">'
        '<meta property="article:published_time" content="2021-03-08T09:00:00Z">'
        f"{head_extra}</head><body>"
        '<nav><a href="/">Home</a> <a href="/weather">Weather</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>Sluice gates opened</h1>{wrap(body)}</article>"
        "<footer>Copyright Valley Courier Media. All rights reserved.</footer></body></html>"
    )


def test_main_text_keeps_paragraphs_apart_with_blank_lines():
    page = extract_html(article_page())
    assert page is not None
    paragraphs = page.text.split("\n\n")
    for paragraph in PARAGRAPHS:
        assert paragraph in paragraphs
    assert "All rights reserved" not in page.text
    assert "Weather" not in page.text


def test_metadata_comes_from_the_page():
    page = extract_html(article_page(), url="https://courier.example/2021/03/sluice")
    assert page.title.startswith("Sluice gates opened")
    assert page.author == "Ada Brook"
    assert page.sitename == "Valley Courier"
    assert page.date == "2021-03-08"
    assert page.url == "https://courier.example/2021/03/sluice"


def test_sections_and_tags_are_kept_as_genre_evidence():
    head = '<meta property="article:section" content="Opinion"><meta property="article:tag" content="Floods">'
    page = extract_html(article_page(head_extra=head))
    assert page.categories == ["Opinion"]
    assert "Floods" in page.tags
    assert extract_html(article_page()).categories == []


def test_line_breaks_inside_a_paragraph_stay_single():
    page = extract_html(article_page([PARAGRAPHS[0], "First line of the address<br>Second line of the address<br>Third line", *PARAGRAPHS[1:]]))
    assert "First line of the address\nSecond line of the address\nThird line" in page.text


def test_ten_thousand_nested_divs_still_give_the_text():
    html = article_page(wrap=lambda body: "<div class='wrap'>" * 10_000 + body + "</div>" * 10_000)
    assert exceeds_parser_depth(html)
    page = extract_html(html)
    assert page is not None and page.flattened
    for paragraph in PARAGRAPHS:
        assert paragraph in page.text


def test_flattening_keeps_text_and_bounds_depth():
    html = "<html><body>" + "<div><span>" * 600 + "<p>deep words here</p>" + "</span></div>" * 600 + "<p>after the pile</p></body></html>"
    flat = flatten_deep_html(html, max_depth=100)
    assert not exceeds_parser_depth(flat)
    tree = lxml.html.document_fromstring(flat)
    depth = max(len(list(element.iterancestors())) for element in tree.iter())
    assert depth < LIBXML_MAX_DEPTH
    text = tree.text_content()
    assert "deep words here" in text and "after the pile" in text


def test_flattening_keeps_script_text_raw_and_escapes_data():
    html = "<html><head><script>if (a < b && c) {}</script></head><body><p>5 &lt; 6 &amp; fine</p></body></html>"
    flat = flatten_deep_html(html, max_depth=100)
    assert "if (a < b && c) {}" in flat
    assert "5 &lt; 6 &amp; fine" in flat


def test_a_page_without_main_text_gives_none():
    assert extract_html("<html><head><title>t</title></head><body></body></html>") is None


def test_read_html_decodes_by_declared_charset():
    html = article_page([*PARAGRAPHS, "The caf\u00e9 by the quay served \u201cflood soup\u201d to everyone who came."],
                        head_extra='<meta charset="windows-1252">')
    page = read_html(html.encode("cp1252"))
    assert "The caf\u00e9 by the quay served \u201cflood soup\u201d" in page.text
