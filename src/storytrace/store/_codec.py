"""Turning records into the rows every backend stores, and back.

Both backends go through these functions, so the in-memory double and the
SQLite store validate, normalise and refuse exactly the same things: the
double stores the very rows SQLite would, not live Python objects.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, is_dataclass
from datetime import datetime, timezone
from typing import Any, NamedTuple

import xxhash

from storytrace._exceptions import StoreError
from storytrace.models import Article, Rejected, Removal
from storytrace.offsets import OffsetMap

# Lone surrogates are the one kind of Python ``str`` that UTF-8 cannot hold.
_SURROGATE = re.compile("[\ud800-\udfff]")

#: Columns of the ``articles`` table, in the order :class:`ArticleRow` holds them.
ARTICLE_COLUMNS: tuple[str, ...] = (
    "id",
    "content_hash",
    "path",
    "format",
    "title",
    "outlet",
    "byline",
    "published",
    "credit",
    "genre",
    "parent",
    "url",
    "raw",
    "text",
    "offsets",
    "raw_length",
    "meta",
)

_NULLABLE_TEXT = ("title", "outlet", "byline", "published", "credit", "genre", "parent", "url")


class ArticleRow(NamedTuple):
    """An article as stored: plain values only, JSON already encoded."""

    id: str
    content_hash: str
    path: str
    format: str
    title: str | None
    outlet: str | None
    byline: str | None
    published: str | None
    credit: str | None
    genre: str | None
    parent: str | None
    url: str | None
    raw: str
    text: str
    offsets: str
    raw_length: int
    meta: str


class RemovalRow(NamedTuple):
    """One :class:`~storytrace.models.Removal`, numbered within its article."""

    article_id: str
    seq: int
    rule: str
    text: str
    raw_start: int
    raw_end: int


def utc_now() -> str:
    """A timestamp that sorts as text and reads the same in every backend."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


def content_hash(article: Article) -> str:
    """The identity of an article's content: the ingest's hash, or a hash of ``raw``."""
    given = article.meta.get("content_hash")
    if given is None:
        return xxhash.xxh3_128_hexdigest(article.raw.encode("utf-8", "surrogatepass"))
    if not isinstance(given, str) or not given:
        raise StoreError(f"article {article.id!r}: meta['content_hash'] must be a non-empty string, not {given!r}")
    return given


def check_text(value: str, what: str) -> str:
    """Refuse text that UTF-8 cannot hold, naming where it was found."""
    match = _SURROGATE.search(value)
    if match:
        raise StoreError(
            f"{what} holds a lone surrogate (U+{ord(match.group()):04X}) at offset {match.start()}: "
            "it is not valid Unicode and cannot be stored; decode inputs with errors='replace'"
        )
    return value


