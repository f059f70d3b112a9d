"""Turning a Source into an Article: decoding, HTML extraction, JSONL fields."""

from __future__ import annotations

from storytrace.models import Article, Source
from storytrace.settings import IngestOptions
from storytrace.stage import ArticleStage, CorpusStage, StageStats


class ReadSource(ArticleStage):
    name = "read"

    def __init__(self, options: IngestOptions):
        self.options = options

    def process(self, source: Source) -> Article:  # type: ignore[override]
        raise NotImplementedError


class RequireArticle(ArticleStage):
    name = "require-article"

    def __init__(self, options: IngestOptions):
        self.options = options

    def process(self, article: Article) -> Article:
        raise NotImplementedError


class UniqueIds(CorpusStage):
    name = "unique-ids"

    def run_all(self, articles: list[Article], stats: StageStats) -> list[Article]:
        raise NotImplementedError
