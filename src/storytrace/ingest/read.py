"""Turning a Source into an Article: decoding, HTML extraction, JSONL fields.

:class:`ReadSource` is the only stage that sees bytes; after it every input
is an :class:`Article` whose ``raw`` text is what later offsets point into
(for HTML: the main text trafilatura extracted, since that is the text the
user can check against). :class:`RequireArticle` refuses what cleaning left
too short or not prose, and :class:`UniqueIds` makes ids unique across a run.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Any

import xxhash

from storytrace._exceptions import InputError
from storytrace.ingest.decode import decode_bytes, judge_text
from storytrace.ingest.html import HtmlPage, extract_html, read_html
from storytrace.ingest.jsonl import record_fields
from storytrace.models import Article, Rejected, Source
from storytrace.settings import IngestOptions
from storytrace.stage import ArticleStage, CorpusStage, StageStats

#: Multi-part endings stripped whole when an id is made from a file name.
_CONTAINER_ENDINGS = (".warc.gz", ".jsonl.gz", ".ndjson.gz")


class ReadSource(ArticleStage):
    """Source -> Article: decode bytes, extract HTML, take a JSONL record's fields."""

    name = "read"

    def __init__(self, options: IngestOptions):
        self.options = options

    def process(self, source: Source) -> Article:  # type: ignore[override]
        if source.kind == "record":
            article = _read_record(source)
        elif source.kind == "html":
            article = _read_html_source(source)
        elif source.kind == "text":
            article = _read_text(source)
        else:
            raise InputError(f"unknown input kind {source.kind!r}")
        article.meta["content_hash"] = content_hash(article.raw)
        return article


def content_hash(raw: str) -> str:
    """The hash the store deduplicates inputs by: the same text read twice is stored once.

    UTF-8 with ``surrogatepass``: a JSON record may carry a lone surrogate,
    which must hash, not crash.
    """
    return xxhash.xxh3_128_hexdigest(raw.encode("utf-8", "surrogatepass"))


def _read_text(source: Source) -> Article:
    decoded = decode_bytes(source.data)
    judge_text(decoded.text)
    article = Article.from_raw(file_id(source.path), source.path, decoded.text, format="text")
    article.meta.update(input_bytes=len(source.data), encoding=decoded.encoding)
    return article


def _read_html_source(source: Source) -> Article:
    """An HTML file or an archived page (a WARC record carries its URL and charset in ``fields``)."""
    fields = source.fields
    page = read_html(source.data, url=fields.get("url"), charset=fields.get("charset"))
    if page is None:
        raise InputError("not an article: no main text found in the HTML")
    in_warc = "warc_record" in fields
    article_id = container_id(source.path, fields["warc_record"]) if in_warc else file_id(source.path)
    article = _article_from_page(article_id, source.path, page, "warc" if in_warc else "html")
    article.meta["input_bytes"] = len(source.data)
    if in_warc and fields.get("warc_date"):
        article.meta["crawled"] = fields["warc_date"]
    return article


def _read_record(source: Source) -> Article:
    """A JSONL record: its own fields win over anything found in its HTML."""
    fields = record_fields(source.fields)
    article_id = fields.get("id") or container_id(source.path)
    if "text" in fields:
        text = _string_field(fields, "text")
        judge_text(text)
        article = Article.from_raw(article_id, source.path, text, format="jsonl")
        content = text
    elif "html" in fields:
        content = _string_field(fields, "html")
        judge_text(content)
        page = extract_html(content, url=fields.get("url"))
        if page is None:
            raise InputError("not an article: no main text found in the record's HTML")
        article = _article_from_page(article_id, source.path, page, "jsonl")
    else:
        raise InputError("not an article: record has no text or html field")
    for ours, theirs in (("title", "title"), ("outlet", "outlet"), ("byline", "byline"), ("published", "published"), ("url", "url")):
        if fields.get(theirs):
            setattr(article, ours, fields[theirs])
    article.meta["input_bytes"] = len(content.encode("utf-8", "surrogatepass"))
    return article


def _string_field(fields: dict[str, Any], name: str) -> str:
    value = fields[name]
    if not isinstance(value, str):
        raise InputError(f"not an article: the record's {name} field is not a string")
    return value


def _article_from_page(article_id: str, path: str, page: HtmlPage, format: str) -> Article:
    article = Article.from_raw(
        article_id,
        path,
        page.text,
        format=format,
        title=page.title,
        byline=page.author,
        published=page.date,
        outlet=page.sitename,
        url=page.url,
    )
    if page.hostname:
        article.meta["hostname"] = page.hostname
    if page.categories:
        article.meta["categories"] = page.categories
    if page.tags:
        article.meta["tags"] = page.tags
    if page.flattened:
        article.meta["html_flattened"] = True
    return article


def file_id(path: str) -> str:
    """An article id from a file name: ``corpus/000_08e3.txt`` -> ``000_08e3``."""
    name = PurePath(path).name
    lower = name.lower()
    for ending in _CONTAINER_ENDINGS:
        if lower.endswith(ending):
            return name[: -len(ending)]
    return PurePath(name).stem or name


