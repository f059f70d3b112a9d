"""Cleaning plain-text articles: small named rules, every removal kept."""

from __future__ import annotations

from storytrace.models import Article
from storytrace.stage import ArticleStage


class CleanBoilerplate(ArticleStage):
    name = "clean"

    def process(self, article: Article) -> Article:
        raise NotImplementedError
