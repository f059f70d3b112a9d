"""Hostile inputs for every reader, and the properties a run over them must keep.

Shared by the bounded property tests in this folder (``test_fuzz_*.py``) and
the long-running target ``fuzz/fuzz_readers.py``. Each generator makes an
:class:`InputFile`: a file name (bytes, so it may be invalid UTF-8), the
file's bytes, and what the run must report for it, computed from the bytes
independently of the readers. The check is exact where the format allows it
and a containment check where an input is corrupted on purpose.

Properties (:func:`check_run`):

* ``storytrace.analyze`` never raises, and no input is rejected for an
  ``internal error`` (a stage that crashed on it);
* every input is accounted for: each file, JSON Lines line, JSON array item
  and WARC page is among the articles or the rejected, with a reason, and
  nothing else is listed;
* offsets are valid: every clean character maps into ``raw`` in order, an
  ASCII letter or digit maps onto itself, a removal is the raw slice it names;
* the export validates against the schema and encodes as UTF-8.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import tempfile
import zlib
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import storytrace
from storytrace.export import validate
from storytrace.settings import IngestOptions

#: The size limit of fuzz runs: small, so oversized inputs and lines are cheap to make.
MAX_BYTES = 64 * 1024

#: Settings of the in-suite property tests: few examples, no deadline (trafilatura's first call is slow).
SUITE = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


def fuzz_options() -> storytrace.Options:
    """One process, no quotes (spaCy is not a reader) and no story clustering: readers and cleaning."""
    options = storytrace.Options(executor="serial", quotes=False, ingest=IngestOptions(max_bytes=MAX_BYTES))
    stories = getattr(options, "stories", None)
    if stories is not None and hasattr(stories, "enabled"):
        stories.enabled = False
    return options


# --- Text ------------------------------------------------------------------------------

#: Everyday news words (invented prose is built from them so that inputs get past "not an article").
WORDS = (
    "the council said on Monday that its new library would open in spring after years of delay and "
    "a long debate among residents who wanted more space for children police officers reported "
    "minister told reporters government plans vote next week according to people familiar with talks "
    "she added he wrote statement health school budget river bridge election court judge ruled "
    "company shares fell percent market prices rose farmers harbour storm weather village town"
).split()

#: Characters and pieces that broke (or could break) text handling somewhere.
NASTY = (
    "\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9d", "\ud800", "\udfff", "\udce9", "\u200b", "\u200c", "\u200d",
    "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\ufffe", "\uffff", "\u00ad", "\u2028",
    "\u2029", "\r", "\r\n", "\t", "\x0b", "\x0c", "\u00a0", "\u3000", "\u0301", "e\u0301", "\u0308\u0308\u0308",
    "\ufb01", "\uff21\uff22", "\u00c3\u00a9", "\u00e2\u20ac\u2122", "\u00c3\u00a0", "&amp;", "&#x27;", "&#0;",
    "&#xD800;", "&#1114112;", "&nbsp;", "\ufffd", "\U0001f600", "\U0001f468\u200d\U0001f469", "\u0640",
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u4e2d\u6587\u5b57", "\u65e5\u672c\u8a9e",
    "-", "\u2010", "\u2011", "\u2013", "\u2014", "\u201c", "\u201d", "\u2018", "\u2019", "'", '"', "\u00ab",
    "\u00bb", "\u2026", "...", "\n\n", "\n", " ", "  ", "Page 3", "By ", "Photo: ", "Advertisement", "Reuters",
    "(AP) \u2014", "Source:", "Share this", "Read more:", "http://x.example/a?b=1", "A", "I", "12", "1,200",
    "U.S.", "Mr.", "<p>", "</div>", "<script>", "{", "}", "[", "]", "#", "\\", "%s", "{0}",
)

any_character = st.characters(exclude_categories=())  # surrogates and unassigned code points included
token = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(WORDS),
    st.sampled_from(NASTY),
    st.text(any_character, min_size=1, max_size=6),
)


@st.composite
def prose(draw: st.DrawFn, max_paragraphs: int = 8) -> str:
    """Paragraphs of mostly English words with hostile characters mixed in; now and then a huge line."""
    paragraphs = []
    for _ in range(draw(st.integers(1, max_paragraphs))):
        words = draw(st.lists(token, min_size=1, max_size=60))
        paragraphs.append(draw(st.sampled_from([" ", " ", "", "\n"])).join(words))
    if draw(st.integers(0, 9)) == 0:
        paragraphs.insert(draw(st.integers(0, len(paragraphs))), " ".join(WORDS) * draw(st.integers(10, 200)))
    return draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\u2029"])).join(paragraphs)


#: What a line-break hyphen is in extracted print: hyphen-minus, soft hyphen, Unicode hyphen.
BREAK_HYPHENS = ("-", "-", "\u00ad", "\u2010")


@st.composite
def print_page(draw: st.DrawFn) -> str:
    """A hard-wrapped page as PDF extraction gives it: broken words, page furniture, drop caps, columns."""
    width = draw(st.integers(20, 70))
    words = draw(st.lists(st.one_of(st.sampled_from(WORDS), token), min_size=30, max_size=400))
    lines: list[str] = []
    line = ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            if draw(st.integers(0, 5)) == 0 and len(word) > 3:
                cut = draw(st.integers(1, len(word) - 1))
                hyphen = draw(st.sampled_from(BREAK_HYPHENS))
                lines.append(f"{line} {word[:cut]}{hyphen}")
                line = word[cut:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    for _ in range(draw(st.integers(0, 6))):
        extra = draw(st.sampled_from(["", "", "12", "Page 7", "THE DAILY EXAMPLE  Tuesday", "T", "A", "Continued on page 4",
                                      "SIDEBAR TITLE", "By A Reporter", "\x0c"]))
        lines.insert(draw(st.integers(0, len(lines))), extra)
    return "\n".join(lines)


article_text = st.one_of(prose(), print_page())


# --- Inputs and what the run must say about them ------------------------------------------


@dataclass(frozen=True)
class InputFile:
    """One file of a fuzz run and what the run must list for it.

    ``exact``: the locator suffixes (``""`` the file itself, ``"#3"`` its third
    record) that must be listed, and nothing else; None when the input is
    damaged on purpose and only "something is listed, all under this file" holds.
    ``optional``: suffixes that may be listed or not (a WARC record with no
    content type is read only if it looks like HTML).
    ``lines_until_truncation``: JSONL line suffixes, for gzip input that breaks
    off: every line before the reported break must be listed.
    """

    name: bytes
    data: bytes
    exact: frozenset[str] | None = frozenset({""})
    optional: frozenset[str] = frozenset()
    lines_until_truncation: tuple[str, ...] = field(default=())
    #: How the input was made, shown when a check fails (WARC records' types, statuses and headers).
    note: str = ""

    def __repr__(self) -> str:  # a failing example must stay readable: the bytes are cut short
        head = self.data[:300] + (b"..." if len(self.data) > 300 else b"")
        return (f"InputFile(name={self.name!r}, {len(self.data)} bytes: {head!r}, exact={sorted(self.exact or [])!r}, "
                f"optional={sorted(self.optional)!r}, lines_until_truncation={self.lines_until_truncation!r})")

    def display(self, folder: str) -> str:
        """The path a run reports for this file (undecodable name bytes escaped as ``\\xe9``)."""
        return os.path.join(folder, self.name.decode("utf-8", "backslashreplace"))


SAFE_NAME = st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True).map(str.encode)
#: File names with any bytes but "/" and NUL, not hidden (hidden files are skipped on purpose).
HOSTILE_NAME = st.binary(min_size=1, max_size=24).map(lambda b: b.replace(b"/", b"_").replace(b"\x00", b"_")).filter(
    lambda b: not b.startswith(b".")
)
file_stem = st.one_of(SAFE_NAME, SAFE_NAME, HOSTILE_NAME)


def _single(name: bytes, data: bytes) -> InputFile:
    """A file read whole: exactly one entry, for the file itself."""
    return InputFile(name, data)


@st.composite
def text_file(draw: st.DrawFn) -> InputFile:
    """A ``.txt`` (or extension-less, sniffed) file of prose or a print page, UTF-8 with odd bytes mixed in."""
    text = draw(article_text)
    data = text.encode("utf-8", "surrogatepass")  # lone surrogates become invalid UTF-8 bytes
    if draw(st.booleans()):
        data = _splice(draw, data, draw(st.binary(max_size=16)))
    return _single(draw(file_stem) + draw(st.sampled_from([b".txt", b".md", b".text", b"", b".dat"])), data)


#: Codecs outlets and tools write in; each text is encoded with one and may be declared as another.
CODECS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "iso-8859-7",
          "koi8-r", "shift_jis", "euc-jp", "gb18030", "big5", "euc-kr", "mac-roman", "cp437", "ascii")


@st.composite
def encoded_file(draw: st.DrawFn) -> InputFile:
    """Text in some encoding (unencodable characters replaced), as plain text or as HTML that declares a charset."""
    codec = draw(st.sampled_from(CODECS))
    text = draw(prose()).encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    data = codecs.encode(text, codec, "replace")
    if draw(st.booleans()):
        return _single(draw(file_stem) + b".txt", data)
    declared = draw(st.sampled_from(CODECS + ("bogus-charset", "", "utf8\"><x", "x" * 40)))
    head = f'<html><head><meta charset="{declared}"><title>T</title></head><body><article><p>'.encode("ascii", "replace")
    return _single(draw(file_stem) + b".html", head + data + b"</p></article></body></html>")


# --- HTML --------------------------------------------------------------------------------

TAGS = ("p", "div", "span", "a", "b", "i", "em", "article", "main", "section", "nav", "header", "footer", "aside",
        "h1", "h2", "h3", "ul", "ol", "li", "table", "tr", "td", "th", "blockquote", "figure", "figcaption", "pre",
        "code", "form", "button", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
        "select", "option", "textarea", "title", "body", "html", "head", "frameset", "xmp", "plaintext", "x-custom")
VOID = ("br", "img", "hr", "meta", "link", "input", "wbr", "source")
ATTRS = ("class", "id", "href", "src", "style", "lang", "dir", "itemprop", "property", "content", "name", "charset",
         "data-x", "onload", "hidden")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@st.composite
def attributes(draw: st.DrawFn) -> str:
    parts = []
    for name in draw(st.lists(st.sampled_from(ATTRS), max_size=3)):
        value = draw(st.one_of(st.sampled_from(WORDS), st.text(any_character, max_size=12), st.sampled_from(NASTY)))
        quote = draw(st.sampled_from(['"', "'", ""]))
        parts.append(f" {name}={quote}{value}{quote}")
    return "".join(parts)


html_leaf = st.one_of(
    prose(max_paragraphs=2).map(_escape),
    prose(max_paragraphs=2),  # unescaped: stray < and & in text
    st.sampled_from(NASTY),
    st.sampled_from(["<!-- a comment -->", "<!--", "-->", "<![CDATA[ x ]]>", "<?php echo 1; ?>", "<!DOCTYPE html>",
                     "&#x1F600;", "&#128512;", "&#xD800;", "&#0;", "&lt;", "&amp", "&unknown;", "</p>", "</div>", "<"]),
    st.builds(lambda tag, attrs: f"<{tag}{attrs}>", st.sampled_from(VOID), attributes()),
)


def _element(tag: str, attrs: str, children: list[str], closed: bool) -> str:
    return f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if closed else "")


html_fragment = st.recursive(
    html_leaf,
    lambda children: st.builds(
        _element, st.sampled_from(TAGS), attributes(), st.lists(children, max_size=5), st.booleans()
    ),
    max_leaves=30,
)


@st.composite
def html_document(draw: st.DrawFn) -> str:
    """A page: sometimes well-formed, sometimes tag soup, sometimes nested past libxml2's depth limit."""
    body = draw(html_fragment)
    depth = draw(st.sampled_from([0, 0, 0, 300, 1200]))
    if depth:
        body = "<div>" * depth + body + "</div>" * draw(st.integers(0, depth))
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return body
    title = draw(st.one_of(st.sampled_from(WORDS), st.text(any_character, max_size=20)))
    page = f"<!DOCTYPE html><html><head><title>{title}</title>{draw(html_leaf)}</head><body><article>{body}</article></body></html>"
    return page if shape < 3 else page[: draw(st.integers(0, len(page)))]


