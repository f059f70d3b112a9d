"""Article metadata: title, outlet, byline, published date, credit, genre."""

from __future__ import annotations

from storytrace.models import Article
from storytrace.stage import ArticleStage


class ExtractMetadata(ArticleStage):
    name = "metadata"

    def process(self, article: Article) -> Article:
        raise NotImplementedError
