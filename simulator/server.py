"""The aiohttp application: Bot API at `/bot{token}/{method}`, `/sim` API and the page.

One port serves all three, so python-telegram-bot (through `base_url`), the browser simulator
and the tests meet the same state. The server is meant for 127.0.0.1; when it listens there,
requests naming another Host are refused, which blocks DNS-rebinding pages.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from simulator import user_api
from simulator.method_context import MethodContext, Reply
from simulator.methods import find_method
from simulator.params import ApiError, Params, bad_request
from simulator.records import Fault
from simulator.state import STATE_KEY, SimState
from simulator.webhook_delivery import deliver_webhooks

logger = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
STATIC_DIR_KEY: web.AppKey[Path] = web.AppKey("simulator_static_dir", Path)
PAGE_HEADERS = {
    # The page loads nothing from elsewhere; bot HTML is rebuilt node by node, never injected.
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; "
                               "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


async def read_params(request: web.Request) -> Params:
    """Collect a call's parameters from the query string and a JSON, form or multipart body."""
    raw: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.body_exists:
        if request.content_type == "application/json":
            try:
                body = await request.json(loads=json.loads)
            except ValueError:
                raise bad_request("can't parse request body as JSON") from None
            if not isinstance(body, dict):
                raise bad_request("request body must be a JSON object")
            raw.update(body)
        elif request.content_type in FORM_TYPES:
            for name, value in (await request.post()).items():
                if isinstance(value, web.FileField):  # an upload: the log keeps its name only
                    raw[name] = {"file_name": value.filename, "content_type": value.content_type}
                else:
                    raw[name] = value if isinstance(value, str) else bytes(value).decode()
    return Params(raw)


def _fault_error(fault: Fault) -> ApiError:
    """The error a scripted fault answers with."""
    return ApiError(fault.status, fault.description or "Simulated fault",
                    retry_after=fault.retry_after if fault.status == 429 else None)


async def bot_api(request: web.Request) -> web.Response:
    """Answer one Bot API call and record it in the call log."""
    state = request.app[STATE_KEY]
    started, clock = time.time(), time.perf_counter()
    token, name = request.match_info["token"], request.match_info["method"]
    entry = find_method(name)
    method = entry.name if entry else name
    params = Params({})
    status, description = 200, None
    try:
        bot = state.bots.get(token)
        if bot is None:
            raise ApiError(401, "Unauthorized")
        params = await read_params(request)
        if entry is None:
            raise ApiError(404, "Not Found: method not found")
        fault = state.take_fault(method)
        if fault is not None and fault.delay_seconds:
            await state.sleep(fault.delay_seconds)
        if fault is not None and fault.status != 200:
            raise _fault_error(fault)
        result = await entry.fn(MethodContext(state, token, bot), params)
        body: dict[str, Any] = {"ok": True}
        if isinstance(result, Reply):
            body.update(result=result.result, description=result.description)
        else:
            body["result"] = result
    except ApiError as error:
        status, description, body = error.status, error.description, error.payload()
    duration_ms = (time.perf_counter() - clock) * 1000
    state.record_call(method, params.record(), status, description, started, duration_ms)
    if status != 200:
        logger.debug("Bot API %s -> %s %s", method, status, description)
    return web.json_response(body, status=status)


def host_guard(allowed: frozenset[str]) -> Middleware:
    """Middleware refusing requests whose Host header is not one of `allowed`."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        """Answer 403 before any handler runs when the Host is unexpected."""
        if (request.url.host or "").strip("[]").lower() not in allowed:
            return web.Response(status=403, text="Forbidden: unexpected Host header")
        return await handler(request)

    return guard


async def index(request: web.Request) -> web.FileResponse:
    """The simulator page."""
    return web.FileResponse(request.app[STATIC_DIR_KEY] / "index.html", headers=PAGE_HEADERS)


@web.middleware
async def static_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Add the page's security headers to static files too."""
    response = await handler(request)
    if request.path.startswith("/static/"):
        response.headers.update(PAGE_HEADERS)
    return response


async def _webhook_worker(app: web.Application) -> AsyncIterator[None]:
    """Deliver webhook updates while the app runs (paired start-up and clean-up)."""
    state = app[STATE_KEY]
    state.closing = False
    async with aiohttp.ClientSession() as session:
        task = asyncio.create_task(deliver_webhooks(state, session), name="webhook-delivery")
        yield
        state.close()
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass


async def _release_long_polls(app: web.Application) -> None:
    """Let waiting getUpdates and page polls answer now instead of at their timeout."""
    app[STATE_KEY].close()


def create_app(state: SimState, *, static_dir: Path | None = STATIC_DIR,
               check_host: bool = True) -> web.Application:
    """Build the local Bot API server.

    Args:
        state: The shared state (bots, chats, updates, faults, call log).
        static_dir: Folder with index.html and the page's assets; None serves no page.
        check_host: Refuse requests whose Host is not a loopback name (for 127.0.0.1).

    Returns:
        The aiohttp application, ready for `web.AppRunner`.
    """
    middlewares: list[Middleware] = [user_api.sim_errors, static_headers]
    if check_host:
        middlewares.insert(0, host_guard(LOOPBACK_HOSTS))
    app = web.Application(middlewares=middlewares)
    app[STATE_KEY] = state
    app.router.add_get("/bot{token}/{method}", bot_api)
    app.router.add_post("/bot{token}/{method}", bot_api)
    user_api.add_routes(app)
    if static_dir is not None:
        app[STATIC_DIR_KEY] = static_dir
        app.router.add_get("/", index)
        app.router.add_static("/static", static_dir)
    app.cleanup_ctx.append(_webhook_worker)
    app.on_shutdown.append(_release_long_polls)
    return app
