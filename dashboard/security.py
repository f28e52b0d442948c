"""The dashboard's guards, as aiohttp middlewares, outermost first.

- `host_guard`: when it listens on a loopback address, a request naming another Host is
  refused (a DNS-rebinding page could otherwise read the log through the staff's browser);
- `security_headers`: a strict CSP (scripts and styles only from our own static files, no
  inline code), no framing, nosniff, no referrer leaving the site, nothing cached;
- `storage_errors`: a database outage answers 503 with a message, never a traceback;
- `csrf_guard`: every POST carries the form token that matches the browser's CSRF cookie;
- `require_staff`: every page, JSON and CSV needs a live session; pages redirect to /login,
  JSON and CSV answer 401. Only /login, the one-time link, /healthz and /static are public.
"""

from __future__ import annotations

import asyncio
import json
import logging
from urllib.parse import quote

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from bot.staff import find_session
from bot.storage import StorageUnavailable
from dashboard.context import STAFF, dashboard_of
from dashboard.one_time import LINK_PATH
from dashboard.tokens import CSRF_COOKIE, CSRF_FIELD, SESSION_COOKIE, csrf_valid, unsign_session

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
PUBLIC_PATHS = frozenset({"/login", "/healthz"})
PUBLIC_PREFIXES = ("/static/", LINK_PATH)
DATA_SUFFIXES = (".json", ".csv")
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
                               "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NOT_LOGGED_IN = "Silakan masuk terlebih dahulu."
UNAVAILABLE = ("Basis data log sedang tidak dapat dihubungi. Bot tetap menjawab dan menyimpan "
               "catatannya; coba muat ulang halaman ini beberapa saat lagi.")
BAD_FORM = ("Formulir ini sudah kedaluwarsa atau tidak sah. Muat ulang halaman, lalu coba "
            "lagi.")


def host_guard(allowed: frozenset[str] = LOOPBACK_HOSTS) -> Middleware:
    """Middleware refusing requests whose Host header is not one of `allowed`."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        """Answer 403 before any handler runs when the Host is unexpected."""
        if (request.url.host or "").strip("[]").lower() not in allowed:
            return web.Response(status=403, text="Forbidden: unexpected Host header")
        return await handler(request)

    return guard


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Add the security headers to every answer, errors included."""
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update(HEADERS)
        raise
    response.headers.update(HEADERS)
    return response


def wants_data(request: web.Request) -> bool:
    """Whether the request asks for JSON or CSV rather than a page."""
    return request.path.endswith(DATA_SUFFIXES) or \
        request.query.get("format") in ("json", "csv")


def is_public(path: str) -> bool:
    """Paths anyone may open: the login page, the one-time link, health and static files."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def safe_next(target: str | None) -> str:
    """A local path to return to after login (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@web.middleware
async def storage_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn a database outage into 503 with a message, not a traceback."""
    try:
        return await handler(request)
    except StorageUnavailable as exc:
        logger.warning("Dashboard request failed: %s", exc)
        if wants_data(request):
            raise web.HTTPServiceUnavailable(text=json.dumps({"error": UNAVAILABLE}),
                                             content_type="application/json") from None
        raise web.HTTPServiceUnavailable(text=UNAVAILABLE) from None


@web.middleware
async def csrf_guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse a state-changing request whose form token does not match the CSRF cookie."""
    if request.method in UNSAFE_METHODS:
        form = await request.post()
        token = form.get(CSRF_FIELD)
        if not csrf_valid(dashboard_of(request).secret, request.cookies.get(CSRF_COOKIE),
                          token if isinstance(token, str) else None):
            raise web.HTTPForbidden(text=BAD_FORM)
    return await handler(request)


@web.middleware
async def require_staff(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Let only a live session past; remember whose it is for the handler."""
    if is_public(request.path):
        return await handler(request)
    dashboard = dashboard_of(request)
    token = unsign_session(dashboard.secret, request.cookies.get(SESSION_COOKIE))
    session = None
    if token is not None:
        session = await asyncio.to_thread(find_session, dashboard.engine, token,
                                          now=dashboard.clock(), limits=dashboard.limits)
    if session is None:
        if wants_data(request) or request.method != "GET":
            raise web.HTTPUnauthorized(text=json.dumps({"error": NOT_LOGGED_IN}),
                                       content_type="application/json")
        raise web.HTTPSeeOther("/login?next=" + quote(request.path_qs, safe=""))
    request[STAFF] = session
    return await handler(request)