@st.composite
def html_file(draw: st.DrawFn) -> InputFile:
    """An HTML page in UTF-8 (lone surrogates become invalid bytes) or another codec, possibly damaged."""
    document = draw(html_document())
    codec = draw(st.sampled_from(("utf-8", "utf-8", "cp1252", "utf-16", "shift_jis")))
    data = codecs.encode(document, codec, "surrogatepass" if codec.startswith("utf") else "replace")
    if draw(st.integers(0, 4)) == 0:
        data = _splice(draw, data, draw(st.binary(max_size=32)))
    return _single(draw(file_stem) + draw(st.sampled_from([b".html", b".htm", b".xhtml", b""])), data)


# --- JSON Lines and JSON ------------------------------------------------------------------

FIELD_KEYS = ("id", "_id", "ID", "url", "link", "outlet", "source", "published", "date", "title", "headline",
              "byline", "authors", "text", "content", "body", "content_original", "html", "raw_html", "other")

json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(any_character, max_size=20), article_text,
)
json_value = st.recursive(json_scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                               st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                          max_leaves=12)


@st.composite
def record(draw: st.DrawFn) -> dict[str, Any]:
    """An article record under the field names feeds use; values of any JSON type, text mostly prose."""
    fields: dict[str, Any] = {}
    for key in draw(st.lists(st.sampled_from(FIELD_KEYS), max_size=7, unique=True)):
        if key in ("text", "content", "body", "content_original"):
            fields[key] = draw(st.one_of(article_text, article_text, json_value))
        elif key in ("html", "raw_html"):
            fields[key] = draw(st.one_of(html_document(), json_value))
        else:
            fields[key] = draw(json_value)
    if draw(st.booleans()):
        fields["text"] = draw(article_text)
    return fields


