"""Web archives (WARC): one input per archived HTML page.

A crawl's WARC file holds requests, responses, metadata and DNS records; only
successful HTML responses (or HTML ``resource`` records, as browser-based
crawlers write them) are pages to read. The rest is crawl bookkeeping and
is skipped; an archive with no page at all is rejected so it is not lost
without a word. Archives break off when a crawl is killed: the records read
before the break are kept and the rest is reported as one rejection.
"""

from __future__ import annotations

import gzip
import logging
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from storytrace.ingest.decode import charset_from_content_type, decode_bytes, os_reason, too_large
from storytrace.models import Rejected, Source

# warcio logs each odd record (spaces in a target URI) at WARNING; without a handler of ours Python
# would print those to stderr in the middle of a progress bar (html.py does the same for trafilatura).
logging.getLogger("warcio").addHandler(logging.NullHandler())

_CHUNK = 1 << 16
_BROKEN_ARCHIVE_ERRORS = (ArchiveLoadFailed, ChunkedDataException, EOFError, zlib.error, gzip.BadGzipFile, ValueError)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def iter_warc(path: Path, display: str, max_record_bytes: int) -> Iterator[Source | Rejected]:
    """One ``html`` Source per archived HTML page (``crawl.warc.gz#12``, 1-based record number).

    ``fields`` carries ``url`` (WARC-Target-URI), ``warc_date``,
    ``warc_record`` (the number) and ``charset`` from the HTTP header.
    """
    pages = 0
    complete = 0  # records read whole; the first bad one is complete + 1
    try:
        with open(path, "rb") as stream:
            for number, record in enumerate(_records(stream), start=1):
                item = _page(record, f"{display}#{number}", number, max_record_bytes)
                if _drain_is_truncated(record):
                    raise EOFError(f"record {number} ends before its declared length")
                complete = number
                if item is not None:
                    pages += 1
                    yield item
    except _BROKEN_ARCHIVE_ERRORS as error:
        yield _broken(display, complete, error)
        return
    except OSError as error:
        yield Rejected(display, os_reason(error))
        return
    if pages == 0:
        yield Rejected(display, f"no HTML pages in WARC ({complete} records, none an HTML response)")


def _records(stream: BinaryIO) -> Iterator[ArcWarcRecord]:
    """The records of a WARC, raising when bytes are left over that form no record.

    warcio stops quietly at a gzip member or record it cannot parse, so a
    truncated archive would look complete: we compare where it stopped with
    the file's size. A WARC gzipped whole (instead of one gzip member per
    record, as the standard asks) fails after its first record in warcio;
    it is re-read through a plain gzip stream, skipping the records given.
    """
    given = 0
    archive = ArchiveIterator(stream)
    try:
        for record in _parsed(archive):
            if record.format != "warc":
                raise ArchiveLoadFailed("not in WARC format")
            given += 1
            yield record
    except ArchiveLoadFailed as error:
        if "non-chunked gzip" not in str(error):
            raise
        yield from _records_gzipped_whole(stream, skip=given)
        return
    size = os.fstat(stream.fileno()).st_size
    if archive.offset < size:
        raise EOFError(f"{size - archive.offset} bytes at the end form no complete record")


def _records_gzipped_whole(stream: BinaryIO, skip: int) -> Iterator[ArcWarcRecord]:
    stream.seek(0)
    with gzip.open(stream, "rb") as whole:
        for number, record in enumerate(_parsed(ArchiveIterator(whole)), start=1):
            if number > skip:
                yield record


def _parsed(archive: ArchiveIterator) -> Iterator[ArcWarcRecord]:
    """warcio's records, its plain Python errors on malformed headers raised as ``ArchiveLoadFailed``.

    warcio trips over some malformed records with an ``AttributeError`` or
    the like (a response without ``WARC-Target-URI``); that is a broken
    archive, to be reported as one, not a crash of the run.
    """
    records = iter(archive)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except (AttributeError, TypeError, KeyError, IndexError) as error:
            raise ArchiveLoadFailed(f"malformed record ({type(error).__name__}: {error})") from error
        yield record


def _page(record: ArcWarcRecord, locator: str, number: int, limit: int) -> Source | Rejected | None:
    """The record as an ``html`` Source, a Rejected if too large, or None if it is not an HTML page."""
    content_type = _page_content_type(record)
    if content_type is None:
        return None
    payload, size = _read_limited(record.content_stream(), limit)
    if payload is None:
        return Rejected(locator, too_large(size, limit))
    if not content_type and not _looks_like_html(payload):
        return None
    if not payload.strip():
        return Rejected(locator, "empty file (HTML response with no body)")
    fields: dict[str, Any] = {
        "url": record.rec_headers.get_header("WARC-Target-URI"),
        "warc_date": record.rec_headers.get_header("WARC-Date"),
        "warc_record": number,
        "charset": charset_from_content_type(content_type),
    }
    return Source(path=locator, kind="html", data=payload, fields=fields)


def _page_content_type(record: ArcWarcRecord) -> str | None:
    """The record's content type if it may be an HTML page, ``""`` if it does not say, None if it is not one."""
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None  # redirects and error pages are not articles
        content_type = record.http_headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    if content_type is None:
        return ""
    return content_type if any(kind in content_type.lower() for kind in _HTML_TYPES) else None


def _looks_like_html(payload: bytes) -> bool:
    head = decode_bytes(payload[:2048]).text.lower()
    return "<html" in head or "<!doctype html" in head or "<body" in head


def _read_limited(stream: Any, limit: int) -> tuple[bytes | None, int]:
    """All of ``stream`` if it fits in ``limit`` bytes, else None and its size (counted, not kept)."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(parts), size
        parts.append(chunk)
        size += len(chunk)
    parts.clear()
    while chunk := stream.read(_CHUNK):
        size += len(chunk)
    return None, size


def _drain_is_truncated(record: ArcWarcRecord) -> bool:
    """Read the rest of the record; True when the archive ended before its declared length."""
    raw = record.raw_stream
    while raw.read(_CHUNK):
        pass
    return getattr(raw, "limit", 0) > 0


def _broken(display: str, records_read: int, error: Exception) -> Rejected:
    """The rejection for the unreadable rest of an archive."""
    message = " ".join(str(error).split()) or type(error).__name__
    if records_read == 0:
        return Rejected(display, f"not a readable WARC file: {message}")
    return Rejected(f"{display}#{records_read + 1}", f"truncated or corrupt WARC after record {records_read}: {message}")