def dump_json(value: Any, what: str) -> str:
    """Compact JSON that every backend (and PostgreSQL's jsonb) accepts."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        raise StoreError(f"{what} cannot be stored as JSON: {error}") from error
    return check_text(text, what)


def load_json(text: str) -> Any:
    return json.loads(text)


def _optional_text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise StoreError(f"{what} must be a string or None, not {type(value).__name__}")
    return check_text(value, what)


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise StoreError(f"{what} must be a string, not {type(value).__name__}")
    return check_text(value, what)


def encode_article(article: Article) -> tuple[ArticleRow, list[RemovalRow]]:
    """Validate an article and turn it into rows; raises :class:`StoreError` on anything unstorable."""
    if not isinstance(article.id, str) or not article.id:
        raise StoreError(f"article id must be a non-empty string, not {article.id!r}")
    label = f"article {article.id!r}"
    check_text(article.id, f"{label}: id")
    if not isinstance(article.meta, Mapping):
        raise StoreError(f"{label}: meta must be a mapping, not {type(article.meta).__name__}")
    optional = {name: _optional_text(getattr(article, name), f"{label}: {name}") for name in _NULLABLE_TEXT}
    row = ArticleRow(
        id=article.id,
        content_hash=check_text(content_hash(article), f"{label}: content hash"),
        path=_text(article.path, f"{label}: path"),
        format=_text(article.format, f"{label}: format"),
        raw=_text(article.raw, f"{label}: raw"),
        text=_text(article.text, f"{label}: text"),
        offsets=dump_json(article.offsets.to_json(), f"{label}: offsets"),
        raw_length=int(article.offsets.raw_length),
        meta=dump_json(dict(article.meta), f"{label}: meta"),
        **optional,
    )
    removals = [
        RemovalRow(
            article.id,
            seq,
            _text(r.rule, f"{label}: removed[{seq}].rule"),
            _text(r.text, f"{label}: removed[{seq}].text"),
            int(r.start),
            int(r.end),
        )
        for seq, r in enumerate(article.removed)
    ]
    return row, removals


def decode_article(row: ArticleRow, removals: list[RemovalRow]) -> Article:
    """The article a row was made from (metadata normalised as JSON normalises it)."""
    return Article(
        id=row.id,
        path=row.path,
        raw=row.raw,
        text=row.text,
        offsets=OffsetMap.from_json(load_json(row.offsets), row.raw_length),
        format=row.format,
        title=row.title,
        outlet=row.outlet,
        byline=row.byline,
        published=row.published,
        credit=row.credit,
        genre=row.genre,
        parent=row.parent,
        url=row.url,
        removed=[Removal(r.rule, r.text, r.raw_start, r.raw_end) for r in sorted(removals, key=lambda r: r.seq)],
        meta=load_json(row.meta),
    )


def encode_rejected(item: Rejected) -> tuple[str, str]:
    return _text(item.path, "rejected path"), _text(item.reason, f"rejected {item.path!r}: reason")


def record_payload(record: Any, what: str) -> str:
    """A result record as JSON: an object with ``to_export()``, another dataclass, or a mapping."""
    if hasattr(record, "to_export"):
        record = record.to_export()
    elif is_dataclass(record) and not isinstance(record, type):
        record = asdict(record)
    if not isinstance(record, Mapping):
        raise StoreError(f"{what}: a result record must be a mapping, not {type(record).__name__}")
    return dump_json(dict(record), what)


def check_kind(kind: Any) -> str:
    if not isinstance(kind, str) or not kind:
        raise StoreError(f"a result kind must be a non-empty string, not {kind!r}")
    return check_text(kind, "result kind")


def check_options_json(options_json: Any) -> str:
    """Options are kept as given, but must be one JSON document (PostgreSQL stores them as jsonb)."""
    if not isinstance(options_json, str):
        raise StoreError(f"options_json must be a JSON string, not {type(options_json).__name__}")
    try:
        json.loads(options_json)
    except ValueError as error:
        raise StoreError(f"options_json is not valid JSON: {error}") from error
    return check_text(options_json, "options_json")


def fts_phrases(query: str) -> list[str]:
    """The words of a user query, each to be matched as a phrase; empty when there is nothing to find."""
    if not isinstance(query, str):
        raise StoreError(f"a search query must be a string, not {type(query).__name__}")
    check_text(query, "search query")
    return [word for word in query.replace("\x00", " ").split() if re.search(r"[^\W_]", word)]


#: Fields that name articles, by result kind; other kinds use ``article`` and ``articles``.
_ARTICLE_FIELDS: dict[str, tuple[str, ...]] = {
    "duplicates": ("a", "b"),
    "reuse": ("source", "target"),
    "edits": ("source", "target"),
    "lineage": ("source", "target"),
}


def record_article_ids(kind: str, record: Mapping[str, Any]) -> list[str]:
    """The article ids a result record involves (for :meth:`Store.results_for_articles`), sorted."""
    found: set[str] = set()
    for name in _ARTICLE_FIELDS.get(kind, ("article", "earliest")):
        value = record.get(name)
        if isinstance(value, str):
            found.add(value)
    articles = record.get("articles")
    if isinstance(articles, list):
        found.update(a for a in articles if isinstance(a, str))
    versions = record.get("versions")
    if isinstance(versions, list):  # quote groups: the articles carrying each version
        for version in versions:
            if isinstance(version, Mapping) and isinstance(version.get("articles"), list):
                found.update(a for a in version["articles"] if isinstance(a, str))
    return sorted(found)


def story_row(record: Any) -> tuple[str, str | None, str | None, str | None, list[str], str]:
    """Validate a story record: ``(id, title, start, end, article ids, payload JSON)``."""
    if hasattr(record, "to_export"):
        record = record.to_export()
    elif is_dataclass(record) and not isinstance(record, type):
        record = asdict(record)
    if not isinstance(record, Mapping):
        raise StoreError(f"a story must be a mapping, not {type(record).__name__}")
    story_id = record.get("id")
    if not isinstance(story_id, str) or not story_id:
        raise StoreError(f"a story id must be a non-empty string, not {story_id!r}")
    label = f"story {story_id!r}"
    articles = record.get("articles")
    if not isinstance(articles, list) or not all(isinstance(a, str) for a in articles):
        raise StoreError(f"{label}: articles must be a list of article ids")
    if len(set(articles)) != len(articles):
        raise StoreError(f"{label}: lists an article twice")
    title = _optional_text(record.get("title"), f"{label}: title")
    start = _optional_text(record.get("start"), f"{label}: start")
    end = _optional_text(record.get("end"), f"{label}: end")
    return check_text(story_id, f"{label}: id"), title, start, end, list(articles), dump_json(dict(record), label)


def check_vector(item: Any) -> tuple[str, bytes]:
    if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], (bytes, bytearray, memoryview))):
        raise StoreError("a vector must be an (id, bytes) pair")
    return check_text(item[0], "vector id"), bytes(item[1])


def check_state_key(key: Any) -> str:
    if not isinstance(key, str) or not key:
        raise StoreError(f"a state key must be a non-empty string, not {key!r}")
    return check_text(key, "state key")


def check_story_page(order: str, limit: int, offset: int) -> None:
    from storytrace.store.base import STORY_ORDERS

    if order not in STORY_ORDERS:
        raise StoreError(f"unknown story order {order!r}: use one of {', '.join(STORY_ORDERS)}")
    if not isinstance(limit, int) or not isinstance(offset, int) or limit < 0 or offset < 0:
        raise StoreError("limit and offset must be non-negative integers")


def payload_hash(payload: str) -> str:
    """Identity of a result payload: the same record saved by two runs is one record."""
    return xxhash.xxh3_128_hexdigest(payload.encode("utf-8"))
