"""Unicode repair and normalisation that keeps offsets into the raw text."""

from __future__ import annotations

from storytrace.models import Article
from storytrace.stage import ArticleStage


class NormaliseUnicode(ArticleStage):
    name = "normalise"

    def process(self, article: Article) -> Article:
        raise NotImplementedError
