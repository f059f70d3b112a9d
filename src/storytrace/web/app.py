"""The web app: ``create_app(store_location) -> FastAPI``.

Server-rendered pages (Jinja2, autoescape on) and a JSON API under ``/api``
that serves the same views (see :mod:`storytrace.web.views`). Security
headers go on every response (:mod:`storytrace.web.security`); uploads are
bounded before they are parsed (:mod:`storytrace.web.upload`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from os import PathLike
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.templating import Jinja2Templates

from storytrace import __version__
from storytrace.store import Store
from storytrace.web.api import SafeJSONResponse, api_router
from storytrace.web.links import article_href
from storytrace.web.pages import page_router
from storytrace.web.security import SecurityHeaders
from storytrace.web.stores import StorePerThread
from storytrace.web.upload import UploadLimits

HERE = Path(__file__).resolve().parent


def _templates() -> Jinja2Templates:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["article_href"] = article_href
    return Jinja2Templates(env=environment)


def create_app(store_location: str | PathLike[str] | Store, *, upload_limits: UploadLimits | None = None) -> FastAPI:
    """The FastAPI app over the store at ``store_location`` (a path, URL, or a Store object for tests).

    The store is opened once at start-up (so a bad location fails now), then
    once per worker thread. Uploads need a location the pipeline can open,
    so they are off for a Store object.

    Example:
        >>> app = create_app(":memory:")
        >>> sorted(r.path for r in app.routes if r.path.startswith("/api/stories"))[:1]
        ['/api/stories']
    """
    stores = StorePerThread(store_location)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        stores.close()

    # /docs and /redoc load their scripts from a CDN, which the CSP (and an offline machine) refuse: off.
    app = FastAPI(
        title="storytrace",
        version=__version__,
        description="Stories, copies, quotes and framing across news outlets.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.stores = stores
    app.state.templates = _templates()
    app.state.upload_limits = upload_limits or UploadLimits()
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api_router, prefix="/api")
    app.include_router(page_router)

    def _wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if _wants_json(request):
            return SafeJSONResponse({"detail": error.detail}, status_code=error.status_code)
        return _error_page(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg')}" for e in error.errors()]
        if _wants_json(request):
            return SafeJSONResponse({"detail": problems}, status_code=422)
        return _error_page(request, 422, "; ".join(problems))

    return app


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message}, status_code=status)
