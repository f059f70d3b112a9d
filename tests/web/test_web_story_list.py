"""The story list: orders, search, outlet and date filters, pagination (pages and API)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from storytrace.models import Article
from storytrace.store import MemoryStore
from storytrace.web import create_app
from storytrace.web.links import story_href

OUTLETS = ("Wenlow Gazette", "Harbour Times", "Coastline Daily")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    """30 invented stories: story n has n % 4 + 1 articles, ends on day n, and only story 7 mentions herons."""
    store = MemoryStore()
    stories = []
    for n in range(30):
        ids = [f"s{n}-a{k}" for k in range(n % 4 + 1)]
        day = f"2031-03-{n + 1:02d}"
        store.add_articles(
            Article.from_raw(i, f"{i}.txt", f"Story {n} text about {'herons nesting' if n == 7 else 'the ferry'}.",
                             title=f"Story {n}", outlet=OUTLETS[n % 3], published=day)
            for i in ids
        )
        stories.append({"id": f"story-{n:02d}", "title": f"Story {n}", "articles": ids, "start": day, "end": day})
    store.save_stories(stories)
    with TestClient(create_app(store)) as test_client:
        yield test_client


def listed(client: TestClient, **params: object) -> list[str]:
    return [s["id"] for s in client.get("/api/stories", params=params).json()["stories"]]


def test_newest_first_by_default_and_biggest_on_request(client: TestClient) -> None:
    newest = listed(client)
    assert newest[:3] == ["story-29", "story-28", "story-27"]
    biggest = client.get("/api/stories", params={"order": "biggest"}).json()["stories"]
    sizes = [s["size"] for s in biggest]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == 4


def test_pagination_covers_every_story_once(client: TestClient) -> None:
    first = client.get("/api/stories").json()
    assert first["total"] == 30 and first["pages"] == 2 and len(first["stories"]) == 25
    second = listed(client, page=2)
    assert len(second) == 5 and not set(second) & {s["id"] for s in first["stories"]}
    page = client.get("/", params={"page": 1, "order": "biggest"})
    assert 'rel="next"' in page.text and "page=2" in page.text and "order=biggest" in page.text
    assert listed(client, page=3) == []


def test_search_outlet_and_date_filters(client: TestClient) -> None:
    assert listed(client, q="herons") == ["story-07"]
    by_outlet = listed(client, outlet="Harbour Times")
    assert by_outlet and all(int(s.split("-")[1]) % 3 == 1 for s in by_outlet)
    assert set(listed(client, since="2031-03-10", until="2031-03-12")) == {"story-09", "story-10", "story-11"}
    page = client.get("/", params={"q": "herons", "outlet": "", "since": "", "until": ""})
    assert page.status_code == 200 and story_href("story-07") in page.text and "1 stories match" in page.text


def test_bad_parameters_are_refused_with_a_reason(client: TestClient) -> None:
    for params in ({"order": "random"}, {"since": "last week"}, {"page": 0}, {"q": "x" * 201}):
        assert client.get("/api/stories", params=params).status_code == 422, params
        page = client.get("/", params=params)
        assert page.status_code == 422 and "<h1>422</h1>" in page.text
