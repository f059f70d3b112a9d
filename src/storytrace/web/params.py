"""Query parameters of the story list, validated once for the pages and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import Query

#: A date filter: a year, a month or a day (ISO), compared with the stories' ISO dates.
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def _blank_to_none(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


@dataclass(slots=True)
class StoryFilters:
    """The story list's search, filters, order and page."""

    query: str | None
    outlet: str | None
    since: str | None
    until: str | None
    order: str
    page: int


def story_filters(
    q: Annotated[str | None, Query(max_length=200, description="Words every matching story holds (title or article text).")] = None,
    outlet: Annotated[str | None, Query(max_length=200, description="Keep stories with an article from this outlet.")] = None,
    since: Annotated[str | None, Query(pattern=DATE_PATTERN + "|^$", description="Stories ending on or after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, Query(pattern=DATE_PATTERN + "|^$", description="Stories starting on or before (YYYY[-MM[-DD]]).")] = None,
    order: Annotated[Literal["newest", "biggest"], Query(description="Latest first, or most articles first.")] = "newest",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> StoryFilters:
    """FastAPI dependency: the list's parameters, blanks treated as absent."""
    return StoryFilters(_blank_to_none(q), _blank_to_none(outlet), _blank_to_none(since), _blank_to_none(until), order, page)
