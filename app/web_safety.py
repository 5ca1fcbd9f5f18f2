"""Browser safety: the CORS allow-list, security headers on every answer, cross-site writes refused.

A web page can make a browser send a "simple" request, a multipart form POST for one, to any
address without asking first, a development server on 127.0.0.1 included. So a write whose
`Origin` is neither this server nor one of `settings.cors_origins` is refused (403) before its
body is read; a request without `Origin` (curl, scripts, generated clients) is not a browser's
and passes, unless `Sec-Fetch-Site` says a page of another site sent it.

Every answer, errors included, carries `X-Content-Type-Options: nosniff`, `Referrer-Policy:
no-referrer`, `X-Frame-Options: DENY`, `Cross-Origin-Resource-Policy: same-origin`,
`Cache-Control: no-store` (answers carry comments and author ids: no browser or proxy should
keep a copy after the data is deleted or the key revoked) and a Content-Security-Policy that
lets nothing load. The HTML report may also apply its own inline stylesheet (by its hash); the
/docs and /redoc pages may load their scripts and styles from this server only.

In development mode (open, loopback only) a browser request must name a loopback host: a page
of a domain re-pointed at 127.0.0.1 (DNS rebinding) is same-origin for the browser, so neither
the Origin check nor CORS would stop it from reading or writing the open service.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import ipaddress
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.headers import UNKNOWN_AUTHORS_HEADER
from app.openapi import DOCS_PATH, OAUTH2_REDIRECT_PATH, REDOC_PATH
from app.request_log import REQUEST_ID_HEADER, route_template
from app.settings import Settings
from app.web import WEB_PAGES
from report.html import STYLESHEET as REPORT_STYLESHEET

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
API_METHODS = ("GET", "POST", "DELETE")  # what the spec's operations use, allowed to CORS
# Sent without Origin only by a browser acting for a page of another site.
CROSS_SITE_FETCHES = frozenset({"cross-site", "same-site"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SHOWN_ORIGIN = 100  # characters of a refused Origin quoted back


# Headers only browsers send: every current browser sends Sec-Fetch-* on every request.
BROWSER_HEADERS = ("origin", "sec-fetch-site", "sec-fetch-mode", "sec-fetch-dest")


class CrossOriginWrite(Exception):
    """A browser sent a write on behalf of a page this server does not trust."""


class ForeignHost(Exception):
    """A browser reached the open development server under a name that is not loopback."""


def is_loopback(host: str) -> bool:
    """`localhost` (and its subdomains) or a loopback address; a name that may resolve to any
    address is not."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


_NEVER = "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
API_POLICY = f"default-src 'none'; {_NEVER}"
HTML_POLICY = f"default-src 'none'; style-src {_sha256(REPORT_STYLESHEET)}; {_NEVER}"
# FastAPI's documentation pages, their scripts, styles and icon served by Parley (app/openapi.py):
# nothing is fetched from another host. Swagger UI's page starts it with an inline script,
# allowed by that script's hash ({inline}); its bundle sets inline styles and draws its icons as
# data: images. ReDoc injects its styles at run time and runs its search in a blob: worker.
SWAGGER_POLICY = (
    "default-src 'none'; script-src 'self' {inline}; style-src 'self' 'unsafe-inline'; "
    f"img-src 'self' data:; connect-src 'self'; {_NEVER}"
)
# The thread list and thread pages (app/web): their stylesheet from this server, no script, and
# the list's filter form submits here.
WEB_PAGE_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)
OAUTH2_REDIRECT_POLICY = f"default-src 'none'; script-src {{inline}}; {_NEVER}"
REDOC_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    f"img-src 'self' data:; connect-src 'self'; worker-src blob:; {_NEVER}"
)
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)
SAFETY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def browser_origin(text: str) -> str | None:
    """An origin as browsers send it (`https://host[:port]`, default port left out), or None
    when `text` is not an http(s) origin ("null", a path, another scheme)."""
    try:
        parts = urlsplit(text.strip().lower())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname or parts.path not in ("", "/"):
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    shown_port = "" if port in (None, _DEFAULT_PORTS[parts.scheme]) else f":{port}"
    return f"{parts.scheme}://{host}{shown_port}"


async def _answer_refusal(
    refuse: Callable[[Request, Exception], Any],
    refusal: Exception,
    scope: Scope,
    receive: Receive,
    send: Send,
) -> None:
    """Answer with the problem+json the handler `app.errors` registered makes of `refusal`."""
    answer = refuse(Request(scope), refusal)
    response = await answer if inspect.isawaitable(answer) else answer
    await response(scope, receive, send)


