"""The storytrace web app (``pip install storytrace[web]``; ``storytrace serve``).

    app.py          create_app(): FastAPI, middleware, error pages
    pages.py        HTML pages (Jinja2 templates, autoescape on)
    api.py          the JSON API under /api (same views as the pages)
    views.py        what each page shows, read from the store
    highlight.py    offset marks -> text segments (escaped by the template)
    graph.py        lineage graph layout for an inline SVG
    security.py     CSP and other headers; http(s)-only links
    upload.py       upload checks, server-chosen names, analysis, clean-up
    stores.py       one store connection per thread
"""

from __future__ import annotations

from storytrace.web.app import create_app

__all__ = ["create_app"]
