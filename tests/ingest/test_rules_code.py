"""Page script kept as text by an extractor: removed as a block, prose that merely looks like it kept.

All text is invented (the Velmar Courier and its people do not exist).
"""

from __future__ import annotations

import pytest

from storytrace.ingest.clean import CleanBoilerplate
from storytrace.ingest.rules.code import leaked_code, looks_like_code
from storytrace.models import Article

BODY = "Talks over the Velmar harbour lease stalled on Tuesday, officials said.\n\nThe council meets again in May."

WIDGET_SCRIPT = """(function() {
document.addEventListener('DOMContentLoaded', function() {
var widgetConfig = JSON.parse('\\x7b\\x22name\\x22\\x3a\\x22Ratings\\x22\\x7d');
var options = {};
Velmar.Widgets.RegisterInstance(widgetConfig, options)
});
})();"""


def removed(text: str) -> list[str]:
    return [text[e.start : e.end] for e in leaked_code(text)]


def test_a_script_block_above_the_story_is_removed_line_by_line():
    text = f"Harbour lease talks stall\n\n{WIDGET_SCRIPT}\n\n{BODY}"
    assert removed(text) == WIDGET_SCRIPT.split("\n")
    assert all(e.rule == "code" for e in leaked_code(text))


def test_a_lone_line_naming_page_objects_is_removed_anywhere():
    line = "window.dataLayer = window.dataLayer || [];"
    text = f"{BODY}\n\n{line}\n\nThe mayor declined to comment."
    assert removed(text) == [line]
    json_ld = '{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Lease talks stall"}'
    assert removed(f"{BODY}\n\n{json_ld}") == [json_ld]


@pytest.mark.parametrize("line", [
    "The vote was close; the mayor abstained;",
    "Various groups objected to the lease.",
    "Let's be clear about the harbour.",
    "Constant delays have cost the port (and its tenants) dearly.",
    "import duties on steel rose by 4% in March",
    "Return to the harbour, the council said.",
    "Function of the committee: to review the lease.",
    "U.S. officials (speaking anonymously) disagreed.",
    "Profits rose 3% to $4.2m (from $4.0m).",
])
def test_prose_that_merely_resembles_code_is_kept(line):
    assert not removed(f"{BODY}\n\n{line}\n\n{BODY}")


def test_one_code_shaped_line_without_page_objects_is_kept():
    # A lone line in the shape of a statement but naming nothing of the page: too little to call it script.
    line = "Velmar.Port.Open(2025)"
    assert looks_like_code(line)
    assert not removed(f"{BODY}\n\n{line}\n\n{BODY}")


def test_the_cleaning_stage_records_the_removed_script_against_the_raw_text():
    raw = f"Harbour lease talks stall\n\n{WIDGET_SCRIPT}\n\n{BODY}"
    article = CleanBoilerplate().process(Article.from_raw("a1", "a1.html", raw))
    assert "function" not in article.text and "Velmar harbour lease stalled" in article.text
    code = [r for r in article.removed if r.rule == "code"]
    assert [raw[r.start : r.end] for r in code] == WIDGET_SCRIPT.split("\n")


def test_a_list_whose_items_end_in_semicolons_is_kept():
    items = "\n".join(f"\u2022 {group} ({n} percent);" for group, n in [("renters", 54), ("farmers", 61), ("retirees", 70)])
    assert not removed(f"{BODY}\n\nSupport was highest among:\n{items}\n\n{BODY}")
