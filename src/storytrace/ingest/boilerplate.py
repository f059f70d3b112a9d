"""Lines an outlet repeats across its own articles are boilerplate.

Every site has template text no fixed rule knows: "Sign up for Daily
Newsletters", a standing disclaimer, a section kicker. What gives it away is
repetition *within one outlet*: the same line in many of that outlet's
articles. The same text in articles of *different* outlets is the opposite
case, reuse, which storytrace exists to trace, so it is never removed here.

The work is split so that it runs on shards (datatrove's map/reduce shape):

1. :func:`count_lines` counts, per outlet, in how many articles each line
   occurs (one shard at a time; the counters add up with ``+``);
2. :func:`boilerplate_lines` turns the merged counts into each outlet's
   boilerplate lines;
3. :func:`apply` removes them from each article (again shard by shard).

Articles without an outlet are grouped by their credit, else their URL's
host; with none of these they are not touched, but their lines still count
as "another outlet" (a line they share with an outlet is not that outlet's
own).

Note:
    An outlet may run several versions of one story (updates, regional
    editions): their shared paragraphs repeat just like a footer. When the
    repeated lines would take most of an article's words, the article is a
    version of a sibling, and only lines repeated in *more* articles than the
    shared story text (the real template) are removed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from storytrace.ingest.clean import tidy_paragraphs
from storytrace.ingest.metadata import url_host
from storytrace.ingest.rules._lines import Line, lines, lower, n_words, remove
from storytrace.models import Article
from storytrace.settings import IngestOptions
from storytrace.stage import CorpusStage, StageStats, apply_edits

#: Counter key ``(group, ARTICLES)`` holds the number of articles in ``group`` (no line has this key).
ARTICLES = ""
#: Group of articles with no outlet, credit or host: counted, never cleaned.
UNGROUPED = None
#: Above this share of an article's words, repeated lines mean "a version of a sibling article".
VERSION_SHARE = 0.5

LineCounts = Counter  # Counter[tuple[str | None, str]]: (group, line key) -> articles

_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def line_key(text: str) -> str:
    """A line's matching form: folded, spaces collapsed, digits as 0 ("Copyright 2019" = "Copyright 2020")."""
    return _DIGIT.sub("0", " ".join(lower(text).split()))


def group_of(article: Article) -> str | None:
    """Which outlet ``article`` belongs to: its outlet, else credit, else URL host (folded), else None."""
    name = article.outlet or article.credit or url_host(article.url) or article.meta.get("hostname")
    return " ".join(lower(name).split()) if name else UNGROUPED


def _keyed_lines(article: Article) -> list[tuple[Line, str]]:
    return [(line, key) for line in lines(article.text) if _LETTER.search(key := line_key(line.text))]


def count_lines(articles: Iterable[Article]) -> LineCounts:
    """Per group, in how many articles each line occurs, plus each group's article count.

    Counters from shards merge with ``+`` (or ``Counter.update``).
    """
    counts: LineCounts = Counter()
    for article in articles:
        group = group_of(article)
        counts[(group, ARTICLES)] += 1
        counts.update((group, key) for key in {key for _, key in _keyed_lines(article)})
    return counts


def boilerplate_lines(counts: LineCounts, min_articles: int, min_share: float) -> dict[str, dict[str, int]]:
    """Each group's boilerplate lines with their article counts.

    A line qualifies when it occurs in at least ``min_articles`` articles of
    one group and in at least ``min_share`` of that group's articles, and in
    no other group (ungrouped articles included).
    """
    groups_with: Counter = Counter(key for (_, key) in counts if key != ARTICLES)
    found: dict[str, dict[str, int]] = {}
    for (group, key), n in counts.items():
        if group is UNGROUPED or key == ARTICLES or groups_with[key] > 1:
            continue
        if n >= min_articles and n >= min_share * counts[(group, ARTICLES)]:
            found.setdefault(group, {})[key] = n
    return found


def _lines_to_remove(article: Article, repeated: Mapping[str, int]) -> list[Line]:
    """The article's lines in ``repeated``, minus story text shared with sibling versions."""
    keyed = _keyed_lines(article)
    candidates = [(line, repeated[key]) for line, key in keyed if key in repeated]
    if not candidates:
        return []
    total_words = sum(n_words(line.text) for line, _ in keyed)
    shared_words = sum(n_words(line.text) for line, _ in candidates)
    if shared_words > VERSION_SHARE * total_words:
        by_level: Counter = Counter()
        for line, n in candidates:
            by_level[n] += n_words(line.text)
        story_level = max(by_level, key=lambda n: (by_level[n], -n))
        candidates = [(line, n) for line, n in candidates if n > story_level]
    return [line for line, _ in candidates]


def remove_repeated_lines(article: Article, repeated: Mapping[str, int]) -> Article:
    """Remove ``article``'s lines that are its outlet's boilerplate (rule ``outlet-boilerplate``)."""
    edits = [remove(line, "outlet-boilerplate") for line in _lines_to_remove(article, repeated)]
    if not edits:
        return article
    article = article.copy()
    apply_edits(article, edits, audit=True)
    return tidy_paragraphs(article, one_per_line=False)


def apply(articles: Iterable[Article], counts: LineCounts, options: IngestOptions) -> list[Article]:
    """Remove each article's outlet boilerplate, given the merged :func:`count_lines` of the corpus.

    Articles are returned in order; changed ones are copies.
    """
    found = boilerplate_lines(counts, options.outlet_boilerplate_min_articles, options.outlet_boilerplate_min_share)
    out: list[Article] = []
    for article in articles:
        group = group_of(article)
        repeated = found.get(group) if group is not UNGROUPED else None
        out.append(remove_repeated_lines(article, repeated) if repeated else article)
    return out


class RemoveOutletBoilerplate(CorpusStage):
    """Remove lines an outlet repeats across its own articles (never text shared across outlets)."""

    name = "outlet-boilerplate"

    def __init__(self, options: IngestOptions):
        self.options = options

    def run_all(self, articles: list[Article], stats: StageStats) -> list[Article]:
        stats.articles_in += len(articles)
        counts = count_lines(articles)
        out = apply(articles, counts, self.options)
        removed = sum(len(new.removed) - len(old.removed) for old, new in zip(articles, out))
        stats.count("lines removed", removed)
        stats.articles_out += len(out)
        return out


__all__ = [
    "ARTICLES", "RemoveOutletBoilerplate", "apply", "boilerplate_lines", "count_lines", "group_of", "line_key",
    "remove_repeated_lines",
]
