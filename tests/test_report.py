"""The Markdown report escapes attacker-controlled article text."""

from __future__ import annotations

from storytrace.report import md, render


def test_markup_in_article_text_is_inert():
    hostile = '<script>alert(1)</script> [click](javascript:alert(1)) | col <img src=x onerror=alert(1)>'
    escaped = md(hostile)
    assert "<script>" not in escaped and "<img" not in escaped
    assert "](javascript" not in escaped
    assert "\\|" in escaped


def test_report_lists_articles_and_rejections_with_escaped_cells():
    document = {
        "articles": [{"id": "a|1", "title": "<b>Bold</b> claim", "outlet": "Gazette", "removed": [{"rule": "widget", "text": "x"}]}],
        "rejected": [{"path": "feed.jsonl#2", "reason": "broken JSONL line: Expecting value"}],
        "duplicates": [{"a": "a|1", "b": "b", "kind": "near", "similarity": 0.61, "containment": 0.93}],
    }
    text = render(document)
    assert "a\\|1" in text and "&lt;b&gt;Bold" in text
    assert "feed.jsonl\\#2" in text and "0.93" in text
    assert "| widget | 1 |" in text
