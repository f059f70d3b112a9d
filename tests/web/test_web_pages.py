"""Every page and API route over the seed corpus as the real pipeline stored it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import copy_of
from web_helpers import seed_store as build_seed_store

from storytrace.store import SQLiteStore
from storytrace.web import create_app
from storytrace.web.links import article_href, copy_href, story_href

MALIKI_000 = "Historically, Russia has close relations with Iraq"
MALIKI_002 = "It is known that Russia has historically strong relations with Iraq"


class _TextIn(HTMLParser):
    """Collects the text inside every element of one tag name (e.g. all <del> texts)."""

    def __init__(self, tag: str) -> None:
        super().__init__()
        self.tag, self.depth, self.found, self._current = tag, 0, [], []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == self.tag:
            self.depth += 1
            self._current = []

    def handle_endtag(self, tag: str) -> None:
        if tag == self.tag and self.depth:
            self.depth -= 1
            self.found.append("".join(self._current))

    def handle_data(self, data: str) -> None:
        if self.depth:
            self._current.append(data)


def texts_in(page: str, tag: str) -> list[str]:
    parser = _TextIn(tag)
    parser.feed(page)
    return parser.found


@pytest.fixture(scope="module")
def seed_store(seeds_dir: Path) -> Path:
    return build_seed_store(seeds_dir)


@pytest.fixture(scope="module")
def seed_client(seed_store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(seed_store)) as client:
        yield client


def seed_id(store_path: Path, prefix: str) -> str:
    with SQLiteStore(store_path) as store:
        return next(a.id for a in store.articles() if a.id.startswith(prefix) and "." not in a.id)


def test_story_list_page_and_api_answer(seed_client: TestClient) -> None:
    page = seed_client.get("/")
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "<h1>Stories</h1>" in page.text
    data = seed_client.get("/api/stories").json()
    assert set(data) >= {"total", "stories", "page", "pages", "filters"}
    assert data["total"] == len(data["stories"]) or data["pages"] > 1


def test_article_page_highlights_reused_passages_and_quotes_with_links(seed_client: TestClient, seed_store: Path) -> None:
    source, copy = seed_id(seed_store, "000"), seed_id(seed_store, "001")
    page = seed_client.get(article_href(copy))
    assert page.status_code == 200
    # The copy's reused passage links to the comparison with its source.
    assert f'class="mark-reuse' in page.text or 'mark-quote mark-reuse' in page.text
    assert f'href="{copy_href(source, copy)}"'.replace("&", "&amp;") in page.text
    assert "mark-quote" in page.text
    # Quote text is still there, in order, whatever the highlighting.
    text = re.sub(r"<[^>]+>", "", page.text)
    assert "Russia has close relations with Iraq" in text


def test_article_page_shows_what_the_cleaner_removed(seed_client: TestClient, seed_store: Path) -> None:
    with SQLiteStore(seed_store) as store:
        article = next(a for a in store.articles() if a.removed)
    page = seed_client.get(article_href(article.id))
    assert '<details class="removed">' in page.text
    assert f"What the cleaner removed ({len(article.removed)})" in page.text
    assert article.removed[0].rule in page.text


def test_copy_view_marks_jihadist_struck_and_terrorist_inserted(seed_client: TestClient, seed_store: Path) -> None:
    source, copy = seed_id(seed_store, "000"), seed_id(seed_store, "001")
    page = seed_client.get(copy_href(source, copy))
    assert page.status_code == 200
    assert "jihadist" in texts_in(page.text, "del")
    assert "terrorist" in texts_in(page.text, "ins")
    api = seed_client.get(f"/api{copy_href(source, copy)}").json()
    assert {"op": "replace", "from": "jihadist", "to": "terrorist"}.items() <= next(
        op for op in api["ops"] if op["from"] == "jihadist"
    ).items()


def test_copy_view_of_unlinked_articles_is_404(seed_client: TestClient, seed_store: Path) -> None:
    first, other = seed_id(seed_store, "000"), seed_id(seed_store, "002")
    assert seed_client.get(copy_href(other, first)).status_code == 404
    assert seed_client.get("/copies/nope/nothing").status_code == 404
    assert seed_client.get("/api/copies/nope/nothing").json() == {"detail": "no copy of this source by this article"}


def test_unknown_ids_are_404_on_pages_and_api(seed_client: TestClient) -> None:
    for path in ("/articles/nope", "/stories/nope", "/api/articles/nope", "/api/stories/nope"):
        response = seed_client.get(path)
        assert response.status_code == 404, path
    assert "no such article" in seed_client.get("/articles/nope").text


@pytest.fixture(scope="module")
def story_client(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The seed store plus one invented story over all its articles, saved through the store API."""
    path = copy_of(seed_store, tmp_path_factory.mktemp("web-story"))
    with SQLiteStore(path) as store:
        ids = [a.id for a in store.articles()]
        store.save_stories(
            [
                {
                    "id": "maliki-moscow",
                    "title": "Maliki visits Moscow",
                    "articles": ids,
                    "start": None,
                    "end": None,
                    "first_reported_by": ids[0],
                    "first_article": ids[0],
                    "summary": [{"text": "Maliki asked Russia for help.", "support": ids[:2], "outlets": []}],
                    "single_source": [],
                    "framing": [{"concept": "militants", "terms": {ids[0]: ["jihadist"], ids[1]: ["terrorist"]}, "evidence": []}],
                    "coverage": {"outlets": [{"outlet": i, "articles": [i], "first": None, "ratings": {}} for i in ids],
                                 "timeline": [], "by_rating": {}, "flags": [], "first_reporters": ids[:2]},
                    "related": [],
                }
            ]
        )
    with TestClient(create_app(path)) as client:
        yield client


