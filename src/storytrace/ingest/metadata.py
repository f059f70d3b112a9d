"""Article metadata: title, outlet, byline, published date, credit, genre.

The input may already give some of it (JSONL fields, HTML metadata); a given
value is never overwritten by a guess. What is missing is read from:

* the headline line at the top of the text (removed here, rule ``headline``);
* what :class:`~storytrace.ingest.clean.CleanBoilerplate` removed, kept in
  ``article.meta[EVIDENCE_KEY]``: bylines, "Source:" footers, agency credit
  prefixes, timestamp lines and breadcrumbs;
* category/section/tag fields the input carried in ``article.meta``.

Genre is one of ``news``, ``opinion``, ``analysis``, or None when nothing
signals it (classifying from the text itself is a later step).

Note:
    When signals disagree, **opinion wins over analysis, and analysis over
    news**. Sites file analysis *under* opinion (``Home / OPINION /
    Analysis``) and "news analysis" *under* news, so the more specific
    editorial label is the one that says how to read the piece: an opinion
    signal means the outlet presents it as argument, whatever subsection it
    sits in, and "news" is the default section most sites put everything in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from storytrace.ingest.clean import EVIDENCE_KEY, tidy_paragraphs
from storytrace.ingest.rules._lines import SENTENCE_BREAK, Line, is_capitalised, lines, n_words, remove
from storytrace.ingest.rules.credits import credit_name, read_byline, read_dateline, read_source
from storytrace.ingest.rules.dates import is_publication_stamp, parse_date
from storytrace.ingest.rules.navigation import breadcrumb_segments, is_navigation, is_section
from storytrace.models import Article
from storytrace.offsets import Edit
from storytrace.stage import ArticleStage, apply_edits
from storytrace.textnorm import fold

# --- headline -----------------------------------------------------------------------------------

_MAX_HEADLINE_WORDS = 20
_MAX_HEADLINE_CHARS = 160
_SMALL_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by", "with", "from",
    "as", "vs", "via", "into", "over", "per", "up", "off", "out", "than", "is", "be",
})


def title_key(text: str) -> str:
    """A title's matching form: folded, punctuation and spacing ignored."""
    return " ".join(re.findall(r"\w+", fold(text)))


def is_title_cased(text: str) -> bool:
    """Whether most content words are capitalised ("Iraq Seeks Russia's Military Alliance")."""
    words = [w.strip("\"'\u201c\u201d\u2018\u2019()[]:,") for w in text.split()]
    content = [w for w in words if w and w.lower() not in _SMALL_WORDS and w[:1].isalpha()]
    if len(content) < 2:
        return False
    return sum(is_capitalised(w) for w in content) / len(content) >= 0.7


#: A list of people's names ("Jane Roe and John Doe"): a byline without "By", not a headline.
_PERSON = r"[A-Z][\w'\u2019.\-]*(?:\s+(?:[A-Z][\w'\u2019.\-]*|de|van|von|al|bin|la|le|del|da|dos)){1,2}"
_NAME_LIST = re.compile(rf"^{_PERSON}(?:\s*(?:,|\band\b|&)\s*(?:and\s+)?{_PERSON})*$")


def looks_like_headline(line: Line, following: Line | None) -> bool:
    """Whether the first line is shaped like a headline rather than a first sentence.

    Short, one "sentence", no final full stop or comma, starting with a
    capital, not a bare list of names; and title-cased (three words or
    more), or set off from a paragraph at least twice as long after it.
    """
    text = line.text
    words = n_words(text)
    if following is None or not 2 <= words <= _MAX_HEADLINE_WORDS or len(text) > _MAX_HEADLINE_CHARS:
        return False
    if text[-1] in ".,;:" or not (text[0].isupper() or text[0].isdigit() or text[0] in "\"'\u201c\u2018"):
        return False
    if SENTENCE_BREAK.search(text) or _NAME_LIST.match(text):
        return False
    if words >= 3 and (is_title_cased(text) or text.isupper()):
        return True
    return words >= 4 and following.blank_before and n_words(following.text) >= 2 * words


#: A page title's site suffix: " - California Globe", " | The Velmar Courier" (a short tail after the last separator).
_SITE_SUFFIX = re.compile(r"^(?P<head>.+?)\s+(?:\||-|\u2013|\u2014|::)\s+(?P<tail>[^|\u2013\u2014]+)$")
_MAX_SUFFIX_WORDS = 4


def title_variants(title: str) -> list[str]:
    """``title`` and, when it ends in a site name (" - California Globe"), the headline before it."""
    out = [title]
    match = _SITE_SUFFIX.match(title.strip())
    if match and n_words(match.group("tail")) <= _MAX_SUFFIX_WORDS and n_words(match.group("head")) >= 3:
        out.append(match.group("head"))
    return out


