"""The HTML pages: story list, story, article, copy beside source, upload.

Each page renders a view from :mod:`storytrace.web.views` through a Jinja2
template with autoescape on; no page builds markup from stored text.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from storytrace.store import Store
from storytrace.web import views
from storytrace.web.api import get_store
from storytrace.web.params import StoryFilters, story_filters
from storytrace.web.uploads_http import read_upload

page_router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
StoreDep = Annotated[Store, Depends(get_store)]


def _render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


@page_router.get("/")
def stories_page(request: Request, store: StoreDep, filters: Annotated[StoryFilters, Depends(story_filters)]) -> Response:
    view = views.story_list(
        store, query=filters.query, outlet=filters.outlet, since=filters.since, until=filters.until,
        order=filters.order, page=filters.page,
    )
    return _render(request, "stories.html", {"view": view, "articles": store.count_articles()})


@page_router.get("/stories/{story_id:path}")
def story_page(request: Request, story_id: str, store: StoreDep) -> Response:
    view = views.story_view(store, story_id)
    if view is None:
        raise HTTPException(404, "no such story")
    return _render(request, "story.html", {"view": view})


@page_router.get("/articles/{article_id:path}")
def article_page(request: Request, article_id: str, store: StoreDep) -> Response:
    view = views.article_view(store, article_id)
    if view is None:
        raise HTTPException(404, "no such article")
    return _render(request, "article.html", {"view": view})


@page_router.get("/copies/{source}/{target}")
def copy_page(request: Request, source: str, target: str, store: StoreDep) -> Response:
    view = views.copy_view(store, source, target)
    if view is None:
        raise HTTPException(404, "no copy of this source by this article")
    return _render(request, "copy.html", {"view": view})


@page_router.get("/copy")
def copy_page_query(request: Request, source: str, target: str, store: StoreDep) -> Response:
    return copy_page(request, source, target, store)


@page_router.get("/favicon.ico")
def favicon() -> Response:
    """No icon (browsers ask for one on every first visit; answer without a 404)."""
    return Response(status_code=204)


@page_router.get("/upload")
def upload_form(request: Request) -> Response:
    return _render(request, "upload.html", {"limits": request.app.state.upload_limits, "outcome": None})


@page_router.post("/upload")
async def upload_page(request: Request) -> Response:
    outcome, status = await read_upload(request)
    return _render(request, "upload.html", {"limits": request.app.state.upload_limits, "outcome": outcome}, status)
