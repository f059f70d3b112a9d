"""Articles delivered as JSON Lines (one article per line), and the fields they carry.

Feeds, scrapers and research corpora all ship articles as JSON objects but
name the fields differently (``text``/``content``/``body``, ``date``/
``published``, ``source``/``outlet``). :func:`record_fields` maps the common
spellings onto ours once, so the rest of the pipeline sees one schema.

A JSON Lines file is streamed line by line and may be far larger than the
per-input size limit, which applies to each line instead: one runaway line
is rejected without being loaded, and the lines around it are still read.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from storytrace.ingest.decode import decode_bytes, os_reason, replace_surrogates, too_large
from storytrace.models import Rejected, Source

#: Our field name -> the keys feeds use for it, in order of preference (compared case-insensitively).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "_id", "doc_id", "article_id", "uid"),
    "url": ("url", "link", "uri", "canonical_url"),
    "outlet": ("outlet", "source", "source_name", "publisher", "sitename", "site_name", "site", "domain"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate", "date_published", "datetime"),
    "title": ("title", "headline"),
    "byline": ("byline", "author", "authors"),
    "text": ("text", "content", "body", "maintext", "article", "content_original", "full_text"),
    "html": ("html", "raw_html", "content_html", "body_html"),
}

_COMPRESSED_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)
_TOO_DEEP = "nested too deeply to parse"


def record_fields(record: dict[str, Any]) -> dict[str, Any]:
    """Our fields found in ``record`` under any of their usual names.

    Text-like values are returned as given (the reader checks their type);
    an author list becomes ``"A, B"``; a nested source object
    (``{"source": {"name": ...}}``) gives its name.
    """
    by_lower = {str(key).lower(): key for key in record}
    fields: dict[str, Any] = {}
    for ours, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            key = by_lower.get(alias)
            if key is not None and record[key] not in (None, ""):
                value = _plain_value(ours, record[key])
                # A JSON string may escape a lone surrogate ("\\ud800"): valid JSON, invalid text.
                fields[ours] = replace_surrogates(value) if isinstance(value, str) else value
                break
    return fields


def _plain_value(field: str, value: Any) -> Any:
    """Flatten values feeds nest: author lists, source objects, numeric ids."""
    if field in {"text", "html"}:
        return value
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("id") or ""
    if isinstance(value, list):
        value = ", ".join(str(_plain_value(field, item)) for item in value if item not in (None, ""))
    return str(value).strip() if not isinstance(value, str) else value.strip()


def iter_jsonl(path: Path, display: str, max_line_bytes: int) -> Iterator[Source | Rejected]:
    """One ``record`` Source per JSON line (``feed.jsonl#3``), or a Rejected for a broken one.

    Blank lines are skipped; a file of only blank lines is rejected as empty.
    A gzip stream that breaks off yields the lines before the break and one
    Rejected for the rest.
    """
    records = 0
    line_number = 0
    try:
        with _open_lines(path) as stream:
            for line_number, line, size in _limited_lines(stream, max_line_bytes):
                locator = f"{display}#{line_number}"
                if line is None:
                    records += 1  # listed as too large: the file is not "empty"
                    yield Rejected(locator, too_large(size, max_line_bytes))
                    continue
                if not line.strip():
                    continue
                records += 1
                yield parse_line(line, locator)
    except _COMPRESSED_ERRORS as error:
        yield Rejected(f"{display}#{line_number + 1}", f"truncated or corrupt gzip from line {line_number + 1} on: {error}")
        return
    except OSError as error:
        yield Rejected(display if line_number == 0 else f"{display}#{line_number + 1}", os_reason(error))
        return
    if records == 0 and line_number > 0:
        yield Rejected(display, "empty file (no JSON lines)")


def parse_line(line: bytes, locator: str) -> Source | Rejected:
    """One JSON line as a ``record`` Source whose ``fields`` are the parsed object."""
    try:
        record = json.loads(decode_bytes(line.rstrip(b"\r\n")).text)
    except json.JSONDecodeError as error:
        return Rejected(locator, f"broken JSONL line: {error}")
    except RecursionError:  # "[[[[..." a few thousand deep: Python's parser recurses per level
        return Rejected(locator, f"broken JSONL line: {_TOO_DEEP}")
    if not isinstance(record, dict):
        return Rejected(locator, f"broken JSONL line: expected a JSON object, got {_json_type(record)}")
    return Source(path=locator, kind="record", fields=record)


def iter_json_document(data: bytes, display: str) -> Iterator[Source | Rejected]:
    """A ``.json`` file: one article object, or an array of them (``list.json#2``)."""
    try:
        document = json.loads(decode_bytes(data).text)
    except json.JSONDecodeError as error:
        yield Rejected(display, f"broken JSON: {error}")
        return
    except RecursionError:
        yield Rejected(display, f"broken JSON: {_TOO_DEEP}")
        return
    if isinstance(document, dict):
        yield Source(path=display, kind="record", fields=document)
    elif isinstance(document, list) and document:
        for number, item in enumerate(document, start=1):
            if isinstance(item, dict):
                yield Source(path=f"{display}#{number}", kind="record", fields=item)
            else:
                yield Rejected(f"{display}#{number}", f"not an article: expected a JSON object, got {_json_type(item)}")
    else:
        yield Rejected(display, f"not an article: JSON {_json_type(document)}, expected an object or a list of objects")


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def _open_lines(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def _limited_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, int]]:
    """``(line number, line or None when longer than limit, size in bytes)`` for each line.

    A line over the limit is skipped in chunks, never held in memory whole.
    """
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            yield number, None, len(line) + _skip_rest_of_line(stream, limit)
        else:
            yield number, line, len(line)


def _skip_rest_of_line(stream: IO[bytes], chunk: int) -> int:
    """Read and discard up to the end of the current line; return its remaining size without the line end."""
    skipped = 0
    while True:
        part = stream.readline(chunk)
        skipped += len(part)
        if not part:
            return skipped
        if part.endswith(b"\n"):
            return skipped - len(part) + len(part.rstrip(b"\r\n"))
