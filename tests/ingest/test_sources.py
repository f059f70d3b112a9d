import json
import os

import pytest

import storytrace.ingest.sources as sources
from storytrace.ingest.sources import discover, kind_by_extension, sniff_kind
from storytrace.models import Source
from storytrace.settings import IngestOptions

BODY = "The parish council approved the new footbridge over the mill stream after a short debate on Tuesday evening."


def outcome(items):
    """``path -> kind`` for Sources and ``path -> reason`` for Rejected, in order."""
    return [(i.path, i.kind if isinstance(i, Source) else f"rejected: {i.reason}") for i in items]


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "b_sub").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (root / ".DS_Store").write_bytes(b"\x00\x01")
    (root / "c.txt").write_text(BODY)
    (root / "a.html").write_text(f"<html><body><p>{BODY}</p></body></html>")
    (root / "b_sub" / "note.md").write_text(BODY)
    (root / "b_sub" / "feed.jsonl").write_text(json.dumps({"text": BODY}) + "\n" + json.dumps({"text": BODY}) + "\n")
    (root / "empty.txt").write_bytes(b"")
    return root


def test_folders_are_walked_sorted_and_hidden_entries_skipped(corpus, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    assert outcome(discover(["corpus"], IngestOptions())) == [
        ("corpus/a.html", "html"),
        ("corpus/b_sub/feed.jsonl#1", "record"),
        ("corpus/b_sub/feed.jsonl#2", "record"),
        ("corpus/b_sub/note.md", "text"),
        ("corpus/c.txt", "text"),
        ("corpus/empty.txt", "rejected: empty file"),
    ]


def test_paths_keep_the_form_the_user_gave(corpus, monkeypatch):
    monkeypatch.chdir(corpus)
    items = list(discover(["./b_sub/", "c.txt", str(corpus / "a.html")], IngestOptions()))
    assert [i.path for i in items] == [
        "./b_sub/feed.jsonl#1", "./b_sub/feed.jsonl#2", "./b_sub/note.md", "c.txt", str(corpus / "a.html"),
    ]


def test_source_holds_the_file_bytes(corpus):
    (item,) = discover([corpus / "c.txt"], IngestOptions())
    assert item.data == BODY.encode()


def test_missing_paths_are_rejected_not_found(tmp_path):
    assert outcome(discover([tmp_path / "nope.txt"], IngestOptions())) == [(str(tmp_path / "nope.txt"), "rejected: not found")]


def test_too_large_is_decided_by_stat_without_reading(tmp_path, monkeypatch):
    big = tmp_path / "big.txt"
    with open(big, "wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk

    def refuse(*args):
        raise AssertionError("a file over the limit was read")

    monkeypatch.setattr(sources, "_read_at_most", refuse)
    (item,) = discover([big], IngestOptions(max_bytes=1024))
    assert item.reason == f"too large ({50 * 1024 * 1024} bytes > limit 1024)"


def test_unknown_extensions_are_sniffed(tmp_path):
    (tmp_path / "page.php").write_text("<!DOCTYPE html>\n<html><body><p>hi</p></body></html>")
    (tmp_path / "story.article").write_text(BODY)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    (tmp_path / "blob.bin").write_bytes(b"abc\x00\x00def" * 20)
    assert outcome(discover([tmp_path], IngestOptions())) == [
        (str(tmp_path / "blob.bin"), "rejected: binary file"),
        (str(tmp_path / "page.php"), "html"),
        (str(tmp_path / "photo.jpg"), "rejected: binary file"),
        (str(tmp_path / "story.article"), "text"),
    ]


def test_kinds_by_extension():
    assert kind_by_extension("A.TXT") == "text"
    assert kind_by_extension("x.xhtml") == "html"
    assert kind_by_extension("feed.ndjson") == "jsonl"
    assert kind_by_extension("feed.jsonl.gz") == "jsonl"
    assert kind_by_extension("crawl.warc.gz") == "warc"
    assert kind_by_extension("notes.gz") is None
    assert kind_by_extension("README") is None


def test_sniffing_tells_html_text_and_binary_apart():
    assert sniff_kind(b"  <!-- saved page -->\n<HTML lang=en>") == "html"
    assert sniff_kind(b"Just words about <html> tags in a sentence.") == "text"
    assert sniff_kind("<!doctype html><html>".encode("utf-16")) == "html"
    assert sniff_kind("\ufeff<!doctype html><html>".encode("utf-8")) == "html"
    assert sniff_kind(b"%PDF-1.4 ...") == "binary"


def test_symlinks_are_reported_unless_followed(tmp_path):
    target = tmp_path / "real"
    target.mkdir()
    (target / "story.txt").write_text(BODY)
    top = tmp_path / "top"
    top.mkdir()
    os.symlink(target, top / "linked")
    os.symlink(top, top / "loop")
    assert outcome(discover([top], IngestOptions())) == [
        (str(top / "linked"), "rejected: symbolic link not followed (follow_symlinks is off)"),
        (str(top / "loop"), "rejected: symbolic link not followed (follow_symlinks is off)"),
    ]
    assert outcome(discover([top], IngestOptions(follow_symlinks=True))) == [
        (str(top / "linked" / "story.txt"), "text"),
        (str(top / "loop"), "rejected: symbolic link loops back to a folder already read"),
    ]


def test_special_files_are_not_opened(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert outcome(discover([fifo], IngestOptions())) == [(str(fifo), "rejected: not a regular file")]


# A chmod-0 file is readable by root (CI runs as root), so the permission case is simulated.
def test_os_errors_while_reading_become_reasons(tmp_path, monkeypatch):
    story = tmp_path / "story.txt"
    story.write_text(BODY)

    def deny(path, size, limit):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(sources, "_read_at_most", deny)
    assert outcome(discover([story], IngestOptions())) == [(str(story), "rejected: permission denied")]


def test_json_documents_give_records(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": BODY}))
    assert outcome(discover([tmp_path], IngestOptions())) == [(str(tmp_path / "one.json"), "record")]


def test_discovery_is_deterministic(corpus):
    first = outcome(discover([corpus], IngestOptions()))
    assert outcome(discover([corpus], IngestOptions())) == first


def test_a_folders_own_documentation_is_rejected_unless_named(tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "report.txt").write_text(BODY)
    for name in ("README.md", "LICENSE", "CHANGELOG.txt", "readme_en.rst"):
        (root / name).write_text(BODY)
    (root / "readmission-rates.txt").write_text(BODY)  # an article whose name only starts like one
    walked = dict(outcome(discover([root], IngestOptions())))
    assert walked.pop(str(root / "report.txt")) == "text"
    assert walked.pop(str(root / "readmission-rates.txt")) == "text"
    assert len(walked) == 4
    assert all(reason.startswith("rejected: the folder's documentation") for reason in walked.values())
    # Named on its own, or with the option off, it is read like any text file.
    assert outcome(discover([root / "README.md"], IngestOptions())) == [(str(root / "README.md"), "text")]
    kept = outcome(discover([root], IngestOptions(skip_folder_docs=False)))
    assert all(kind == "text" for _, kind in kept) and len(kept) == 6
