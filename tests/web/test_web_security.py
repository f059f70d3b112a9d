"""Hostile article text stays inert on every page and API response; headers; links; paths."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import HOSTILE, HOSTILE_ID, IMG, JS_URL, SCRIPT, SOURCE_ID, STORY_ID, hostile_store_path, unsafe_markup

from storytrace.web import create_app
from storytrace.web.links import article_href, copy_href, story_href
from storytrace.web.security import CONTENT_SECURITY_POLICY, safe_url

PAGES = ["/", "/?q=councillors", story_href(STORY_ID), article_href(SOURCE_ID), article_href(HOSTILE_ID),
         copy_href(SOURCE_ID, HOSTILE_ID), "/upload", "/articles/nope"]
API = ["/api/stories", "/api/stories?q=councillors", f"/api{story_href(STORY_ID)}", f"/api{article_href(SOURCE_ID)}",
       f"/api{article_href(HOSTILE_ID)}", f"/api{copy_href(SOURCE_ID, HOSTILE_ID)}"]


@pytest.fixture(scope="module")
def hostile_client() -> Iterator[TestClient]:
    with TestClient(create_app(hostile_store_path())) as client:
        yield client


def test_the_checker_sees_live_markup() -> None:
    assert unsafe_markup(f"<p>{IMG}</p>") and unsafe_markup(SCRIPT) and unsafe_markup('<a href=" JavaScript:x">a</a>')
    assert unsafe_markup('<svg><a href="/x" onclick="y"></a></svg>')
    assert not unsafe_markup("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_renders_inert_on_every_page(hostile_client: TestClient, path: str) -> None:
    page = hostile_client.get(path)
    assert page.status_code in (200, 404)
    assert unsafe_markup(page.text) == []
    assert "<script>window" not in page.text and "<img" not in page.text


def test_hostile_pages_still_show_the_text_escaped(hostile_client: TestClient) -> None:
    page = hostile_client.get(article_href(SOURCE_ID)).text
    assert "&lt;script&gt;window.__xss = 1;" in page
    assert "&lt;img src=x onerror=window.__xss=2&gt;" in page
    story = hostile_client.get(story_href(STORY_ID)).text
    assert story.count("&lt;img src=x onerror=window.__xss=2&gt;") >= 5  # outlet, speaker, framing, coverage, summary


def test_javascript_urls_never_become_links(hostile_client: TestClient) -> None:
    page = hostile_client.get(article_href(SOURCE_ID)).text
    assert JS_URL in page.replace("&#34;", '"')  # shown as text ...
    assert 'href="javascript' not in page.lower()  # ... never as a link
    other = hostile_client.get(article_href(HOSTILE_ID)).text
    assert 'href="https://example.invalid/ok"' in other


@pytest.mark.parametrize("path", API)
def test_api_responses_carry_no_markup_and_keep_the_text(hostile_client: TestClient, path: str) -> None:
    response = hostile_client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert b"<" not in response.content and b">" not in response.content
    data = response.json()
    dumped = json.dumps(data, ensure_ascii=False)
    assert SCRIPT in dumped or IMG in dumped or HOSTILE in dumped  # escaping is lossless for a JSON client


def test_api_article_url_is_dropped_unless_http(hostile_client: TestClient) -> None:
    assert hostile_client.get(f"/api{article_href(SOURCE_ID)}").json()["article"]["url"] is None
    assert hostile_client.get(f"/api{article_href(HOSTILE_ID)}").json()["article"]["url"] == "https://example.invalid/ok"


@pytest.mark.parametrize("path", ["/", "/api/stories", "/openapi.json", "/static/style.css", "/nope", "/api/nope", "/?order=x"])
def test_security_headers_on_every_response(hostile_client: TestClient, path: str) -> None:
    headers = hostile_client.get(path).headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "default-src 'self'" in CONTENT_SECURITY_POLICY and "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY and "unsafe-eval" not in CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.invalid/a?b=1", "https://news.invalid/a?b=1"),
        ("http://news.invalid", "http://news.invalid"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>1</script>", None),
        ("//evil.invalid/x", None),
        ("/relative", None),
        ("https://", None),
        (None, None),
        (42, None),
    ],
)
def test_safe_url_keeps_only_absolute_http_urls(url: object, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_ids_are_looked_up_never_used_as_paths(hostile_client: TestClient, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("do not serve", encoding="utf-8")
    for path in (f"/articles/{secret}", "/articles/..%2F..%2Fetc%2Fpasswd", "/api/articles/../../etc/passwd",
                 f"/api/stories/{secret}", "/copies/..%2F..%2Fetc/passwd"):
        response = hostile_client.get(path)
        assert response.status_code == 404, path
        assert "do not serve" not in response.text and "root:" not in response.text