def _json_bytes(draw: st.DrawFn, value: Any) -> bytes:
    """``value`` as JSON: ASCII-escaped, or raw UTF-8 (lone surrogates as invalid bytes), or NaN literals."""
    if draw(st.booleans()):
        return json.dumps(value).encode("ascii")
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


@st.composite
def jsonl_line(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 9))
    if kind <= 5:
        return _json_bytes(draw, draw(record()))
    if kind == 6:  # valid JSON that is not an object
        return _json_bytes(draw, draw(json_value))
    if kind == 7:  # broken or deeply nested
        return draw(st.sampled_from([b"{", b'{"text": ', b"[" * 20_000, b'{"a":' * 5_000, b"nul", b"\xff\xfe{",
                                     b'{"text": "a\\ud800b"}', b'{"text": "\\u0000"}', b"{}", b"[]"]))
    if kind == 8:  # a line over the size limit
        return b'{"text": "' + b"word " * (MAX_BYTES // 5 + 10) + b'"}'
    return draw(st.binary(max_size=64)).replace(b"\n", b" ")


def jsonl_expectation(data: bytes) -> frozenset[str]:
    """What the reader must list for uncompressed JSON Lines bytes: one entry per non-blank line.

    Lines end at ``\\n`` only; a line of only ASCII whitespace is blank; a file
    of blank lines is one entry for the file itself.
    """
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    listed = frozenset(f"#{n}" for n, line in enumerate(lines, start=1) if line.strip())
    return listed or frozenset({""})


@st.composite
def jsonl_file(draw: st.DrawFn) -> InputFile:
    """JSON Lines, plain or gzipped (and then possibly cut short), with blank, broken and oversized lines."""
    lines = draw(st.lists(st.one_of(jsonl_line(), st.sampled_from([b"", b"   ", b"\r", b"\t"])), min_size=1, max_size=8))
    ending = draw(st.sampled_from([b"\n", b"\r\n"]))
    data = ending.join(lines) + draw(st.sampled_from([ending, b""]))
    stem = draw(file_stem)
    if not data:
        return _single(stem + b".jsonl", data)
    if not draw(st.booleans()):
        return InputFile(stem + draw(st.sampled_from([b".jsonl", b".ndjson"])), data, jsonl_expectation(data))
    packed = gzip.compress(data, mtime=0)
    if draw(st.booleans()):
        return InputFile(stem + b".jsonl.gz", packed, jsonl_expectation(data))
    cut = draw(st.integers(0, len(packed) - 1))
    damaged = packed[:cut] if draw(st.booleans()) else _splice(draw, packed, draw(st.binary(min_size=1, max_size=8)))
    available = _inflate_prefix(damaged)
    complete = available[: available.rfind(b"\n") + 1] if b"\n" in available else b""
    expected = jsonl_expectation(complete) - {""} if complete else frozenset()
    return InputFile(stem + b".jsonl.gz", damaged, None, lines_until_truncation=tuple(sorted(expected)))


def _inflate_prefix(data: bytes) -> bytes:
    """The bytes a damaged gzip stream still yields before it breaks (fed in small steps to keep them)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    for start in range(0, len(data), 16):
        try:
            out += inflater.decompress(data[start : start + 16])
        except zlib.error:
            break
        if inflater.eof:
            break
    return bytes(out)


@st.composite
def json_file(draw: st.DrawFn) -> InputFile:
    """A ``.json`` document: one record, an array of records and other values, or not JSON at all."""
    stem = draw(file_stem) + b".json"
    shape = draw(st.integers(0, 3))
    if shape == 0:
        return _single(stem, _json_bytes(draw, draw(record())))
    if shape == 1:
        items = draw(st.lists(st.one_of(record(), json_value), min_size=1, max_size=5))
        data = _json_bytes(draw, items)
        if len(data) > MAX_BYTES:  # a .json file is read whole, so the limit applies to all of it
            return _single(stem, data)
        return InputFile(stem, data, frozenset(f"#{n}" for n in range(1, len(items) + 1)))
    if shape == 2:
        value = draw(st.one_of(json_scalar, st.just([])))
        return _single(stem, _json_bytes(draw, value))
    return _single(stem, draw(st.sampled_from([b"{", b"[" * 20_000, b"\xef\xbb\xbf{}", b"[{}, 1", b"\x00{}"])))


# --- WARC ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class WarcRecord:
    kind: str  # response | resource | request | metadata
    status: str
    content_type: str | None
    payload: bytes
    uri: str
    extra_headers: tuple[tuple[str, str], ...] = ()

    @property
    def is_page(self) -> bool | None:
        """True: an HTML page the reader must list; False: bookkeeping it skips; None: it decides by sniffing."""
        if self.kind not in ("response", "resource"):
            return False
        # Only an http(s) response has HTTP headers (warcio's rule), and only a 2xx one is a page.
        if self.kind == "response" and not (self.uri.startswith(("http:", "https:")) and self.status.startswith("2")):
            return False
        if self.content_type is None:
            return None
        return any(t in self.content_type.lower() for t in ("text/html", "application/xhtml+xml"))


@st.composite
def warc_record(draw: st.DrawFn) -> WarcRecord:
    kind = draw(st.sampled_from(["response", "response", "response", "resource", "request", "metadata"]))
    status = draw(st.sampled_from(["200 OK", "200 OK", "301 Moved", "404 Not Found", "204 No Content"]))
    content_type = draw(st.sampled_from(["text/html", "text/html; charset=utf-8", "text/html; charset=bogus",
                                         "application/xhtml+xml", "image/png", "text/plain", None]))
    document = draw(st.one_of(html_document(), st.just("")))
    payload = document.encode("utf-8", "surrogatepass") if draw(st.integers(0, 5)) else draw(st.binary(max_size=64))
    uri = draw(st.sampled_from(["http://news.example/a", "https://x.example/\u00e9", "not a uri", ""]))
    extra = draw(st.lists(st.sampled_from([("Content-Encoding", "gzip"), ("Content-Encoding", "br"),
                                           ("Content-Encoding", "deflate"), ("Content-Encoding", "bogus"),
                                           ("Transfer-Encoding", "chunked"), ("Content-Length", "7"),
                                           ("Content-Length", "-1"), ("X-Other", "\u00e9")]), max_size=2))
    if ("Content-Encoding", "gzip") in extra and draw(st.booleans()):
        payload = gzip.compress(payload, mtime=0)
    return WarcRecord(kind, status, content_type, payload, uri, tuple(extra))


def write_warc(records: list[WarcRecord], gzipped: bool) -> bytes:
    """The records as a WARC file, written by warcio (one gzip member per record when ``gzipped``)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzipped)
    for number, item in enumerate(records):
        # Fixed ids and dates: the same records must give the same bytes (hypothesis replays examples).
        fixed = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{number:012d}>", "WARC-Date": "2024-05-06T07:08:09Z"}
        if item.kind == "response":
            headers = [("Content-Type", item.content_type)] if item.content_type is not None else []
            headers += item.extra_headers
            http = StatusAndHeaders(item.status, headers, protocol="HTTP/1.1")
            record = writer.create_warc_record(item.uri, "response", payload=io.BytesIO(item.payload), http_headers=http,
                                               warc_headers_dict=fixed)
        elif item.kind == "request":
            http = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            record = writer.create_warc_record(item.uri, "request", payload=io.BytesIO(b""), http_headers=http,
                                               warc_headers_dict=fixed)
        else:
            record = writer.create_warc_record(item.uri, item.kind, payload=io.BytesIO(item.payload),
                                               warc_content_type=item.content_type or "", warc_headers_dict=fixed)
        writer.write_record(record)
    return out.getvalue()