def container_id(locator: str, number: int | None = None) -> str:
    """A stable id for one line or record of a container: ``feed.jsonl#3`` -> ``feed-3``."""
    container, _, position = locator.rpartition("#")
    return f"{file_id(container or locator)}-{number if number is not None else position}"


class RequireArticle(ArticleStage):
    """Reject what is left too short, or not prose, once cleaning is done.

    Note:
        Word counts treat each Chinese or Japanese character as a word,
        since those scripts do not separate words with spaces.
    """

    name = "require-article"

    #: Below this share of letters among visible characters the text is tables, code or numbers, not prose.
    min_letter_share = 0.5

    def __init__(self, options: IngestOptions):
        self.options = options

    def process(self, article: Article) -> Article:
        count = word_count(article.text)
        if count < self.options.min_words:
            raise InputError(f"not an article ({count} words)")
        share = letter_share(article.text)
        if share < self.min_letter_share:
            raise InputError(f"not an article (not prose: {share:.0%} letters)")
        if _is_unbroken_code(article.text):
            raise InputError("not an article (not prose: long unbroken runs of code or data)")
        return article


_IDEOGRAPHIC = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
#: A "word" of 40+ ASCII letters/digits without a break: base64, hashes, minified code.
_CODE_RUN_CHARS = 40
_CODE_RUN = re.compile(r"[A-Za-z0-9+/=_\-]{%d,}" % _CODE_RUN_CHARS)


def word_count(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit; each Chinese/Japanese character counts as one.

    A plain count of tokens, not :func:`storytrace.textnorm.words`: it only
    decides "long enough", and runs on every article.
    """
    count = 0
    for token in text.split():
        if not token.isascii() and _IDEOGRAPHIC.search(token):
            count += len(_IDEOGRAPHIC.findall(token))
            count += sum(1 for part in _IDEOGRAPHIC.sub(" ", token).split() if _has_word_character(part))
        elif _has_word_character(token):
            count += 1
    return count


def _has_word_character(token: str) -> bool:
    return token[0].isalnum() or any(map(str.isalnum, token))


def letter_share(text: str) -> float:
    """Letters among non-space characters (1.0 for empty text: nothing to judge)."""
    visible = len(text) - sum(map(str.isspace, text))
    if not visible:
        return 1.0
    return sum(map(str.isalpha, text)) / visible


def _is_unbroken_code(text: str) -> bool:
    """Most of the text is in runs too long to be words (an embedded blob, not an article)."""
    long_tokens = [token for token in text.split() if len(token) >= _CODE_RUN_CHARS]
    if not long_tokens:
        return False
    in_runs = sum(len(run) for token in long_tokens for run in _CODE_RUN.findall(token))
    return in_runs > 0.5 * len(text.strip())


def drop_repeated_inputs(articles: list[Article]) -> tuple[list[Article], list[Rejected]]:
    """``articles`` with each repeated input left out, and one rejection per repeat.

    The same file named twice on the command line, or a feed that lists one
    record twice, gives two articles with the same id and the same text.
    They are one article: it is analysed once and the repeat is listed with
    the path it repeats, so nothing vanishes and no id belongs to two
    articles (the comparisons need ids to be unique).
    """
    first_path: dict[tuple[str, str], str] = {}
    kept: list[Article] = []
    repeated: list[Rejected] = []
    for article in articles:
        key = (article.id, article.meta.get("content_hash") or content_hash(article.raw))
        if key in first_path:
            repeated.append(Rejected(article.path, f"repeated input: the same article as {first_path[key]}, analysed once"))
        else:
            first_path[key] = article.path
            kept.append(article)
    return kept, repeated


class UniqueIds(CorpusStage):
    """Give every article a distinct id, deterministically, in input order.

    Two inputs named alike (``a/report.txt``, ``b/report.txt``) become
    ``report`` and ``report-2``. The same text read twice keeps one id: the
    store deduplicates by content hash, and two ids for one text would
    count it twice.
    """

    name = "unique-ids"

    def run_all(self, articles: list[Article], stats: StageStats) -> list[Article]:
        taken: set[str] = set()
        given: dict[tuple[str, str], str] = {}
        for article in articles:
            stats.articles_in += 1
            key = (article.id, article.meta.get("content_hash") or content_hash(article.raw))
            if key in given:
                article.id = given[key]
            else:
                unique = _free_id(article.id, taken)
                if unique != article.id:
                    stats.count("renamed")
                given[key] = article.id = unique
                taken.add(unique)
            stats.articles_out += 1
        return articles


def _free_id(wanted: str, taken: set[str]) -> str:
    """``wanted`` if free, else the first free ``wanted-2``, ``wanted-3``, ..."""
    if wanted not in taken:
        return wanted
    suffix = 2
    while f"{wanted}-{suffix}" in taken:
        suffix += 1
    return f"{wanted}-{suffix}"
