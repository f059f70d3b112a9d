"""Response headers and URL checks that keep attacker-controlled article text inert.

Article text, titles, outlets, quotes and speakers all come from crawled pages,
so the app treats every one of them as hostile: Jinja2 escapes them, the
Content-Security-Policy forbids inline script (our one script is a static
file), and only ``http(s)`` URLs ever become links.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: No inline script or style, nothing from other origins, no framing, no plugins.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on our own form posts.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


#: Whitespace and control characters, which browsers strip from URLs (``java\tscript:``).
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f]")


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response (errors included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in SECURITY_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                message = {**message, "headers": headers + list(SECURITY_HEADERS)}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def safe_url(url: object) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host, else None (never a link).

    Rejects ``javascript:``, ``data:``, scheme-relative ``//host`` and anything
    with control characters or whitespace a browser might strip.
    """
    if not isinstance(url, str):
        return None
    if _URL_UNSAFE.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url
