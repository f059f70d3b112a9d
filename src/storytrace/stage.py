"""What a pipeline stage is.

A stage is a small object with a ``name`` and one method. Two shapes exist:

* :class:`ArticleStage` looks at one article at a time, so it runs on shards
  in any number of processes (or Dask workers) with the same result. It may
  return several articles (a print page split into its articles) or raise
  :class:`~storytrace._exceptions.InputError` to reject the article.
* :class:`CorpusStage` needs to see every article of the run at once
  (boilerplate repeated across an outlet's articles, duplicates).

Every stage gets counters and timing for free through :class:`StageStats`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from storytrace._exceptions import InputError
from storytrace.models import Article, Rejected, Removal, Source
from storytrace.offsets import Edit, MappedText


@dataclass(slots=True)
class StageStats:
    """Counters one stage accumulates over a run (merged across shards)."""

    name: str
    articles_in: int = 0
    articles_out: int = 0
    rejected: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)

    def count(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def merge(self, other: StageStats) -> None:
        self.articles_in += other.articles_in
        self.articles_out += other.articles_out
        self.rejected += other.rejected
        self.seconds += other.seconds
        for key, n in other.counts.items():
            self.count(key, n)


class ArticleStage:
    """A stage that maps one article to zero or more articles."""

    name: str = "stage"

    def process(self, article: Article) -> Article | list[Article]:
        raise NotImplementedError

    def run(
        self, articles: Iterable[Article | Source], rejected: list[Rejected], stats: StageStats
    ) -> Iterator[Article]:
        """Process each article; a failure rejects that article only, never the run."""
        for article in articles:
            stats.articles_in += 1
            started = time.perf_counter()
            if isinstance(article, Article):
                # Stages change what they are given; the caller's record must stay as it was.
                article = article.copy()
            try:
                result = self.process(article)
            except InputError as error:
                rejected.append(Rejected(article.path, error.reason))
                stats.rejected += 1
                continue
            except Exception as error:  # noqa: BLE001 - one bad article must not stop a run
                rejected.append(Rejected(article.path, f"internal error in stage {self.name}: {type(error).__name__}: {error}"))
                stats.rejected += 1
                continue
            finally:
                stats.seconds += time.perf_counter() - started
            for out in result if isinstance(result, list) else [result]:
                stats.articles_out += 1
                yield out


class CorpusStage:
    """A stage that needs every article of the run at once."""

    name: str = "corpus-stage"

    def run_all(self, articles: list[Article], stats: StageStats) -> list[Article]:
        raise NotImplementedError


def apply_edits(article: Article, edits: Iterable[Edit], audit: bool = True) -> Article:
    """Apply ``edits`` to ``article.text``, keeping the offset map.

    With ``audit`` every edit is recorded in ``article.removed`` (rule name,
    raw text and raw span), so a user can see what cleaning took out and why.
    Normalisation edits that only rewrite characters pass ``audit=False``.
    """
    edits = list(edits)
    if not edits:
        return article
    mapped = MappedText.from_map(article.text, article.offsets)
    applied = mapped.apply(edits)
    article.text = mapped.text
    article.offsets = mapped.offset_map()
    if audit:
        for edit, raw_start, raw_end in applied:
            removed = article.raw[raw_start:raw_end]
            if removed.strip():
                article.removed.append(Removal(edit.rule, removed, raw_start, raw_end))
    return article
