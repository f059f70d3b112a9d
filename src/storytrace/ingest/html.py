"""The main text and metadata of an HTML page, via trafilatura.

A news page is mostly not the article: navigation, teasers, share buttons,
comments. trafilatura finds the article body and reads the page's metadata
(title, author, date, site name); we keep its paragraphs apart with blank
lines, as the plain-text inputs have them, so later stages see one shape of
text whatever the input format.

Note:
    libxml2 stops parsing a document nested deeper than 256 elements and
    drops everything after that point, so a page built from thousands of
    nested ``div``s would lose its text. Such a page is first flattened
    (elements beyond a safe depth are dropped, their text kept) and then
    extracted as usual.
"""

from __future__ import annotations

import html as html_escape
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from html.parser import HTMLParser

import lxml.html
from lxml.etree import ParserError, _Element
from trafilatura import bare_extraction
from trafilatura.xml import xmltotxt

from storytrace.ingest.decode import declared_charset, decode_bytes, judge_text

# trafilatura logs every page it cannot extract at WARNING; without a handler of
# ours Python would print those to stderr in the middle of a progress bar.
for _name in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


@dataclass(frozen=True, slots=True)
class HtmlSettings:
    """trafilatura's main trade-offs, chosen by F1 on the extraction benchmark (see evaluation/html_eval.py)."""

    favor_precision: bool = False
    favor_recall: bool = False
    include_comments: bool = False
    include_tables: bool = True

    def label(self) -> str:
        """A short name for reports: ``precision, comments off, tables on``."""
        focus = "precision" if self.favor_precision else "recall" if self.favor_recall else "balanced"
        on_off = {True: "on", False: "off"}
        return f"{focus}, comments {on_off[self.include_comments]}, tables {on_off[self.include_tables]}"


#: What ReadSource uses.
DEFAULT_HTML_SETTINGS = HtmlSettings()


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What an HTML page yields: its main text (paragraphs split by blank lines) and metadata."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    hostname: str | None = None
    description: str | None = None
    #: The page's sections and tags (``article:section``, ``article:tag``, JSON-LD): genre evidence.
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    flattened: bool = False


#: libxml2's nesting limit: deeper elements, and everything after them, are lost.
LIBXML_MAX_DEPTH = 256
#: Depth a flattened page keeps: deep enough for any real layout, well inside libxml2's limit.
FLATTEN_DEPTH = 160


def read_html(data: bytes, url: str | None = None, charset: str | None = None,
              settings: HtmlSettings = DEFAULT_HTML_SETTINGS) -> HtmlPage | None:
    """Decode HTML bytes (``charset`` from an HTTP header wins over ``<meta>``) and extract the page.

    Raises :class:`~storytrace._exceptions.InputError` for binary or
    undecodable bytes; returns None when the page has no main text.
    """
    decoded = decode_bytes(data, charset or declared_charset(data[:4096]))
    judge_text(decoded.text)
    return extract_html(decoded.text, url, settings)


def extract_html(html: str, url: str | None = None, settings: HtmlSettings = DEFAULT_HTML_SETTINGS) -> HtmlPage | None:
    """The main text and metadata of ``html``, or None when trafilatura finds no main text."""
    flattened = exceeds_parser_depth(html)
    if flattened:
        html = flatten_deep_html(html, FLATTEN_DEPTH)
    try:
        document = _bare_extraction(html, url, settings, with_metadata=True)
    except AssertionError:
        # htmldate (trafilatura's date finder) trips an lxml assertion on some trees ("<svg><p><p>"):
        # the metadata is lost, the main text need not be.
        document = _bare_extraction(html, url, settings, with_metadata=False)
    if document is None or document.body is None:
        return None
    text = "\n\n".join(paragraphs(document.body))
    if not text:
        return None
    return HtmlPage(
        text=text,
        title=document.title or None,
        author=document.author or None,
        date=document.date or None,
        sitename=document.sitename or None,
        url=document.url or url,
        hostname=document.hostname or None,
        description=document.description or None,
        categories=[c for c in (document.categories or []) if isinstance(c, str) and c.strip()],
        tags=[t for t in (document.tags or []) if isinstance(t, str) and t.strip()],
        flattened=flattened,
    )


