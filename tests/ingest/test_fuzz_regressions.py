"""Inputs the fuzzer (tests/fuzz, fuzz/fuzz_readers.py) found to crash a run or lose an input, one test each.

Every one of these used to stop the whole run with a traceback, or reject a
good article as an internal error, or list an input wrongly; each now ends
analysed or rejected with a reason, and the export encodes as UTF-8.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import storytrace
from storytrace.ingest.decode import replace_surrogates
from storytrace.ingest.html import read_html
from storytrace.ingest.jsonl import iter_jsonl, record_fields
from storytrace.ingest.metadata import url_host
from storytrace.ingest.sources import printable_path
from storytrace.ingest.warc import iter_warc
from storytrace.models import Rejected, Source
from storytrace.settings import StoryOptions

STORY = (
    "The ferry company said on Tuesday that the evening crossing would run twice a week through the winter, "
    "after islanders collected four hundred signatures asking for a later boat. The harbour master said the "
    "new timetable would start next month and that the morning sailings would not change."
)


def _analyze(*paths: Path) -> storytrace.Analysis:
    options = storytrace.Options(executor="serial", quotes=False, stories=StoryOptions(enabled=False))
    return storytrace.analyze(list(paths), options=options)


def _encodes(analysis: storytrace.Analysis) -> None:
    json.dumps(analysis.to_json(), ensure_ascii=False).encode("utf-8")


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_the_run_goes_on(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as stream:
        stream.write(STORY.encode("utf-8"))
    analysis = _analyze(tmp_path)
    assert [a.path for a in analysis.articles] == [os.path.join(str(tmp_path), "caf\\xe9.txt")]
    assert analysis.articles[0].id == "caf\\xe9"
    _encodes(analysis)  # used to fail: the path held the lone surrogate U+DCE9


def test_printable_path_leaves_valid_names_alone_and_escapes_any_surrogate():
    assert printable_path("reports/caf\u00e9.txt") == "reports/caf\u00e9.txt"
    assert printable_path(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert printable_path("x\ud800y") == "x\\xed\\xa0\\x80y"


def test_a_json_record_with_a_lone_surrogate_escape_is_read_with_a_replacement_character(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "ferry\ud800", "title": "Late \udfff boat", "text": STORY + " \ud800"}) + "\n")
    analysis = _analyze(feed)
    (article,) = analysis.articles
    assert article.id == "ferry\ufffd" and article.title == "Late \ufffd boat"
    assert article.raw.endswith("\ufffd") and "\ud800" not in article.text
    _encodes(analysis)  # used to fail, and the store refused the article, ending the run


def test_replace_surrogates_joins_pairs_and_replaces_lone_ones():
    assert replace_surrogates("a\ud83d\ude00b") == "a\U0001f600b"
    assert replace_surrogates("\ud800x\udfff") == "\ufffdx\ufffd"
    assert record_fields({"text": "a\udc80"})["text"] == "a\ufffd"


def test_a_jsonl_file_whose_only_line_is_too_large_is_not_also_called_empty(tmp_path):
    feed = tmp_path / "big.jsonl"
    feed.write_text(json.dumps({"text": "word " * 100}) + "\n")
    listed = list(iter_jsonl(feed, "big.jsonl", max_line_bytes=100))
    assert listed == [Rejected("big.jsonl#1", listed[0].reason)] and listed[0].reason.startswith("too large")


def test_a_warc_response_without_a_target_uri_is_reported_not_a_crash(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    page = f"<html><body><article><p>{STORY}</p></article></body></html>".encode()
    for uri in ("http://news.example/ferry", ""):  # the second has no WARC-Target-URI
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(page), http_headers=http))
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(out.getvalue())

    listed = list(iter_warc(archive, "crawl.warc.gz", 1 << 20))
    assert isinstance(listed[0], Source) and listed[0].path == "crawl.warc.gz#1"
    assert isinstance(listed[1], Rejected) and listed[1].path == "crawl.warc.gz#2"
    assert "malformed record" in listed[1].reason
    analysis = _analyze(archive)  # used to end the run with AttributeError from warcio
    assert [a.path for a in analysis.articles] == [f"{archive}#1"]


def test_a_broken_url_does_not_reject_the_article(tmp_path):
    assert url_host("http://[") is None and url_host("news.example/a") == "news.example"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "ferry", "url": "[", "text": STORY}) + "\n")
    analysis = _analyze(feed)
    assert [a.id for a in analysis.articles] == ["ferry"] and not analysis.rejected  # was "internal error in stage metadata"


def test_the_same_input_given_twice_is_analysed_once_and_the_repeat_listed(tmp_path):
    story = tmp_path / "ferry.txt"
    story.write_text(STORY)
    feed = tmp_path / "feed.jsonl"
    line = json.dumps({"id": "ferry-feed", "text": STORY + " The council agreed."})
    feed.write_text(line + "\n" + line + "\n")
    analysis = _analyze(story, story, feed)  # used to end the run: "article ids must be unique"
    assert sorted(a.path for a in analysis.articles) == sorted([str(story), f"{feed}#1"])
    assert {r.path: r.reason for r in analysis.rejected} == {
        str(story): f"repeated input: the same article as {story}, analysed once",
        f"{feed}#2": f"repeated input: the same article as {feed}#1, analysed once",
    }



def test_html_whose_metadata_trips_htmldate_still_gives_its_text():
    # htmldate's tree cleaning asserts on this tree; it used to reject the page as an internal error.
    page = read_html(f"<svg><p><p>{STORY}".encode())
    assert page is not None and page.text.startswith("The ferry company said on Tuesday")
    assert read_html(b"<svg><p><p>") is None  # and with no text at all, "no main text", not a crash


def test_json_nested_thousands_deep_is_rejected_not_a_crash(tmp_path):
    (tmp_path / "deep.jsonl").write_bytes(b"[" * 20_000 + b"\n" + json.dumps({"id": "ferry", "text": STORY}).encode() + b"\n")
    (tmp_path / "deep.json").write_bytes(b'{"a":' * 5_000)
    analysis = _analyze(tmp_path)  # used to end the run with RecursionError
    assert [a.path for a in analysis.articles] == [f"{tmp_path / 'deep.jsonl'}#2"]
    assert {r.path: r.reason for r in analysis.rejected} == {
        f"{tmp_path / 'deep.json'}": "broken JSON: nested too deeply to parse",
        f"{tmp_path / 'deep.jsonl'}#1": "broken JSONL line: nested too deeply to parse",
    }
