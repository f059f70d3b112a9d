"""Reading an upload request within its limits, before anything is parsed or saved.

The body is counted as it arrives (a ``Content-Length`` over the limit is
refused at once), so an oversized upload costs neither memory nor disk. A
cross-site form post is refused: a page on another origin must not be able
to add articles to a local store.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.types import Message

from storytrace.web.upload import UploadLimits, UploadOutcome, analyse_upload

#: Room for multipart boundaries and headers on top of the files themselves.
_OVERHEAD_BYTES = 256 * 1024


class _TooLarge(Exception):
    pass


def _same_origin(request: Request) -> bool:
    """Whether a post comes from this app's own pages (or from no browser page at all, e.g. curl)."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:  # browsers say where a request comes from; trust them over Origin
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:  # not a browser form post (curl, scripts)
        return True
    return urlsplit(origin).netloc == request.headers.get("host", "")


async def read_upload(request: Request) -> tuple[UploadOutcome, int]:
    """The outcome of an upload request and the HTTP status to answer with."""
    limits: UploadLimits = request.app.state.upload_limits
    location: str | None = request.app.state.stores.location
    if location is None:
        return UploadOutcome(error="uploads need a store on disk (this app was given a store object)"), 409
    if not _same_origin(request):
        return UploadOutcome(error="uploads from another site are refused"), 403
    budget = limits.max_total_bytes + _OVERHEAD_BYTES
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > budget):
        return UploadOutcome(error=f"the upload is over the limit of {limits.max_total_bytes // (1024 * 1024)} MB"), 413
    received = 0

    async def counting_receive() -> Message:
        nonlocal received
        message = await request.receive()
        received += len(message.get("body", b""))
        if received > budget:
            raise _TooLarge
        return message

    bounded = Request(request.scope, counting_receive)
    try:
        form = await bounded.form(max_files=limits.max_files + 1, max_fields=20)
    except _TooLarge:
        return UploadOutcome(error=f"the upload is over the limit of {limits.max_total_bytes // (1024 * 1024)} MB"), 413
    except Exception as error:  # malformed multipart, too many parts
        detail = getattr(error, "detail", None) or str(error) or type(error).__name__
        return UploadOutcome(error=f"the upload could not be read: {detail}"), 400
    try:
        files = [item for item in form.getlist("files") if isinstance(item, UploadFile)]
        if not files:
            return UploadOutcome(error="no files were sent (choose one or more files)"), 400
        pairs = [(item.filename or "", await item.read()) for item in files]
    finally:
        await form.close()
    outcome = await run_in_threadpool(analyse_upload, pairs, location, limits)
    return outcome, 200 if outcome.error is None else 500
