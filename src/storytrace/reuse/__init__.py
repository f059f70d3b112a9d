"""Shared passages, kinds of reuse, direction, lineage and edits."""

from __future__ import annotations

from storytrace.models import Article, Duplicate, Edits, Reuse
from storytrace.settings import ReuseOptions


def find_reuse(
    articles: list[Article], duplicates: list[Duplicate], options: ReuseOptions
) -> tuple[list[Reuse], list[Edits], list[dict]]:
    raise NotImplementedError
