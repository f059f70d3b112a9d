"""End-to-end tests in a real browser: Playwright driving Debian's Chromium against the app on localhost.

The app is served by uvicorn in a background thread over the seed corpus as
``storytrace.analyze`` stored it. Screenshots of the main pages are saved
under ``tmp/artifacts/web/`` (outside git; the path is printed). Without
Chromium or Playwright the tests skip with a reason, and fail under CI=true.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_helpers import HOSTILE_ID, SOURCE_ID, STORY_ID, copy_of, hostile_store_path
from web_helpers import seed_store as build_seed_store

from storytrace.store import SQLiteStore
from storytrace.web import create_app
from storytrace.web.links import article_href, copy_href, story_href

CHROMIUM = Path(os.environ.get("STORYTRACE_CHROMIUM", "/usr/bin/chromium"))
# Without these flags Chromium keeps trying to reach the (closed) network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "tmp" / "artifacts" / "web"
MALIKI_000 = "Historically, Russia has close relations with Iraq"
MALIKI_002 = "It is known that Russia has historically strong relations with Iraq"


def _require_browser() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package (pip install 'storytrace[test]')")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(store: Path) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def seed_store(seeds_dir: Path) -> Path:
    return build_seed_store(seeds_dir)


@pytest.fixture(scope="module")
def seed_url(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # A copy: the upload test adds to it, and the other web tests share the session's seed store.
    yield from _serve(copy_of(seed_store, tmp_path_factory.mktemp("web-browser")))


@pytest.fixture(scope="module")
def hostile_url() -> Iterator[str]:
    yield from _serve(hostile_store_path())


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    tab = context.new_page()
    yield tab
    context.close()


def _shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)  # type: ignore[attr-defined]
    print(f"screenshot: {target}")


def _seed_ids(seed_store: Path) -> dict[str, str]:
    with SQLiteStore(seed_store) as store:
        return {a.id[:3]: a.id for a in store.articles() if "." not in a.id}


def _seed_story(seed_store: Path) -> str:
    ids = _seed_ids(seed_store)
    with SQLiteStore(seed_store) as store:
        story = store.story_of(ids["000"])
    assert story is not None, "the pipeline stored no story holding seed 000 (is story clustering wired into analyze?)"
    return story


def test_story_page_lists_the_five_seed_articles(page: object, seed_url: str, seed_store: Path) -> None:
    story = _seed_story(seed_store)
    page.goto(seed_url + "/")  # type: ignore[attr-defined]
    _shot(page, "stories")
    page.goto(seed_url + story_href(story))  # type: ignore[attr-defined]
    listed = page.locator("li.story-article a").evaluate_all("links => links.map(a => a.getAttribute('href'))")  # type: ignore[attr-defined]
    for prefix, article_id in _seed_ids(seed_store).items():
        assert article_href(article_id) in listed, f"seed {prefix} is not listed on its story page"
    assert page.locator("svg.lineage path.edge").count() >= 1  # type: ignore[attr-defined]
    _shot(page, "story")


def test_quote_group_shows_both_translations_of_malikis_remark(page: object, seed_url: str, seed_store: Path) -> None:
    page.goto(seed_url + story_href(_seed_story(seed_store)))  # type: ignore[attr-defined]
    group = page.locator("tbody.quote-group", has_text=MALIKI_000)  # type: ignore[attr-defined]
    assert group.count() == 1
    assert group.get_by_text(MALIKI_000).first.is_visible()
    assert group.get_by_text(MALIKI_002).first.is_visible()


def test_copy_view_shows_jihadist_replaced_by_terrorist(page: object, seed_url: str, seed_store: Path) -> None:
    ids = _seed_ids(seed_store)
    page.goto(seed_url + copy_href(ids["000"], ids["001"]))  # type: ignore[attr-defined]
    assert page.locator("section.source del", has_text="jihadist").first.is_visible()  # type: ignore[attr-defined]
    assert page.locator("section.target ins", has_text="terrorist").first.is_visible()  # type: ignore[attr-defined]
    row = page.locator("table.edits tr", has_text="jihadist").first  # type: ignore[attr-defined]
    assert "terrorist" in row.inner_text()
    _shot(page, "copy")


def test_article_page_highlights_and_collapses_removed_text(page: object, seed_url: str, seed_store: Path) -> None:
    ids = _seed_ids(seed_store)
    page.goto(seed_url + article_href(ids["001"]))  # type: ignore[attr-defined]
    reused = page.locator("article.text a.mark-reuse").first  # type: ignore[attr-defined]
    assert reused.is_visible()
    assert page.locator("article.text .mark-quote").count() >= 1  # type: ignore[attr-defined]
    page.goto(seed_url + article_href(ids["000"]))  # type: ignore[attr-defined]
    removed = page.locator("details.removed")  # type: ignore[attr-defined]
    assert not removed.locator("table").is_visible()
    removed.locator("summary").click()
    assert removed.locator("table").is_visible()
    _shot(page, "article")


def test_upload_form_analyses_a_file_in_the_browser(page: object, seed_url: str, tmp_path: Path) -> None:
    upload = tmp_path / "ferry.txt"
    upload.write_text(
        "Wenlow harbour council voted on Tuesday to delay the new ferry terminal for another year. The council "
        "leader said the budget could not carry the cost while the sea wall still needed repairs, and residents "
        "told the meeting that the old landing stage is already unsafe in winter storms.",
        encoding="utf-8",
    )
    junk = tmp_path / "notes.exe"
    junk.write_bytes(b"MZ")
    page.goto(seed_url + "/upload")  # type: ignore[attr-defined]
    page.set_input_files("input[name=files]", [str(upload), str(junk)])  # type: ignore[attr-defined]
    page.click("form.upload button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_selector("section.outcome")  # type: ignore[attr-defined]
    _shot(page, "upload")
    assert page.locator("table.added", has_text="ferry.txt").is_visible()  # type: ignore[attr-defined]
    assert page.locator("table.rejected", has_text="notes.exe").is_visible()  # type: ignore[attr-defined]
    _shot(page, "upload")


def test_hostile_text_runs_no_script_in_the_browser(page: object, hostile_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    for path in ("/", story_href(STORY_ID), article_href(SOURCE_ID), article_href(HOSTILE_ID), copy_href(SOURCE_ID, HOSTILE_ID)):
        response = page.goto(hostile_url + path)  # type: ignore[attr-defined]
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
        for link in page.locator("a").all():  # type: ignore[attr-defined]
            href = (link.get_attribute("href") or "").strip().lower()
            assert not href.startswith("javascript:"), path
        page.locator("a", has_text="click me").count()
        assert page.evaluate("() => window.__xss === undefined"), path  # type: ignore[attr-defined]
        assert page.locator("img").count() == 0, path  # type: ignore[attr-defined]
    assert dialogs == []
    _shot(page, "hostile-copy")
