"""Repairing text extracted from printed (PDF) pages."""

from __future__ import annotations

from storytrace.models import Article
from storytrace.stage import ArticleStage


class RepairPrint(ArticleStage):
    name = "repair-print"

    def process(self, article: Article) -> Article | list[Article]:
        raise NotImplementedError