@st.composite
def warc_file(draw: st.DrawFn) -> InputFile:
    """A crawl: pages among bookkeeping records; whole, gzipped per record or as a whole, or damaged."""
    records = draw(st.lists(warc_record(), max_size=5))
    compression = draw(st.sampled_from(["none", "members", "whole"]))
    data = write_warc(records, gzipped=compression == "members")
    if compression == "whole":
        data = gzip.compress(data, mtime=0)
    stem = draw(file_stem) + (b".warc" if compression == "none" else b".warc.gz")
    if not data:
        return _single(stem, data)
    if draw(st.integers(0, 2)) == 0:
        damage = draw(st.integers(0, 2))
        if damage == 0:
            data = data[: draw(st.integers(1, len(data)))]
        elif damage == 1:
            data = _splice(draw, data, draw(st.binary(min_size=1, max_size=16)))
        else:
            data += draw(st.binary(min_size=1, max_size=64))
        return InputFile(stem, data, None)
    note = "; ".join(f"#{n} {r.kind} {r.status} {r.uri!r} {r.content_type!r} {r.extra_headers}" for n, r in enumerate(records, start=1))
    # An HTTP record without a target URI is malformed: the archive is reported broken from there on.
    malformed = next((n for n, r in enumerate(records, start=1) if r.kind in ("response", "request") and not r.uri), None)
    if malformed is not None:
        records = records[: malformed - 1]
    pages = frozenset(f"#{n}" for n, r in enumerate(records, start=1) if r.is_page)
    maybe = frozenset(f"#{n}" for n, r in enumerate(records, start=1) if r.is_page is None)
    if malformed is not None:
        return InputFile(stem, data, pages | {f"#{malformed}" if malformed > 1 else ""}, optional=maybe, note=note)
    # Empty HTML payloads are listed as rejected, pages that sniff as HTML may be read: both are listed or not.
    if not pages:
        return InputFile(stem, data, frozenset({""}), optional=maybe | frozenset({""}), note=note)
    return InputFile(stem, data, pages, optional=maybe, note=note)


