"""Adding articles through the upload form and the API: limits, types, names, clean-up, reasons."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from storytrace.store import MemoryStore, SQLiteStore
from storytrace.web import create_app
from storytrace.web.upload import UploadLimits, check_files, display_name, server_name

ARTICLE = (
    "Wenlow harbour council voted on Tuesday to delay the new ferry terminal for another year. "
    "The council leader, Imelda Quarrie, said the budget could not carry the cost while the sea wall "
    "still needed repairs. \"We will not build a terminal that the next storm washes away,\" Quarrie said. "
    "Residents who use the old landing stage told the meeting that the crossing is already unsafe in winter."
)


@pytest.fixture
def upload_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Temporary folders of uploads go here, so a test can see that none is left behind."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(tmp_path / "store.db", upload_limits=UploadLimits(max_total_bytes=64 * 1024, max_files=4))) as c:
        yield c


def test_upload_analyses_good_files_and_reports_every_rejection(client: TestClient, tmp_path: Path, upload_tmp: Path) -> None:
    files = [
        ("files", ("../../etc/ferry vote.txt", ARTICLE.encode(), "text/plain")),
        ("files", ("tool.exe", b"MZ\x90\x00", "application/octet-stream")),
        ("files", ("empty.txt", b"", "text/plain")),
        ("files", ("short.txt", b"Too short to be an article.", "text/plain")),
    ]
    page = client.post("/upload", files=files)
    assert page.status_code == 200
    assert "1 article(s) analysed, 3 input(s) rejected, from 4 file(s)" in page.text
    assert "unknown type" in page.text and "empty file" in page.text
    api = client.post("/api/uploads", files=[("files", ("again.txt", ARTICLE.encode() + b" More.", "text/plain"))]).json()
    assert api["error"] is None and len(api["added"]) == 1 and api["added"][0]["file"] == "again.txt"
    reasons = {r["file"]: r["reason"] for r in client.post("/api/uploads", files=files).json()["rejected"]}
    assert set(reasons) == {"tool.exe", "empty.txt", "short.txt"}
    assert "short" in reasons["short.txt"] or "words" in reasons["short.txt"]
    # Saved under server-chosen names in a temporary folder that is gone afterwards.
    with SQLiteStore(tmp_path / "store.db") as store:
        stored = list(store.articles())
    assert len(stored) == 2
    for article in stored:
        assert "etc" not in Path(article.path).parent.name and ".." not in article.path
        assert Path(article.path).parent.parent == upload_tmp
        assert not Path(article.path).exists()
    assert list(upload_tmp.iterdir()) == []
    assert any(a.id.startswith("ferry-vote-") for a in stored)


def test_upload_over_the_size_limit_is_refused_before_parsing(client: TestClient, upload_tmp: Path) -> None:
    big = ("files", ("big.txt", b"word " * 200_000, "text/plain"))
    response = client.post("/api/uploads", files=[big])
    assert response.status_code == 413 and "over the limit" in response.json()["error"]
    page = client.post("/upload", files=[big])
    assert page.status_code == 413 and "over the limit" in page.text
    assert list(upload_tmp.iterdir()) == []


def test_upload_limits_count_and_total_size_per_file() -> None:
    limits = UploadLimits(max_total_bytes=100, max_files=2)
    accepted, rejected = check_files([("a.txt", b"x" * 60), ("b.html", b"y" * 60), ("c.txt", b"z")], limits)
    assert [a[0] for a in accepted] == ["a.txt"]
    assert [r["file"] for r in rejected] == ["b.html", "c.txt"]
    assert "upload limit" in rejected[0]["reason"] and "too many files" in rejected[1]["reason"]


def test_too_many_files_are_refused(client: TestClient) -> None:
    files = [("files", (f"f{i}.txt", ARTICLE.encode(), "text/plain")) for i in range(7)]
    response = client.post("/api/uploads", files=files)
    assert response.status_code == 400 and "too many" in response.json()["error"].lower()


@pytest.mark.parametrize(
    ("client_name", "ending"),
    [("../../etc/passwd.txt", ".txt"), ("C:\\Users\\x\\feed.JSONL", ".JSONL"), ("a b;rm -rf.warc.gz", ".warc.gz"), ("....txt", ".txt")],
)
def test_server_names_hold_only_safe_characters(client_name: str, ending: str) -> None:
    shown = display_name(client_name)
    assert "/" not in shown and "\\" not in shown
    name = server_name(shown, ending, b"data")
    stem = name[: -len(ending)]
    assert name.endswith(ending) and stem and all(c.isalnum() or c in "-_" for c in stem)


def test_cross_site_posts_and_empty_posts_are_refused(client: TestClient) -> None:
    files = [("files", ("a.txt", ARTICLE.encode(), "text/plain"))]
    response = client.post("/api/uploads", files=files, headers={"origin": "https://evil.invalid"})
    assert response.status_code == 403
    cross_site = client.post("/upload", files=files, headers={"sec-fetch-site": "cross-site", "origin": "http://testserver"})
    assert cross_site.status_code == 403 and "another site" in cross_site.text
    assert client.post("/api/uploads", data={"x": "1"}).status_code == 400


def test_upload_needs_a_store_on_disk() -> None:
    with TestClient(create_app(MemoryStore())) as client:
        response = client.post("/api/uploads", files=[("files", ("a.txt", ARTICLE.encode(), "text/plain"))])
    assert response.status_code == 409


def test_upload_form_is_a_multipart_file_form(client: TestClient) -> None:
    page = client.get("/upload").text
    assert 'enctype="multipart/form-data"' in page and 'type="file" name="files" multiple' in page
