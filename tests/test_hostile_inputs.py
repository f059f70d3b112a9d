"""A folder of hostile inputs: every good article is analysed, every bad one is listed with its reason.

One bad input must never stop a run, nor vanish from it: each path the
user gave ends up either among the articles or among the rejected, with a
reason a person can act on.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

import storytrace

from storytrace.ingest.normalise import NormaliseUnicode
from storytrace.ingest.read import ReadSource, RequireArticle
from storytrace.ingest.sources import discover
from storytrace.models import Rejected, Source
from storytrace.settings import IngestOptions
from storytrace.stage import StageStats

HUGE_BYTES = 50 * 1024 * 1024
LIMIT = IngestOptions().max_bytes

STORIES = [
    (
        "The county library will open its reading rooms on Sunday afternoons from next month, after a volunteer "
        "scheme found enough helpers to staff the desks. The head librarian said the trial would run until the end "
        "of the summer and that visitor numbers would decide whether it continued. Parents had asked for weekend "
        "hours for years, she said, because the homework club on Saturday mornings was always full. The council "
        "will pay for heating and cleaning from a small fund left by a former teacher in her will."
    ),
    (
        "Fishermen at the eastern harbour landed the first mackerel of the season on Thursday, two weeks earlier "
        "than last year. Buyers at the morning auction paid a little more than usual because few boats had gone out "
        "during the storms. The harbour master warned that the slipway would be closed for repairs on Monday and "
        "Tuesday, and asked crews to use the north quay instead. A new ice plant, paid for by the cooperative, "
        "is expected to be ready before the autumn herring run begins."
    ),
    (
        "A group of residents has planted two hundred young oaks along the old railway path between the mill and "
        "the river crossing. The trees were grown from acorns gathered by pupils at the village school three years "
        "ago and kept in pots behind the bakery. Organisers said the path would stay open while the work went on, "
        "but asked cyclists to slow down near the volunteers. The parish council has promised to water the saplings "
        "through their first dry summer and to replace any that fail."
    ),
]


def write_folder(root: Path) -> dict[str, str | None]:
    """The hostile folder; returns ``path -> expected rejection reason`` (None: a good article)."""
    root.mkdir()
    expected: dict[str, str | None] = {}

    (root / "binary.dat").write_bytes(b"\x00\x01\x02\x03garbage\x00" * 100)
    expected[str(root / "binary.dat")] = "binary file"

    (root / "empty.txt").write_bytes(b"")
    expected[str(root / "empty.txt")] = "empty file"

    windows = f"Caf\u00e9 owners welcome \u201cSunday hours\u201d \u2013 {STORIES[0]}"
    (root / "cp1252.txt").write_bytes(windows.encode("cp1252"))
    expected[str(root / "cp1252.txt")] = None

    with open(root / "huge.txt", "wb") as stream:
        chunk = b"word " * (1024 * 1024 // 5)
        while stream.tell() < HUGE_BYTES:
            stream.write(chunk[: HUGE_BYTES - stream.tell()])
    expected[str(root / "huge.txt")] = f"too large ({HUGE_BYTES} bytes > limit {LIMIT})"

    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in STORIES[1].split(". "))
    nested = (
        "<html><head><title>Early mackerel</title></head><body><nav><a href='/'>Home</a></nav>"
        + "<div>" * 10_000 + paragraphs + "</div>" * 10_000 + "</body></html>"
    )
    (root / "nested.html").write_text(nested, encoding="utf-8")
    expected[str(root / "nested.html")] = None

    lines = [json.dumps({"id": "oaks", "title": "Oaks planted", "text": STORIES[2]}), '{"id": "broken", "text": ',
             json.dumps({"id": "library", "outlet": "County Post", "text": STORIES[0]})]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected[str(root / "feed.jsonl") + "#1"] = None
    expected[str(root / "feed.jsonl") + "#2"] = "broken JSONL line: Expecting value: line 1 column 26 (char 25)"
    expected[str(root / "feed.jsonl") + "#3"] = None
    return expected


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, dict[str, str | None]]:
    root = tmp_path_factory.mktemp("hostile") / "inputs"
    return root, write_folder(root)


def test_discover_and_read_account_for_every_input(hostile):
    root, expected = hostile
    options = IngestOptions()
    tracemalloc.start()
    items = list(discover([root], options))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < HUGE_BYTES // 4, "discovery loaded the oversized file"

    rejected = [i for i in items if isinstance(i, Rejected)]
    sources = [i for i in items if isinstance(i, Source)]
    stream = iter(sources)
    for stage in (ReadSource(options), NormaliseUnicode(), RequireArticle(options)):
        stream = stage.run(stream, rejected, StageStats(stage.name))
    articles = list(stream)

    assert {a.path for a in articles} == {path for path, reason in expected.items() if reason is None}
    assert {r.path: r.reason for r in rejected} == {path: reason for path, reason in expected.items() if reason}

    by_path = {a.path: a for a in articles}
    assert "Caf\u00e9 owners welcome \u201cSunday hours\u201d" in by_path[str(root / "cp1252.txt")].text
    nested = by_path[str(root / "nested.html")]
    assert "first mackerel of the season" in nested.text and nested.title == "Early mackerel"
    assert by_path[str(root / "feed.jsonl") + "#3"].outlet == "County Post"


def test_analyze_lists_every_good_article_and_every_bad_input_with_its_reason(hostile):
    root, expected = hostile
    analysis = storytrace.analyze([root])
    analysed = {a.path for a in analysis.articles}
    reasons = {r.path: r.reason for r in analysis.rejected}

    assert analysed == {path for path, reason in expected.items() if reason is None}
    for path, reason in expected.items():
        if reason is not None:
            assert reasons.get(path) == reason, path
    assert analysed | set(reasons) == set(expected), "an input is neither analysed nor rejected"