# --- Random bytes under any name ----------------------------------------------------------------


@st.composite
def random_bytes_file(draw: st.DrawFn) -> InputFile:
    """Random bytes named as any format: whatever the name promises, the run must say what it made of it."""
    extension = draw(st.sampled_from([b".txt", b".html", b".json", b".jsonl", b".jsonl.gz", b".warc", b".warc.gz",
                                      b".pdf", b".dat", b""]))
    prefix = draw(st.sampled_from([b"", b"%PDF-", b"\x1f\x8b", b"\xef\xbb\xbf", b"\xff\xfe", b"WARC/1.0\r\n", b"<html>"]))
    data = prefix + draw(st.binary(max_size=2048))
    return InputFile(draw(file_stem) + extension, data, None)


def _splice(draw: st.DrawFn, data: bytes, insert: bytes) -> bytes:
    """``insert`` over ``data`` at a random position (overwriting as many bytes)."""
    at = draw(st.integers(0, len(data)))
    return data[:at] + insert + data[at + len(insert):]


any_input = st.one_of(text_file(), encoded_file(), html_file(), jsonl_file(), json_file(), warc_file(), random_bytes_file())


# --- Running and checking -------------------------------------------------------------------------


#: Runs and input files checked so far in this process (the long fuzz target reports them).
COUNTS = {"runs": 0, "inputs": 0}
#: At most this many failing runs are copied to ``$STORYTRACE_FUZZ_FAILURES`` (shrinking fails many times).
MAX_KEPT_FAILURES = 20