def _run_in_title(first: Line, titles: list[str]) -> int:
    """Length of a known title opening the first paragraph as a sentence ("Vote Delayed! The council ..."), or 0.

    Only a title that ends like a sentence counts: "Talks stall" opening "Talks stall over the lease" is the
    first sentence itself, not a headline run into it.
    """
    for title in titles:
        title = title.strip()
        size = len(title)
        if size < 12 or title[-1] not in ".!?" or len(first.text) <= size + 1:
            continue
        rest = first.text[size:]
        if title_key(first.text[:size]) == title_key(title) and rest[0] == " " and rest.lstrip()[:1].isupper():
            return size + len(rest) - len(rest.lstrip())
    return 0


def headline(text: str, known: Iterable[str | None] = ()) -> tuple[list[Edit], str | None]:
    """Edits removing the headline line(s) at the top of ``text``, and the headline found.

    A first line equal to a ``known`` title (the given one, a breadcrumb's
    last segment) is the headline; with none known, a first line that
    :func:`looks_like_headline` is. Lines right after it that repeat it go
    too.

    Example:
        >>> headline("Harbour Talks Stall\\n\\nTalks over the harbour lease stalled on Tuesday, officials said.")[1]
        'Harbour Talks Stall'
    """
    all_lines = lines(text)
    if not all_lines:
        return [], None
    titles = [v for t in known if t for v in title_variants(t)]
    keys = {title_key(t) for t in titles if title_key(t)}
    first = all_lines[0]
    following = all_lines[1] if len(all_lines) > 1 else None
    if title_key(first.text) in keys:
        found = first.text
    elif not keys and looks_like_headline(first, following):
        found = first.text
    else:
        run_in = _run_in_title(first, titles)
        if not run_in:
            return [], None
        return [Edit(first.start, first.start + run_in, "", "headline")], first.text[:run_in].strip()
    edits = [remove(first, "headline")]
    for line in all_lines[1:3]:
        if title_key(line.text) != title_key(found):
            break
        edits.append(remove(line, "headline"))
    return edits, found


# --- genre --------------------------------------------------------------------------------------

OPINION_LABELS = frozenset({
    "opinion", "opinions", "op-ed", "op-eds", "oped", "op ed", "commentary", "commentaries", "editorial",
    "editorials", "column", "columns", "columnist", "columnists", "letters", "letters to the editor",
    "letter to the editor", "viewpoint", "viewpoints", "perspective", "guest column", "guest opinion", "comment",
    "comment is free", "views", "opinion contributor", "editorial board", "our view", "your view",
})
ANALYSIS_LABELS = frozenset({"analysis", "analyses", "news analysis"})
NEWS_LABELS = frozenset({
    "news", "latest news", "breaking news", "world news", "us news", "u.s. news", "uk news", "local news",
    "national news", "international news", "business news", "political news", "politics news", "top news",
    "news story", "news article",
})
_GENRE_ORDER = ("opinion", "analysis", "news")
#: Input fields (compared case-insensitively) that carry a section, category or tags.
CATEGORY_FIELDS = frozenset({
    "category", "categories", "section", "sections", "tags", "tag", "keywords", "genre", "type", "kind",
    "article_type", "articletype", "article:section", "article:tag", "labels", "label", "department", "desk",
    "rubric", "subject", "topics",
})
_TITLE_PREFIX = re.compile(
    r"^(?P<label>opinion|analysis|news analysis|commentary|editorial|op-ed|oped|column|perspective|viewpoint"
    r"|letters?)\s*(?::|\||-|\u2013|\u2014)\s+",
    re.IGNORECASE,
)
_LABEL_SPLIT = re.compile(r"\s*(?:/|>|\||,|;|\u00bb|\u203a)\s*")


def genre_of_label(label: str) -> str | None:
    """The genre a section or tag name stands for ("OPINION" -> opinion, "Analysis/Opinion" -> opinion)."""
    key = " ".join(fold(label).split()).strip(" :.-")
    parts = [key, *(p for p in _LABEL_SPLIT.split(key) if p)]
    found = set()
    for part in parts:
        if part in OPINION_LABELS:
            found.add("opinion")
        elif part in ANALYSIS_LABELS:
            found.add("analysis")
        elif part in NEWS_LABELS:
            found.add("news")
    return strongest_genre(found)


def strongest_genre(genres: Iterable[str | None]) -> str | None:
    """Opinion over analysis over news (see the module note); None when there is none."""
    present = set(genres)
    return next((g for g in _GENRE_ORDER if g in present), None)


#: ``article.meta`` keys under which a reader may keep the input's own fields as a nested mapping.
NESTED_FIELDS = frozenset({"fields", "record", "metadata", "html_meta"})


