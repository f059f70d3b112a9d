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


def test_report_shows_shared_remarks_with_each_version_and_cited_sources():
    document = {
        "articles": [],
        "quote_groups": [
            {"id": "g1", "quotes": ["a:q1", "b:q1"], "speaker": "Ana Kovrin", "earliest": "a",
             "versions": [{"text": "We came to sign", "articles": ["a"], "outlets": ["Gazette"]},
                          {"text": "We arrived to sign <b>", "articles": ["b"], "outlets": ["Courier"]}]},
            {"id": "g2", "quotes": ["a:q2"], "speaker": None, "earliest": "a", "versions": []},
        ],
        "citations": [{"source": "Wire A"}, {"source": "Wire A"}, {"source": "Radio B"}],
    }
    text = render(document)
    assert "| g1 | Ana Kovrin | a | 2 | b | We arrived to sign &lt;b&gt; |" in text
    assert "g2" not in text
    assert text.index("| Wire A | 2 |") < text.index("| Radio B | 1 |")


def test_report_shows_stories_with_supported_summary_framing_and_escaped_text():
    document = {
        "articles": [],
        "stories": [
            {"id": "s1", "title": "Dam <script>alert(1)</script> opens", "articles": ["a", "b"], "start": "2031-01-02",
             "end": "2031-01-03", "first_reported_by": "Gazette",
             "summary": [{"text": "The dam opened [x](javascript:alert(1)).", "support": ["a", "b"]}],
             "single_source": [{"text": "Only here.", "article": "b", "outlet": "Courier"}],
             "framing": [{"concept": "militant", "terms": {"Gazette": ["rebels"], "Courier": ["insurgents"]}}],
             "coverage": {"flags": ["bias=right: 0 of 2 articles"], "first_reporters": ["Gazette", "Courier <b>"]}},
        ],
    }
    text = render(document)
    assert "| s1 | Dam &lt;script&gt;" in text and "<script>" not in text
    assert "](javascript" not in text
    assert "[a, b]" in text and "Only here. [Courier]" in text
    assert "| militant | Courier | insurgents |" in text
    assert "bias=right: 0 of 2 articles" in text
    assert "Gazette" in text and "Courier &lt;b&gt;: same day" in text and "<b>" not in text