def run_inputs(files: list[InputFile]) -> storytrace.Analysis:
    """Write ``files`` into a fresh folder, analyse it and check every property; returns the analysis."""
    COUNTS["runs"] += 1
    COUNTS["inputs"] += len(files)
    with tempfile.TemporaryDirectory(prefix="storytrace-fuzz-") as folder:
        written: dict[str, InputFile] = {}
        for number, item in enumerate(files):
            name = b"%d-" % number + item.name  # distinct names however the generator drew them
            with open(os.path.join(os.fsencode(folder), name), "wb") as stream:
                stream.write(item.data)
            placed = InputFile(name, item.data, item.exact, item.optional, item.lines_until_truncation, item.note)
            written[placed.display(folder)] = placed
        try:
            analysis = storytrace.analyze([folder], options=fuzz_options())
            check_run(analysis, written)
        except BaseException:
            _keep_failing_inputs(folder)
            raise
        return analysis


def _keep_failing_inputs(folder: str) -> None:
    """Copy a failing run's inputs to ``$STORYTRACE_FUZZ_FAILURES`` (when set), to reproduce it by hand."""
    target = os.environ.get("STORYTRACE_FUZZ_FAILURES")
    if target and (not os.path.isdir(target) or len(os.listdir(target)) < MAX_KEPT_FAILURES):
        import shutil

        shutil.copytree(folder, os.path.join(target, os.path.basename(folder)), dirs_exist_ok=True)