def category_labels(meta: Mapping[str, Any]) -> list[str]:
    """Section, category and tag values an input carried (strings or lists of strings)."""
    labels: list[str] = []
    for key, value in meta.items():
        if str(key).lower() in NESTED_FIELDS and isinstance(value, Mapping):
            labels.extend(category_labels(value))
            continue
        if str(key).lower() not in CATEGORY_FIELDS:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if isinstance(item, dict):
                item = item.get("name") or item.get("label") or item.get("title")
            if isinstance(item, str) and item.strip():
                labels.append(item)
    return labels


def breadcrumb_sections(crumbs: Iterable[str]) -> list[str]:
    """Section names in removed breadcrumbs (navigation words dropped)."""
    sections: list[str] = []
    for crumb in crumbs:
        parts = breadcrumb_segments(crumb) or [crumb]
        sections.extend(p for p in parts if not is_navigation(p))
    return sections


def byline_genre(byline_line: str) -> str | None:
    """The genre a byline states: "Commentary by ..." (opinion), "Analysis by ..." (analysis)."""
    parsed = read_byline(byline_line)
    if parsed is None:
        return None
    prefix = re.sub(r"^an?\s+|\s*\bby$", "", parsed.prefix)
    return strongest_genre([genre_of_label(prefix), genre_of_label(parsed.affiliation)])


def find_genre(title: str | None, meta: Mapping[str, Any], evidence: Mapping[str, list[str]]) -> str | None:
    """The genre the input signals, or None."""
    signals: list[str | None] = [genre_of_label(label) for label in category_labels(meta)]
    signals += [genre_of_label(section) for section in breadcrumb_sections(evidence.get("breadcrumb", []))]
    if title and (prefix := _TITLE_PREFIX.match(title)):
        signals.append(genre_of_label(prefix.group("label")))
    signals += [byline_genre(line) for line in evidence.get("byline", [])]
    return strongest_genre(signals)


# --- values read from removed lines -------------------------------------------------------------


def breadcrumb_title(crumbs: Iterable[str]) -> str | None:
    """A breadcrumb's last segment when it is a headline, not a section name."""
    for crumb in crumbs:
        parts = breadcrumb_segments(crumb)
        if parts and len(parts) >= 2 and n_words(parts[-1]) >= 3 and not is_section(parts[-1]):
            return parts[-1]
    return None


def find_byline(evidence: Mapping[str, list[str]]) -> str | None:
    for line in evidence.get("byline", []):
        if parsed := read_byline(line):
            return parsed.names
    return None


def find_credit(evidence: Mapping[str, list[str]]) -> str | None:
    """The agency of a credit prefix, else the name in a "Source:" footer."""
    for text in evidence.get("credit", []):
        if dateline := read_dateline(text, story_follows=False):
            return credit_name(dateline.agency)
    return find_source(evidence)


def find_source(evidence: Mapping[str, list[str]]) -> str | None:
    names = [name for line in evidence.get("source", []) if (name := read_source(line))]
    return credit_name(names[-1]) if names else None


def find_published(evidence: Mapping[str, list[str]]) -> str | None:
    """The publication date of a timestamp line, else of an update line, else of a dateline."""
    stamps = evidence.get("timestamp", [])
    ordered = [s for s in stamps if is_publication_stamp(s)] + [s for s in stamps if not is_publication_stamp(s)]
    for text in ordered:
        if date := parse_date(text):
            return date
    for text in evidence.get("credit", []):
        dateline = read_dateline(text, story_follows=False)
        if dateline and dateline.date and (date := parse_date(dateline.date)):
            return date
    return None


def url_host(url: str | None) -> str | None:
    """The host of ``url`` without ``www.`` (used to group articles of one site)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:  # "http://[" and the like: a broken URL has no host, and the article still counts
        return None
    return host.removeprefix("www.") or None


# --- the stage ----------------------------------------------------------------------------------


class ExtractMetadata(ArticleStage):
    """Fill in title, byline, credit, outlet, published date and genre where the input gave none."""

    name = "metadata"

    def process(self, article: Article) -> Article:
        evidence = article.meta.get(EVIDENCE_KEY, {})
        crumb_title = breadcrumb_title(evidence.get("breadcrumb", []))
        edits, found_title = headline(article.text, known=(article.title, crumb_title))
        if edits:
            apply_edits(article, edits, audit=True)
            tidy_paragraphs(article, one_per_line=False)
        article.title = article.title or found_title or crumb_title
        article.byline = article.byline or find_byline(evidence)
        article.credit = article.credit or find_credit(evidence)
        article.outlet = article.outlet or find_source(evidence)
        article.published = article.published or find_published(evidence)
        article.genre = article.genre or find_genre(article.title, article.meta, evidence)
        return article


__all__ = [
    "ExtractMetadata", "breadcrumb_title", "category_labels", "find_genre", "find_published", "genre_of_label",
    "headline", "looks_like_headline", "strongest_genre", "title_key", "url_host",
]
