import gzip
import json

from storytrace.ingest.jsonl import iter_json_document, iter_jsonl, record_fields
from storytrace.models import Rejected, Source

BODY = "The orchard cooperative agreed a new price for cider apples after three evenings of talks in the village hall."


def write_lines(path, lines):
    data = "\n".join(lines).encode("utf-8")
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    return path


def test_one_source_per_line_and_broken_lines_rejected_with_the_json_error(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl", [
        json.dumps({"id": "a1", "text": BODY}),
        "",
        '{"id": "a2", "text": "unterminated',
        json.dumps({"id": "a3", "html": "<p>x</p>"}),
        "   ",
    ])
    items = list(iter_jsonl(feed, "in/feed.jsonl", 1000))
    assert [type(i) for i in items] == [Source, Rejected, Source]
    assert items[0].path == "in/feed.jsonl#1" and items[0].kind == "record"
    assert items[0].fields == {"id": "a1", "text": BODY}
    assert items[1].path == "in/feed.jsonl#3"
    assert items[1].reason.startswith("broken JSONL line: Unterminated string")
    assert items[2].path == "in/feed.jsonl#4"


def test_gzipped_feed_is_read_the_same(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl.gz", [json.dumps({"text": BODY}), json.dumps({"text": BODY + " Again."})])
    items = list(iter_jsonl(feed, "feed.jsonl.gz", 1000))
    assert [i.path for i in items] == ["feed.jsonl.gz#1", "feed.jsonl.gz#2"]
    assert items[1].fields["text"].endswith("Again.")


def test_truncated_gzip_keeps_lines_before_the_break(tmp_path):
    lines = [json.dumps({"text": f"{BODY} Number {n}."}) for n in range(200)]
    whole = gzip.compress("\n".join(lines).encode())
    feed = tmp_path / "feed.jsonl.gz"
    feed.write_bytes(whole[: len(whole) // 2])
    items = list(iter_jsonl(feed, "feed.jsonl.gz", 10_000))
    assert isinstance(items[-1], Rejected)
    assert "truncated or corrupt gzip" in items[-1].reason
    good = items[:-1]
    assert good and all(isinstance(i, Source) for i in good)
    assert items[-1].path == f"feed.jsonl.gz#{len(good) + 1}"


def test_a_line_over_the_limit_is_rejected_and_the_next_still_read(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl", [
        json.dumps({"text": "x" * 5000}),
        json.dumps({"text": BODY}),
    ])
    items = list(iter_jsonl(feed, "feed.jsonl", 1000))
    assert isinstance(items[0], Rejected) and items[0].path == "feed.jsonl#1"
    assert items[0].reason == "too large (5012 bytes > limit 1000)"
    assert isinstance(items[1], Source) and items[1].fields["text"] == BODY


def test_non_object_lines_and_blank_files_are_rejected(tmp_path):
    feed = write_lines(tmp_path / "feed.jsonl", ["[1, 2]", '"just a string"'])
    reasons = [i.reason for i in iter_jsonl(feed, "feed.jsonl", 1000)]
    assert reasons == ["broken JSONL line: expected a JSON object, got array",
                       "broken JSONL line: expected a JSON object, got string"]
    blank = write_lines(tmp_path / "blank.jsonl", ["", "  ", ""])
    assert [(i.path, i.reason) for i in iter_jsonl(blank, "blank.jsonl", 1000)] == [("blank.jsonl", "empty file (no JSON lines)")]


def test_cp1252_line_is_still_read(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes('{"text": "caf\u00e9 \u201cnoir\u201d"}\n'.encode("cp1252"))
    (item,) = iter_jsonl(feed, "feed.jsonl", 1000)
    assert item.fields["text"] == "caf\u00e9 \u201cnoir\u201d"


def test_common_field_names_map_onto_ours():
    fields = record_fields({
        "ID": 42,
        "Source": {"name": "Harbour Herald"},
        "date": "2020-05-01",
        "headline": "Pier reopens",
        "authors": ["Ann Lee", "Bo Tan"],
        "content": BODY,
        "link": "https://herald.example/pier",
        "unrelated": 1,
    })
    assert fields == {
        "id": "42", "outlet": "Harbour Herald", "published": "2020-05-01", "title": "Pier reopens",
        "byline": "Ann Lee, Bo Tan", "text": BODY, "url": "https://herald.example/pier",
    }


def test_our_own_names_win_over_aliases_and_empty_values_are_ignored():
    fields = record_fields({"source": "alias outlet", "outlet": "Our Outlet", "text": "", "content": BODY})
    assert fields["outlet"] == "Our Outlet"
    assert fields["text"] == BODY


def test_json_document_with_an_array_gives_one_source_per_object():
    data = json.dumps([{"text": BODY}, 3, {"html": "<p>x</p>"}]).encode()
    items = list(iter_json_document(data, "list.json"))
    assert [i.path for i in items] == ["list.json#1", "list.json#2", "list.json#3"]
    assert isinstance(items[1], Rejected) and "got number" in items[1].reason
    single = list(iter_json_document(json.dumps({"text": BODY}).encode(), "one.json"))
    assert single[0].path == "one.json" and single[0].kind == "record"