def check_run(analysis: storytrace.Analysis, files: dict[str, InputFile]) -> None:
    """Every property of the module docstring, for one run over ``files`` (display path -> file)."""
    for rejected in analysis.rejected:
        assert rejected.reason and not rejected.reason.startswith("internal error"), rejected
    listed = [a.path for a in analysis.articles] + [r.path for r in analysis.rejected]
    for path in listed:
        assert _owner(path, files) is not None, f"{path!r} belongs to no input"
    for display, item in files.items():
        suffixes = {path[len(display):] for path in listed if _owner(path, files) == display}
        assert suffixes, f"{display!r} is neither analysed nor rejected"
        check_accounting(display, item, suffixes, analysis)
    for article in analysis.articles:
        check_offsets(article)
    document = analysis.to_json()
    validate(document)
    json.dumps(document, ensure_ascii=False).encode("utf-8")


def _owner(path: str, files: dict[str, InputFile]) -> str | None:
    """The input a listed path belongs to: the file itself, or one of its records (``file#3``)."""
    if path in files:
        return path
    container, hash_mark, _ = path.rpartition("#")
    return container if hash_mark and container in files else None


_LINE_SUFFIX = re.compile(r"#(\d+)")


def check_accounting(display: str, item: InputFile, suffixes: set[str], analysis: storytrace.Analysis) -> None:
    """The entries listed for one input are exactly what its bytes call for (see :class:`InputFile`)."""
    if item.exact is not None:
        assert item.exact - item.optional <= suffixes <= item.exact | item.optional, (display, sorted(suffixes), item.note)
    if item.lines_until_truncation:
        breaks = [int(m.group(1)) for r in analysis.rejected if r.path.startswith(display + "#")
                  and "gzip" in r.reason and (m := _LINE_SUFFIX.fullmatch(r.path[len(display):]))]
        first_break = min(breaks, default=None)
        for suffix in item.lines_until_truncation:
            if first_break is None or int(suffix[1:]) < first_break:
                assert suffix in suffixes, (display, suffix, sorted(suffixes))


def check_offsets(article: storytrace.Article) -> None:
    """Clean text maps into raw, in order; ASCII letters and digits map onto themselves; removals are raw slices."""
    offsets = article.offsets
    assert offsets.clean_length == len(article.text) and offsets.raw_length == len(article.raw), article.id
    positions = offsets.positions()
    if len(positions):
        assert 0 <= int(positions.min()) and int(positions.max()) < len(article.raw), article.id
        assert bool((positions[1:] >= positions[:-1]).all()), f"{article.id}: offsets go backwards"
    for index, position in enumerate(positions):
        clean, raw = article.text[index], article.raw[position]
        if clean.isascii() and clean.isalnum() and raw.isascii() and raw.isalnum():
            assert clean == raw, (article.id, index, clean, raw)
    start, end = offsets.span_to_raw(0, len(article.text))
    assert 0 <= start <= end <= len(article.raw)
    for removal in article.removed:
        assert 0 <= removal.start <= removal.end <= len(article.raw), removal
        assert article.raw[removal.start : removal.end] == removal.text, removal
