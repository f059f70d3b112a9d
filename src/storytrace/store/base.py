"""The store boundary: what every backend (SQLite, in-memory, later PostgreSQL) offers.

The pipeline and the web app talk only to :class:`Store`, never to a database
driver, so a backend can be swapped without touching them (as httpx's
transports sit behind ``BaseTransport``). :class:`~storytrace.store.memory.MemoryStore`
is the test double; ``tests/store/test_store_conformance.py`` holds every backend
to the same behaviour.

Rules every backend follows (the conformance suite checks each):

* **Identity is content.** An article's content hash is
  ``article.meta["content_hash"]`` or, when the ingest did not set one,
  ``xxh3_128_hexdigest(article.raw)``. Adding content that is already stored
  (under any id) adds nothing and reports the incoming id as *existing*, so
  re-ingesting a folder is idempotent. :meth:`Store.id_for_hash` finds the id
  the stored copy has.
* **Nothing is overwritten.** An id that is stored with *other* content is a
  conflict: :class:`IdConflictError` is raised and nothing of that call is
  written. The pipeline gives colliding inputs distinct ids before they get
  here, so a conflict means the same locator now holds different text (an
  edited file); overwriting silently would detach earlier results from the
  text they were computed on.
* **Text must be valid Unicode.** Lone surrogates (from a
  ``surrogateescape`` decode) cannot be written as UTF-8, by SQLite,
  PostgreSQL or the JSON export alike; the whole call is refused with a
  :class:`StoreError` naming the article and field. NUL characters and any
  other valid text round-trip unchanged.
* **Metadata and result payloads are JSON.** They come back as
  ``json.loads(json.dumps(value))`` would give them (tuples become lists);
  values JSON cannot hold (NaN, sets, objects) are refused with
  :class:`StoreError`.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike
from types import TracebackType
from typing import Any, Self

from storytrace._exceptions import StoreError
from storytrace.models import Article, Rejected

#: Runs are numbered by the store, from 1.
RunId = int


class IdConflictError(StoreError):
    """Articles whose id is already stored with different content; nothing was written.

    ``ids`` lists the conflicting ids in input order.
    """

    def __init__(self, ids: Sequence[str]):
        self.ids = list(ids)
        shown = ", ".join(repr(i) for i in self.ids[:5]) + (" ..." if len(self.ids) > 5 else "")
        super().__init__(
            f"{len(self.ids)} article id(s) already stored with different content: {shown}; "
            "nothing was written (give the new content a new id, or use a new store)"
        )


@dataclass(frozen=True, slots=True)
class Run:
    """One run of the pipeline as the store recorded it.

    ``options_json`` is the run's options exactly as given; ``summary`` is
    ``None`` until :meth:`Store.finish_run` records it.
    """

    id: RunId
    paths: list[str]
    options_json: str
    started_at: str
    finished_at: str | None = None
    summary: dict[str, Any] | None = field(default=None)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result.

    ``snippet`` is for display only: its markup and length differ by backend.
    """

    id: str
    title: str | None
    snippet: str


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One line of the story list: what a listing page shows without loading the story.

    ``start``/``end`` are the earliest and latest publication dates of the
    story's articles (ISO text, None when no article is dated); ``outlets``
    are sorted.
    """

    id: str
    title: str | None
    start: str | None
    end: str | None
    size: int
    outlets: list[str]


#: Orders of :meth:`Store.stories`: latest ``end`` first, or most articles first.
STORY_ORDERS = ("newest", "biggest")


class Store(abc.ABC):
    """Where articles, rejected inputs, runs and analysis results are kept.

    A store is a context manager; leaving the ``with`` block closes it, and
    any call on a closed store raises :class:`StoreError`. One store object is
    one connection: for concurrent readers (the web app) open one store per
    thread or process.
    """

    # -- articles ---------------------------------------------------------

    @abc.abstractmethod
    def add_articles(self, articles: Iterable[Article]) -> tuple[list[str], list[str]]:
        """Add articles in one transaction; return ``(added_ids, existing_ids)`` in input order.

        ``articles`` may be a generator: it is consumed in batches, so a
        caller can stream a million articles without holding them all.
        Raises :class:`IdConflictError` (nothing written) when an id is
        stored with other content, :class:`StoreError` for invalid text or
        metadata (nothing written).
        """

    @abc.abstractmethod
    def article(self, id: str) -> Article | None:
        """The article with this id, exactly as it was added, or ``None``."""

    @abc.abstractmethod
    def articles(self, ids: Iterable[str] | None = None) -> Iterator[Article]:
        """Stream articles: all of them in id order, or those of ``ids`` that exist, in the order given.

        The iterator reads in pages and holds no transaction open between
        them, so a long scan never blocks a writer, and the caller may write
        while scanning. Whether articles added during a scan are yielded is
        up to the backend.
        """

    @abc.abstractmethod
    def count_articles(self) -> int:
        """How many articles are stored."""

    @abc.abstractmethod
    def id_for_hash(self, content_hash: str) -> str | None:
        """The id under which content with this hash is stored, or ``None``."""

    @abc.abstractmethod
    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or text contain every word of ``query``, best first.

        ``query`` is plain user text, never query syntax: each
        whitespace-separated word must occur as a phrase (``don't`` is
        ``don`` followed by ``t``); operators, quotes and brackets have no
        meaning. An empty query finds nothing.
        """

    # -- rejected inputs --------------------------------------------------

    @abc.abstractmethod
    def add_rejected(self, rejected: Iterable[Rejected], run_id: RunId) -> None:
        """Record inputs the run could not analyse. ``run_id`` must come from :meth:`start_run`."""

    @abc.abstractmethod
    def rejected(self, run_id: RunId | None = None) -> list[Rejected]:
        """Rejected inputs of one run, or of every run (``None``), in the order recorded."""

    # -- analysis results -------------------------------------------------

    @abc.abstractmethod
    def save_results(self, kind: str, records: Iterable[Mapping[str, Any]], run_id: RunId) -> None:
        """Store one analysis's records (``kind`` such as ``"duplicates"``) as JSON payloads.

        Records may be mappings, objects with ``to_export()`` (the result
        records of :mod:`storytrace.models`) or other dataclasses. New kinds
        need no schema change.
        """

    @abc.abstractmethod
    def results(self, kind: str, run_id: RunId | None = None) -> list[dict[str, Any]]:
        """Records of ``kind`` from one run, or from every run (``None``), in the order saved."""

    @abc.abstractmethod
    def results_for_articles(self, kind: str, article_ids: Iterable[str]) -> list[dict[str, Any]]:
        """Distinct records of ``kind``, from every run, that involve any of ``article_ids``.

        Which fields name articles depends on the kind (see
        :func:`storytrace.store._codec.record_article_ids`): ``a``/``b`` of
        duplicates, ``source``/``target`` of reuse, edits and lineage,
        ``article`` of quotes, citations and entities, the articles of every
        version of a quote group, ``articles`` of anything else. A record saved
        by several runs comes back once, in the order first saved. This is
        what a page about one story or one article reads, without scanning
        every result of the store.
        """

    # -- stories ------------------------------------------------------------
    # Stories are the store's *current* clustering, not a log per run: an
    # incremental run rewrites the stories its new articles joined.

    @abc.abstractmethod
    def save_stories(self, stories: Iterable[Mapping[str, Any]]) -> None:
        """Insert or replace stories by ``id``, in one transaction.

        Each record is a ``storytrace/1`` story (``id``, ``title``,
        ``articles`` in time order, ``start``, ``end``, plus any other
        fields, kept as given). An article belongs to one story: when a saved
        story lists an article another story held, the article moves (the
        other story's record is not rewritten: the caller saves every story
        whose membership changed, and deletes the ones merged away).
        Articles need not be stored yet; outlet filters see those that are.
        """

    @abc.abstractmethod
    def delete_stories(self, ids: Iterable[str]) -> None:
        """Remove these stories (unknown ids are ignored)."""

    @abc.abstractmethod
    def story(self, id: str) -> dict[str, Any] | None:
        """The story record as saved, or ``None``."""

    @abc.abstractmethod
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
        """A page of the story list.

        ``query`` is plain user text, as in :meth:`search`: a story matches
        when its title, or the title or text of one of its articles, holds
        every word. ``outlet`` keeps stories with an article from that
        outlet; ``since``/``until`` (ISO dates, inclusive) keep stories whose
        span overlaps them, undated stories only when neither is given.
        ``order`` is one of :data:`STORY_ORDERS`; ties break by id.
        """

    @abc.abstractmethod
    def count_stories(
        self, *, query: str | None = None, outlet: str | None = None, since: str | None = None, until: str | None = None
    ) -> int:
        """How many stories :meth:`stories` would list with these filters."""

    @abc.abstractmethod
    def story_of(self, article_id: str) -> str | None:
        """The id of the story holding this article, or ``None``."""

    # -- caches and state -----------------------------------------------------

    @abc.abstractmethod
    def vectors(self, model: str, ids: Iterable[str]) -> dict[str, bytes]:
        """Cached vectors (e.g. sentence embeddings) of ``model`` for those ``ids`` that have one."""

    @abc.abstractmethod
    def save_vectors(self, model: str, items: Iterable[tuple[str, bytes]]) -> None:
        """Cache ``(id, vector bytes)`` pairs for ``model``, replacing earlier ones."""

    @abc.abstractmethod
    def state(self, key: str) -> bytes | None:
        """A stored state blob (an incremental index, a checkpoint), or ``None``."""

    @abc.abstractmethod
    def save_state(self, key: str, value: bytes) -> None:
        """Store a state blob under ``key``, replacing the earlier one atomically."""

    # -- runs -------------------------------------------------------------

    @abc.abstractmethod
    def start_run(self, paths: Sequence[str | PathLike[str]], options_json: str) -> RunId:
        """Record that a run over ``paths`` started; ``options_json`` must be a JSON document."""

    @abc.abstractmethod
    def finish_run(self, run_id: RunId, summary: Mapping[str, Any]) -> None:
        """Record that a run finished, with its summary. A run finishes once."""

    @abc.abstractmethod
    def runs(self) -> list[Run]:
        """Every run, oldest first."""

    # -- lifetime ---------------------------------------------------------

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection. Closing twice is harmless."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
