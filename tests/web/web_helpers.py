"""Helpers for the web tests: hostile text, a store holding it, and an HTML checker."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from storytrace.models import Article, EditOp, Edits, Passage, Removal, Reuse
from storytrace.store import SQLiteStore

# A conftest.py here would shadow tests/store/conftest.py (both import as "conftest"), so the
# expensive stores are built once per session by these cached functions instead.


@functools.cache
def _scratch() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="storytrace-web-tests-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


@functools.cache
def seed_store(seeds_dir: Path) -> Path:
    """The five seed articles analysed by the real pipeline into a SQLite store (built once per session).

    Tests that write must work on a copy (:func:`copy_of`).
    """
    import storytrace
    from storytrace.settings import Options

    path = _scratch() / "seeds.db"
    storytrace.analyze(seeds_dir, options=Options(executor="serial"), store=path)
    return path


@functools.cache
def hostile_store_path() -> Path:
    """The hostile store (built once per session)."""
    return hostile_store(_scratch() / "hostile.db")


def copy_of(store: Path, folder: Path) -> Path:
    """A private copy of a store file (after a checkpoint, so the copy is complete)."""
    with SQLiteStore(store) as opened:
        opened.count_articles()
    target = folder / store.name
    shutil.copy(store, target)
    for suffix in ("-wal", "-shm"):
        if Path(f"{store}{suffix}").exists():
            shutil.copy(f"{store}{suffix}", f"{target}{suffix}")
    return target


SCRIPT = '<script>window.__xss = 1; alert("xss")</script>'
IMG = "<img src=x onerror=window.__xss=2>"
JS_LINK = '<a href="javascript:window.__xss=3">click me</a>'
JS_URL = "javascript:window.__xss=4"
HOSTILE = f"{SCRIPT} {IMG} {JS_LINK}"

#: Ids are attacker-controlled too: quotes, brackets and a slash must not break out of an href.
HOSTILE_ID = 'evil"><img src=y onerror=window.__xss=5>'
SOURCE_ID = "src/<b>"
STORY_ID = 'story"><script>window.__xss=6</script>'


def hostile_articles() -> list[Article]:
    """A source and a copy whose every field carries markup or script."""
    body = (
        f"Councillors met on Tuesday. {HOSTILE} The harbour plan was delayed again. "
        f"\"{SCRIPT} is what the mayor typed\", said {IMG}. Residents objected."
    )
    copy_body = body.replace("delayed again", "shelved " + IMG)
    source = Article.from_raw(
        SOURCE_ID, "evil.txt", body, title=SCRIPT + IMG, outlet=IMG, byline=SCRIPT, url=JS_URL,
        published="2031-05-01", credit=HOSTILE, genre=SCRIPT,
    )
    source.removed = [Removal("site-furniture", HOSTILE, 0, 5)]
    target = Article.from_raw(
        HOSTILE_ID, "evil2.txt", copy_body, title=HOSTILE, outlet=SCRIPT, url="https://example.invalid/ok",
        published="2031-05-02", parent=HOSTILE,
    )
    return [source, target]


def hostile_store(path: Path) -> Path:
    """A SQLite store holding the hostile articles, their results and a hostile story."""
    source, target = hostile_articles()
    shared = len("Councillors met on Tuesday. ")
    with SQLiteStore(path) as store:
        store.add_articles([source, target])
        run = store.start_run([str(path)], "{}")
        passage = Passage(0, shared + len(HOSTILE), 0, shared + len(HOSTILE), source.text[: shared + len(HOSTILE)], target.text[: shared + len(HOSTILE)])
        store.save_results("reuse", [Reuse(SOURCE_ID, HOSTILE_ID, "copy", False, [passage], {"credited": SCRIPT})], run)
        at = source.text.index("delayed again")
        store.save_results(
            "edits",
            [Edits(SOURCE_ID, HOSTILE_ID, [EditOp("replace", "delayed again", "shelved " + IMG, at, target.text.index("shelved"))])],
            run,
        )
        store.save_results(
            "lineage",
            [{"component": 0, "source": SOURCE_ID, "target": HOSTILE_ID, "attributed": False, "via": [], "direct": True}],
            run,
        )
        q_start = source.text.index(SCRIPT + " is what")
        quotes = [
            {"id": f"{a.id}:q1", "article": a.id, "text": SCRIPT + " is what the mayor typed", "start": q_start,
             "end": q_start + len(SCRIPT) + 23, "kind": "direct", "speaker": IMG, "speaker_mention": SCRIPT, "group": "g1"}
            for a in (source, target)
        ]
        store.save_results("quotes", quotes, run)
        store.save_results(
            "quote_groups",
            [{"id": "g1", "quotes": [q["id"] for q in quotes], "speaker": IMG, "earliest": SOURCE_ID,
              "versions": [{"text": HOSTILE, "articles": [SOURCE_ID, HOSTILE_ID], "outlets": [IMG, SCRIPT]}]}],
            run,
        )
        store.finish_run(run, {})
        store.save_stories([hostile_story()])
    return path


def hostile_story() -> dict[str, Any]:
    return {
        "id": STORY_ID,
        "title": HOSTILE,
        "articles": [SOURCE_ID, HOSTILE_ID],
        "start": "2031-05-01",
        "end": "2031-05-02",
        "first_reported_by": IMG,
        "first_article": SOURCE_ID,
        "summary": [{"text": HOSTILE, "support": [SOURCE_ID, HOSTILE_ID], "outlets": [IMG]}],
        "single_source": [{"text": SCRIPT, "article": HOSTILE_ID, "outlet": IMG}],
        "framing": [{"concept": SCRIPT, "terms": {IMG: [JS_LINK], SCRIPT: [HOSTILE]}, "evidence": []}],
        "coverage": {
            "outlets": [{"outlet": IMG, "articles": [SOURCE_ID], "first": "2031-05-01", "ratings": {SCRIPT: IMG}}],
            "timeline": [],
            "by_rating": {},
            "flags": [HOSTILE],
            "first_reporters": [IMG, SCRIPT],
        },
        "related": [JS_URL],
    }


class TagCollector(HTMLParser):
    """Every start tag of a page with its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def unsafe_markup(page: str) -> list[str]:
    """What on a page could run script: foreign script tags, event handlers, javascript: URLs, injected images."""
    collector = TagCollector()
    collector.feed(page)
    problems = []
    for tag, attrs in collector.tags:
        if tag == "script" and attrs != {"src": "/static/app.js", "defer": None}:
            problems.append(f"script tag {attrs}")
        if tag == "img":
            problems.append(f"img tag {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"{tag} has handler {name}={value!r}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value and value.strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                problems.append(f"{tag} {name}={value!r}")
    return problems
