"""The JSON API under ``/api``: the same views the pages render, described by ``/openapi.json``.

Responses escape ``<``, ``>`` and ``&`` as ``\\u003c`` etc., so even a client
that wrongly renders a response as HTML sees no markup from article text.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse

from storytrace.store import Store
from storytrace.web import views
from storytrace.web.params import StoryFilters, story_filters
from storytrace.web.uploads_http import read_upload

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def _plain(value: Any) -> Any:
    """Records with ``to_export()`` (highlight segments) as plain JSON values."""
    if hasattr(value, "to_export"):
        return value.to_export()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class SafeJSONResponse(JSONResponse):
    """JSON with HTML-significant characters escaped (the JSON value is unchanged)."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(_plain(content), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return text.translate(_ESCAPES).encode("utf-8")


api_router = APIRouter(tags=["api"], default_response_class=SafeJSONResponse)


def get_store(request: Request) -> Store:
    """This thread's store connection."""
    return request.app.state.stores.get()


StoreDep = Annotated[Store, Depends(get_store)]


@api_router.get("/stories", summary="A page of the story list")
def api_stories(store: StoreDep, filters: Annotated[StoryFilters, Depends(story_filters)]) -> dict[str, Any]:
    return views.story_list(
        store, query=filters.query, outlet=filters.outlet, since=filters.since, until=filters.until,
        order=filters.order, page=filters.page,
    )


@api_router.get("/stories/{story_id:path}", summary="One story: articles, lineage, summary, quotes, framing, coverage")
def api_story(story_id: str, store: StoreDep) -> dict[str, Any]:
    view = views.story_view(store, story_id)
    if view is None:
        raise HTTPException(404, "no such story")
    return view


@api_router.get("/articles/{article_id:path}", summary="One article: metadata, clean text, highlights, removed text")
def api_article(article_id: str, store: StoreDep) -> dict[str, Any]:
    view = views.article_view(store, article_id)
    if view is None:
        raise HTTPException(404, "no such article")
    return view


@api_router.get("/copies/{source}/{target}", summary="A copy beside its source, with the word edits")
def api_copy(source: str, target: str, store: StoreDep) -> dict[str, Any]:
    view = views.copy_view(store, source, target)
    if view is None:
        raise HTTPException(404, "no copy of this source by this article")
    return view


@api_router.get("/copy", summary="A copy beside its source (ids given as query parameters)")
def api_copy_query(source: str, target: str, store: StoreDep) -> dict[str, Any]:
    return api_copy(source, target, store)


@api_router.post("/uploads", summary="Analyse uploaded files (multipart field 'files') into the store")
async def api_upload(request: Request) -> JSONResponse:
    outcome, status = await read_upload(request)
    return SafeJSONResponse(outcome.to_export(), status_code=status)
