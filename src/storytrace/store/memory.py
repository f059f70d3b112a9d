"""An in-memory store: the test double for :class:`~storytrace.store.base.Store`.

It keeps the same rows the SQLite store writes (encoded by
:mod:`storytrace.store._codec`), so it validates, normalises and refuses the
same inputs, and a test that passes against it says something true about the
real backends. It is also what ``open_store(":memory:")`` gives: handy for a
one-off analysis that needs no file. Everything is lost on :meth:`close`.

Note:
    Search is a plain scan (every word of the query as a token phrase,
    ranked by how often the words occur). It agrees with SQLite's FTS5 on
    *which* articles match for ordinary words; ranks and snippets differ.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from os import PathLike, fspath
from typing import Any

from storytrace._exceptions import StoreError
from storytrace.models import Article, Rejected
from storytrace.store import _codec
from storytrace.store.base import IdConflictError, Run, RunId, SearchHit, Store, StorySummary

_TOKEN = re.compile(r"[^\W_]+")


def _tokens(text: str) -> list[str]:
    """Lower-case, accent-free word tokens (what FTS5's ``unicode61 remove_diacritics 2`` makes)."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return _TOKEN.findall(folded)


def _phrase_count(tokens: list[str], phrase: list[str]) -> int:
    n = len(phrase)
    if n == 0:
        return 0
    return sum(1 for i in range(len(tokens) - n + 1) if tokens[i : i + n] == phrase)


class MemoryStore(Store):
    """A :class:`Store` in dictionaries. Not thread-safe; one process only."""

    def __init__(self) -> None:
        self._articles: dict[str, tuple[_codec.ArticleRow, list[_codec.RemovalRow]]] = {}
        self._by_hash: dict[str, str] = {}
        self._rejected: list[tuple[RunId, str, str]] = []
        self._results: list[tuple[RunId, str, str]] = []
        self._runs: dict[RunId, dict[str, Any]] = {}
        self._stories: dict[str, tuple[str | None, str | None, str | None, list[str], str]] = {}
        self._story_of: dict[str, str] = {}
        self._vectors: dict[tuple[str, str], bytes] = {}
        self._state: dict[str, bytes] = {}
        self._closed = False

    def _open(self) -> None:
        if self._closed:
            raise StoreError("the store is closed")

    def _require_run(self, run_id: RunId) -> None:
        if run_id not in self._runs:
            raise StoreError(f"unknown run {run_id!r}: start it with start_run() first")

    # -- articles ---------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> tuple[list[str], list[str]]:
        self._open()
        added: list[str] = []
        existing: list[str] = []
        conflicts: list[str] = []
        staged: dict[str, tuple[_codec.ArticleRow, list[_codec.RemovalRow]]] = {}
        staged_hashes: dict[str, str] = {}
        for article in articles:
            row, removals = _codec.encode_article(article)
            stored = self._articles.get(row.id) or staged.get(row.id)
            if stored is not None:
                (existing if stored[0].content_hash == row.content_hash else conflicts).append(row.id)
            elif row.content_hash in self._by_hash or row.content_hash in staged_hashes:
                existing.append(row.id)
            else:
                staged[row.id] = (row, removals)
                staged_hashes[row.content_hash] = row.id
                added.append(row.id)
        if conflicts:
            raise IdConflictError(conflicts)
        self._articles.update(staged)
        self._by_hash.update(staged_hashes)
        return added, existing

    def article(self, id: str) -> Article | None:
        self._open()
        stored = self._articles.get(id)
        return None if stored is None else _codec.decode_article(*stored)

    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        self._open()
        wanted = sorted(self._articles) if ids is None else list(ids)
        for id in wanted:
            self._open()
            stored = self._articles.get(id)
            if stored is not None:
                yield _codec.decode_article(*stored)

    def count_articles(self) -> int:
        self._open()
        return len(self._articles)

    def id_for_hash(self, content_hash: str) -> str | None:
        self._open()
        return self._by_hash.get(content_hash)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        self._open()
        phrases = [_tokens(word) for word in _codec.fts_phrases(query)]
        phrases = [p for p in phrases if p]
        if not phrases or limit <= 0:
            return []
        scored: list[tuple[int, str, SearchHit]] = []
        for id, (row, _) in self._articles.items():
            tokens = _tokens(f"{row.title or ''}\n{row.text}")
            counts = [_phrase_count(tokens, p) for p in phrases]
            if all(counts):
                scored.append((-sum(counts), id, SearchHit(id, row.title, row.text[:200])))
        scored.sort(key=lambda item: item[:2])
        return [hit for _, _, hit in scored[:limit]]

    # -- rejected inputs --------------------------------------------------

    def add_rejected(self, rejected: Iterable[Rejected], run_id: RunId) -> None:
        self._open()
        self._require_run(run_id)
        rows = [(run_id, *_codec.encode_rejected(item)) for item in rejected]
        self._rejected.extend(rows)

    def rejected(self, run_id: RunId | None = None) -> list[Rejected]:
        self._open()
        rows = sorted(
            (row for row in enumerate(self._rejected) if run_id is None or row[1][0] == run_id),
            key=lambda row: (row[1][0], row[0]),
        )
        return [Rejected(path, reason) for _, (_, path, reason) in rows]

    # -- analysis results -------------------------------------------------

    def save_results(self, kind: str, records: Iterable[Mapping[str, Any]], run_id: RunId) -> None:
        self._open()
        kind = _codec.check_kind(kind)
        self._require_run(run_id)
        rows = [(run_id, kind, _codec.record_payload(r, f"{kind} record {i}")) for i, r in enumerate(records)]
        self._results.extend(rows)

    def results(self, kind: str, run_id: RunId | None = None) -> list[dict[str, Any]]:
        self._open()
        rows = sorted(
            (
                (row_run, seq, payload)
                for seq, (row_run, row_kind, payload) in enumerate(self._results)
                if row_kind == kind and (run_id is None or row_run == run_id)
            ),
            key=lambda row: row[:2],
        )
        return [_codec.load_json(payload) for _, _, payload in rows]

    def results_for_articles(self, kind: str, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        self._open()
        kind = _codec.check_kind(kind)
        wanted = set(article_ids)
        seen: set[str] = set()
        found = []
        for _, row_kind, payload in sorted(self._results, key=lambda row: row[0]):
            if row_kind != kind or payload in seen:
                continue
            record = _codec.load_json(payload)
            if wanted.intersection(_codec.record_article_ids(kind, record)):
                seen.add(payload)
                found.append(record)
        return found

    # -- stories ----------------------------------------------------------

    def save_stories(self, stories: Iterable[Mapping[str, Any]]) -> None:
        self._open()
        rows = [_codec.story_row(record) for record in stories]
        if len({row[0] for row in rows}) != len(rows):
            raise StoreError("a story is listed twice in one save")
        for story_id, title, start, end, articles, payload in rows:
            self._unlink_story(story_id)
            self._stories[story_id] = (title, start, end, articles, payload)
            for article_id in articles:
                self._story_of[article_id] = story_id

    def _unlink_story(self, story_id: str) -> None:
        if story_id in self._stories:
            for article_id in self._stories.pop(story_id)[3]:
                if self._story_of.get(article_id) == story_id:
                    del self._story_of[article_id]

    def delete_stories(self, ids: Iterable[str]) -> None:
        self._open()
        for story_id in list(ids):
            self._unlink_story(story_id)

    def story(self, id: str) -> dict[str, Any] | None:
        self._open()
        row = self._stories.get(id)
        return None if row is None else _codec.load_json(row[4])

    def _members(self, story_id: str) -> list[str]:
        """Articles the story holds now (an article that moved to another story no longer counts)."""
        return [a for a in self._stories[story_id][3] if self._story_of.get(a) == story_id]

    def _story_matches(
        self, story_id: str, query: str | None, outlet: str | None, since: str | None, until: str | None
    ) -> bool:
        title, start, end, _, _ = self._stories[story_id]
        members = [self._articles[a][0] for a in self._members(story_id) if a in self._articles]
        if query is not None:
            phrases = [_tokens(p) for p in _codec.fts_phrases(query)]
            texts = [_tokens(title or "")] + [_tokens(f"{row.title or ''} \n {row.text}") for row in members]
            if not phrases or not any(all(_phrase_count(t, p) for p in phrases) for t in texts):
                return False
        if outlet is not None and not any(row.outlet == outlet for row in members):
            return False
        if since is not None and (end is None or end < since):
            return False
        if until is not None and (start is None or start[: len(until)] > until):
            return False
        return True

    def _story_summary(self, story_id: str) -> StorySummary:
        title, start, end, _, _ = self._stories[story_id]
        members = self._members(story_id)
        outlets = sorted({o for a in members if a in self._articles and (o := self._articles[a][0].outlet) is not None})
        return StorySummary(story_id, title, start, end, len(members), outlets)

    def stories(
        self,
        *,
        query: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        order: str = "newest",
        limit: int = 50,
        offset: int = 0,
    ) -> list[StorySummary]:
        self._open()
        _codec.check_story_page(order, limit, offset)
        summaries = [self._story_summary(i) for i in self._stories if self._story_matches(i, query, outlet, since, until)]
        if order == "newest":
            summaries.sort(key=lambda s: s.id)
            summaries.sort(key=lambda s: s.end or "", reverse=True)
            summaries.sort(key=lambda s: s.end is None)
        else:
            summaries.sort(key=lambda s: (-s.size, s.id))
        return summaries[offset : offset + limit]

    def count_stories(
        self, *, query: str | None = None, outlet: str | None = None, since: str | None = None, until: str | None = None
    ) -> int:
        self._open()
        return sum(1 for i in self._stories if self._story_matches(i, query, outlet, since, until))

    def story_of(self, article_id: str) -> str | None:
        self._open()
        return self._story_of.get(article_id)

    # -- caches and state -------------------------------------------------

    def vectors(self, model: str, ids: Iterable[str]) -> dict[str, bytes]:
        self._open()
        return {i: self._vectors[(model, i)] for i in ids if (model, i) in self._vectors}

    def save_vectors(self, model: str, items: Iterable[tuple[str, bytes]]) -> None:
        self._open()
        model = _codec.check_state_key(model)
        checked = [_codec.check_vector(item) for item in items]
        self._vectors.update(((model, i), v) for i, v in checked)

    def state(self, key: str) -> bytes | None:
        self._open()
        return self._state.get(key)

    def save_state(self, key: str, value: bytes) -> None:
        self._open()
        key = _codec.check_state_key(key)
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise StoreError(f"state {key!r} must be bytes, not {type(value).__name__}")
        self._state[key] = bytes(value)

    # -- runs -------------------------------------------------------------

    def start_run(self, paths: Sequence[str | PathLike[str]], options_json: str) -> RunId:
        self._open()
        options_json = _codec.check_options_json(options_json)
        paths_json = _codec.dump_json([fspath(p) for p in paths], "run paths")
        run_id = len(self._runs) + 1
        self._runs[run_id] = {
            "paths": paths_json,
            "options": options_json,
            "started_at": _codec.utc_now(),
            "finished_at": None,
            "summary": None,
        }
        return run_id

    def finish_run(self, run_id: RunId, summary: Mapping[str, Any]) -> None:
        self._open()
        self._require_run(run_id)
        run = self._runs[run_id]
        if run["finished_at"] is not None:
            raise StoreError(f"run {run_id} has already finished")
        summary_json = _codec.dump_json(dict(summary), f"run {run_id} summary")
        run["summary"] = summary_json
        run["finished_at"] = _codec.utc_now()

    def runs(self) -> list[Run]:
        self._open()
        return [
            Run(
                id=run_id,
                paths=_codec.load_json(run["paths"]),
                options_json=run["options"],
                started_at=run["started_at"],
                finished_at=run["finished_at"],
                summary=None if run["summary"] is None else _codec.load_json(run["summary"]),
            )
            for run_id, run in sorted(self._runs.items())
        ]

    # -- lifetime ---------------------------------------------------------

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._articles.clear()
            self._by_hash.clear()
            self._rejected.clear()
            self._results.clear()
            self._runs.clear()
            self._stories.clear()
            self._story_of.clear()
            self._vectors.clear()
            self._state.clear()