class CrossSiteWriteGuard:
    """ASGI middleware: a write from a page of an untrusted origin is refused, body unread.

    The refusal is answered by the handler `app.errors` registered for `CrossOriginWrite`, as
    this middleware runs outside the layer that turns exceptions into problem+json.
    """

    def __init__(
        self,
        app: ASGIApp,
        trusted: frozenset[str],
        any_origin: bool,
        refuse: Callable[[Request, Exception], Any],
    ) -> None:
        self.app = app
        self.trusted = trusted
        self.any_origin = any_origin
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        reason = self._refusal(scope) if scope["type"] == "http" else None
        if reason is None:
            await self.app(scope, receive, send)
            return
        await _answer_refusal(self.refuse, CrossOriginWrite(reason), scope, receive, send)

    def _refusal(self, scope: Scope) -> str | None:
        if scope["method"] not in WRITE_METHODS:
            return None
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if origin is None:
            site = headers.get("sec-fetch-site", "").lower()
            if site in CROSS_SITE_FETCHES:
                return f"a write sent for a {site} web page is refused"
            return None
        own = browser_origin(f"{scope['scheme']}://{headers.get('host', '')}")
        sender = browser_origin(origin)
        if self.any_origin or (sender is not None and (sender in self.trusted or sender == own)):
            return None
        return (
            f"a write from the web page at {origin[:_SHOWN_ORIGIN]!r} is refused: that origin "
            "is neither this server's nor one of PARLEY_CORS_ORIGINS"
        )


class LoopbackOnlyForBrowsers:
    """ASGI middleware of development mode: a browser's request must name a loopback host."""

    def __init__(self, app: ASGIApp, refuse: Callable[[Request, Exception], Any]) -> None:
        self.app = app
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = Headers(scope=scope) if scope["type"] == "http" else None
        if headers is None or not any(name in headers for name in BROWSER_HEADERS):
            await self.app(scope, receive, send)
            return
        host = urlsplit(f"//{headers.get('host', '')}").hostname or ""
        if is_loopback(host):
            await self.app(scope, receive, send)
            return
        reason = (
            f"the open development server answers browsers only at a loopback address, not at "
            f"{host[:_SHOWN_ORIGIN]!r}; set PARLEY_MASTER_KEY to serve a network "
            "(or PARLEY_ALLOW_OPEN=true to serve it openly on purpose)"
        )
        await _answer_refusal(self.refuse, ForeignHost(reason), scope, receive, send)


class SecurityHeaders:
    """ASGI middleware: the safety headers and a Content-Security-Policy on every answer."""

    def __init__(self, app: ASGIApp, page_policies: dict[str, str]) -> None:
        self.app = app
        self.page_policies = page_policies  # route template -> policy, for the docs pages

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []  # a docs page, until its inline scripts can be hashed

        async def guarded_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                page_policy = self.page_policies.get(route_template(scope) or "")
                if page_policy is not None:
                    held.append(message)
                    return
                _add_headers(message, _policy_for(message))
            elif held:
                held.append(message)
                if message.get("more_body", False):
                    return
                body = b"".join(m.get("body", b"") for m in held[1:])
                template = self.page_policies[route_template(scope) or ""]
                _add_headers(held[0], template.format(inline=_inline_script_hashes(body)))
                await send(held[0])
                message = {"type": "http.response.body", "body": body}
                held.clear()
            await send(message)

        await self.app(scope, receive, guarded_send)


def _policy_for(start: Message) -> str:
    content_type = Headers(raw=start.get("headers", [])).get("content-type", "")
    return HTML_POLICY if content_type.startswith("text/html") else API_POLICY


def _inline_script_hashes(page: bytes) -> str:
    # The docs pages are FastAPI's, built from the app's settings, never from a request: every
    # inline script in them is FastAPI's own.
    scripts = [_sha256(script.decode()) for script in _INLINE_SCRIPT.findall(page)]
    return " ".join(scripts)


def _add_headers(start: Message, policy: str) -> None:
    headers = MutableHeaders(scope=start)
    for name, value in {**SAFETY_HEADERS, "Content-Security-Policy": policy}.items():
        headers.setdefault(name, value)


def install_web_safety(app: FastAPI, settings: Settings) -> None:
    """The Origin check on writes, then CORS, then the headers, outermost so that the answers
    of the other two carry them as well."""
    trusted = {origin: browser_origin(origin) for origin in settings.cors_origins if origin != "*"}
    unreadable = [origin for origin, read in trusted.items() if read is None]
    if unreadable:
        raise ValueError(f"cors_origins: not an http(s) origin: {', '.join(unreadable)}")
    allowed = frozenset(read for read in trusted.values() if read is not None)
    any_origin = "*" in settings.cors_origins
    refuse = app.exception_handlers[CrossOriginWrite]  # registered from app.errors.PROBLEMS
    app.add_middleware(CrossSiteWriteGuard, trusted=allowed, any_origin=any_origin, refuse=refuse)
    if settings.development_mode and not settings.allow_open:
        refuse_host = app.exception_handlers[ForeignHost]
        app.add_middleware(LoopbackOnlyForBrowsers, refuse=refuse_host)
    if allowed or any_origin:  # none listed: no CORS headers at all
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["*"] if any_origin else sorted(allowed),
            allow_methods=API_METHODS,
            allow_headers=["Authorization", "Content-Type", "Content-Encoding", REQUEST_ID_HEADER],
            # Exports name their file and what they left out in headers a page may read.
            expose_headers=[
                "Location",
                "Retry-After",
                REQUEST_ID_HEADER,
                "Content-Disposition",
                UNKNOWN_AUTHORS_HEADER,
            ],
        )
    pages = {
        DOCS_PATH: SWAGGER_POLICY,
        OAUTH2_REDIRECT_PATH: OAUTH2_REDIRECT_POLICY,
        REDOC_PATH: REDOC_POLICY,
        **dict.fromkeys(WEB_PAGES, WEB_PAGE_POLICY),
    }
    app.add_middleware(SecurityHeaders, page_policies=pages)