def _bare_extraction(html: str, url: str | None, settings: HtmlSettings, with_metadata: bool) -> Any:
    return bare_extraction(
        html,
        url=url,
        with_metadata=with_metadata,
        favor_precision=settings.favor_precision,
        favor_recall=settings.favor_recall,
        include_comments=settings.include_comments,
        include_tables=settings.include_tables,
    )


#: trafilatura output elements that only group other blocks; their children become paragraphs.
_GROUPS = frozenset({"div", "quote", "body"})
_BLOCKS = frozenset({"p", "head", "list", "quote", "table", "code", "div", "graphic"})


def paragraphs(body: _Element) -> Iterator[str]:
    """The text of each block of trafilatura's output tree, in order.

    trafilatura's own text output puts one block per line; we want blank
    lines between paragraphs and single line breaks only inside one
    (``<br>``, list items, table rows), as plain-text articles have them.
    """
    if body.text and body.text.strip():
        yield body.text.strip()
    for child in body:
        if child.tag in _GROUPS and any(grandchild.tag in _BLOCKS for grandchild in child):
            yield from paragraphs(child)
        else:
            block = _block_text(child)
            if block:
                yield block
        if child.tail and child.tail.strip():
            yield child.tail.strip()


def _block_text(element: _Element) -> str:
    """One block as text, without the loose text that follows it (its tail)."""
    tail, element.tail = element.tail, None
    try:
        return xmltotxt(element, False).strip()
    finally:
        element.tail = tail


def exceeds_parser_depth(html: str) -> bool:
    """Whether libxml2 gives up on ``html`` because it is nested too deeply."""
    parser = lxml.html.HTMLParser()
    try:
        lxml.html.document_fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except (ParserError, ValueError):
        return False
    return any("depth" in entry.message.lower() for entry in parser.error_log)


#: Elements that start a new block of text; dropped ones become paragraph breaks.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 header "
    "hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
_VOID_TAGS = frozenset("area base br col embed hr img input link meta param source track wbr".split())
#: Open elements a new one of the same kind closes (HTML's implied end tags).
_SELF_CLOSING_SIBLINGS = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})
_RAW_TEXT_TAGS = frozenset({"script", "style"})


class _Flattener(HTMLParser):
    """Re-writes HTML keeping elements down to ``max_depth``; deeper ones keep only their text.

    Python's HTML parser has no depth limit and streams, so it can read what
    libxml2 refuses. A dropped block element becomes a ``<p>`` break so its
    text stays a paragraph of its own.
    """

    def __init__(self, max_depth: int):
        super().__init__(convert_charrefs=True)
        self.max_depth = max_depth
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, emitted)
        self.emitted_depth = 0
        self.raw_text = False

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID_TAGS:
            self._emit_void(tag, attrs)
            return
        if tag in _SELF_CLOSING_SIBLINGS and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)
        emitted = self.emitted_depth < self.max_depth
        if emitted:
            self.out.append(_start_tag(tag, attrs))
            self.emitted_depth += 1
        elif tag in _BLOCK_TAGS:
            self.out.append("<p>")
        self.stack.append((tag, emitted))
        self.raw_text = tag in _RAW_TEXT_TAGS

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._emit_void(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return  # a stray end tag: browsers ignore it too
        while self.stack:
            open_tag, emitted = self.stack.pop()
            if emitted:
                self.out.append(f"</{open_tag}>")
                self.emitted_depth -= 1
            elif open_tag in _BLOCK_TAGS:
                self.out.append("<p>")
            if open_tag == tag:
                break
        self.raw_text = False

    def handle_data(self, data: str) -> None:
        self.out.append(data if self.raw_text else html_escape.escape(data, quote=False))

    def _emit_void(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.emitted_depth < self.max_depth:
            self.out.append(_start_tag(tag, attrs))
        elif tag in _BLOCK_TAGS or tag == "br":
            self.out.append("<br>")


def _start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    rendered = "".join(
        f" {name}" if value is None else f' {name}="{html_escape.escape(value, quote=True)}"' for name, value in attrs
    )
    return f"<{tag}{rendered}>"


def flatten_deep_html(html: str, max_depth: int = FLATTEN_DEPTH) -> str:
    """``html`` with elements nested deeper than ``max_depth`` removed and their text kept."""
    flattener = _Flattener(max_depth)
    flattener.feed(html)
    flattener.close()
    return "".join(flattener.out)