def test_story_page_shows_articles_lineage_summary_quotes_framing_coverage(story_client: TestClient) -> None:
    api = story_client.get("/api/stories/maliki-moscow").json()
    ids = [a["id"] for a in api["articles"]]
    page = story_client.get(story_href("maliki-moscow"))
    assert page.status_code == 200
    assert page.text.count('class="story-article"') == len(ids)
    for article_id in ids:
        assert article_href(article_id) in page.text
    # The lineage graph is drawn: one box per article in a copy relation, one arrow per lineage record.
    assert "<svg" in page.text and page.text.count('<path class="edge"') == len(api["lineage"]) > 0
    assert {(r["source"], r["target"]) for r in api["lineage"]} == {(e["source"], e["target"]) for e in api["graph"]["edges"]}
    # Summary with links to its support, framing terms, coverage rows.
    assert "Maliki asked Russia for help." in page.text
    assert "jihadist" in page.text and "terrorist" in page.text
    assert page.text.count("<tr><td>") >= len(ids)
    # Two outlets the dates cannot order: the other one is named beside the first.
    assert f"(or {ids[1]}: same day, no time given)" in page.text
    # The quote table holds both translations of Maliki's remark in one group.
    group = next(g for g in api["quotes"] if any(MALIKI_000 in v["text"] for v in g["versions"]))
    assert any(MALIKI_002 in v["text"] for v in group["versions"])
    assert MALIKI_000 in page.text and MALIKI_002 in page.text


def test_story_list_finds_the_saved_story(story_client: TestClient) -> None:
    data = story_client.get("/api/stories", params={"q": "Maliki Moscow"}).json()
    assert [s["id"] for s in data["stories"]] == ["maliki-moscow"]
    assert story_client.get("/api/stories", params={"q": "zebra crossing unicorn"}).json()["total"] == 0
    page = story_client.get("/", params={"q": "Maliki"})
    assert story_href("maliki-moscow") in page.text


def test_openapi_schema_lists_the_api_and_docs_stay_off(seed_client: TestClient) -> None:
    schema = seed_client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/copies/{source}/{target}", "/api/uploads"} <= paths
    assert not any(p.startswith(("/articles", "/stories", "/copies")) for p in paths), "pages are not part of the API schema"
    assert seed_client.get("/docs").status_code == 404  # its assets come from a CDN


def test_static_assets_are_served_and_nothing_else(seed_client: TestClient) -> None:
    assert seed_client.get("/static/style.css").status_code == 200
    assert seed_client.get("/static/app.js").headers["content-type"].startswith(("text/javascript", "application/javascript"))
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fviews.py"):
        assert seed_client.get(path).status_code == 404, path
