"""The typed records passed between stages.

One :class:`Article` travels through the ingest and cleaning stages (as
datatrove's ``Document`` does); later stages produce small result records
(:class:`Duplicate`, :class:`Reuse`, ...) that reference articles by id.
Every record is a plain dataclass so it pickles (process pools, Dask) and
serialises to the JSON export without custom code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from storytrace.offsets import OffsetMap


@dataclass(slots=True)
class Removal:
    """A piece of text a cleaning rule took out of an article, kept for audit.

    ``start``/``end`` are offsets into the article's ``raw`` text.
    """

    rule: str
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Source:
    """One input before it is read: a file, a JSONL line or a WARC record.

    ``path`` is the locator shown to users (``feed.jsonl#3``, ``crawl.warc.gz#12``).
    ``data`` holds the undecoded bytes; ``fields`` holds structured metadata a
    container format already gave (JSONL keys, WARC target URI).
    ``kind`` is one of ``text``, ``html``, ``record`` (JSONL with text or html
    already decoded in ``fields``).
    """

    path: str
    kind: str
    data: bytes = b""
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Rejected:
    """An input that could not be analysed, and why. Nothing is dropped silently."""

    path: str
    reason: str


@dataclass(slots=True)
class Article:
    """One news article as it moves through the pipeline.

    ``raw`` is the decoded input text (for HTML: the main text trafilatura
    extracted); ``text`` is the clean body; ``offsets`` maps every position in
    ``text`` back to a position in ``raw``. ``removed`` lists what the cleaning
    rules took out, with the rule's name.
    """

    id: str
    path: str
    raw: str
    text: str
    offsets: OffsetMap
    format: str = "text"
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    credit: str | None = None
    genre: str | None = None
    parent: str | None = None
    url: str | None = None
    removed: list[Removal] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_raw(cls, id: str, path: str, raw: str, **metadata: Any) -> Article:
        """An article whose clean text starts as a copy of its raw text."""
        return cls(id=id, path=path, raw=raw, text=raw, offsets=OffsetMap.identity(len(raw)), **metadata)

    def copy(self) -> Article:
        """A copy a stage may change freely; the caller's article stays as it was."""
        return replace(self, removed=list(self.removed), meta=dict(self.meta))

    def to_export(self) -> dict[str, Any]:
        """The article as it appears in the JSON export (``articles[]``)."""
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "outlet": self.outlet,
            "byline": self.byline,
            "published": self.published,
            "credit": self.credit,
            "genre": self.genre,
            "parent": self.parent,
            "url": self.url,
            "format": self.format,
            "text": self.text,
            "removed": [{"rule": r.rule, "text": r.text, "start": r.start, "end": r.end} for r in self.removed],
        }


@dataclass(slots=True)
class Duplicate:
    """Two articles whose normalised text is the same (``exact``) or nearly (``near``)."""

    a: str
    b: str
    kind: str
    similarity: float
    containment: float

    def to_export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Passage:
    """One aligned stretch of text shared by a source and a target article."""

    source_start: int
    source_end: int
    target_start: int
    target_end: int
    source_text: str
    target_text: str
    score: float = 0.0


@dataclass(slots=True)
class Reuse:
    """Text a target article took from a source article.

    ``kind`` is ``copy`` (copied reporting) or ``quotation`` (both quote the
    same speaker); ``attributed`` says whether the target credits the source.
    """

    source: str
    target: str
    kind: str
    attributed: bool
    passages: list[Passage] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_export(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class EditOp:
    """One word-level operation turning source text into target text."""

    op: str  # "replace" | "delete" | "insert"
    from_: str
    to: str
    source_start: int
    target_start: int
    label_swap: bool = False

    def to_export(self) -> dict[str, Any]:
        return {
            "op": self.op,
            "from": self.from_,
            "to": self.to,
            "source_start": self.source_start,
            "target_start": self.target_start,
            "label_swap": self.label_swap,
        }


@dataclass(slots=True)
class Edits:
    """What a copy changed relative to its source."""

    source: str
    target: str
    ops: list[EditOp] = field(default_factory=list)

    def to_export(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "ops": [op.to_export() for op in self.ops]}
