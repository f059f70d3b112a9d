"""Exact and near-duplicate articles: MinHash-LSH candidates, verified exactly."""

from __future__ import annotations

from storytrace.models import Article, Duplicate
from storytrace.settings import DedupOptions


def find_duplicates(articles: list[Article], options: DedupOptions) -> list[Duplicate]:
    raise NotImplementedError
