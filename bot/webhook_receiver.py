"""The webhook receiver: a small aiohttp app in front of PTB's update queue.

This is a security boundary. Anyone on the Internet can POST to the webhook URL, so:

1. the `X-Telegram-Bot-Api-Secret-Token` header is compared in constant time with
   WEBHOOK_SECRET, and a request without the right secret gets 403 before its body is read;
2. a body that is not JSON, or not a Telegram Update (an `update_id` that is not a
   non-negative integer, `true` included), or that is larger than MAX_BODY_BYTES or nested
   deeper than MAX_JSON_DEPTH, gets 400, never a traceback;
3. a good update is put on `application.update_queue` and answered 200 at once; the bot
   handles it afterwards, so Telegram never waits for an answer to be composed. An update
   Telegram delivers again (same `update_id`, after a timeout) is answered 200 too and then
   ignored by the bot (`handlers.redelivery`).

`GET /healthz` answers 200 for load balancers and container health checks.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update
from telegram.ext import Application

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret
MAX_BODY_BYTES = 1024 * 1024  # Telegram updates are a few kilobytes
MAX_JSON_DEPTH = 32  # a real update nests about ten levels (a reply to a reply, entities)
SHUTDOWN_TIMEOUT_SECONDS = 2.0

APPLICATION_KEY: web.AppKey[Application[Any, Any, Any, Any, Any, Any]] = web.AppKey(
    "ptb_application", Application)
SECRET_KEY: web.AppKey[str] = web.AppKey("webhook_secret", str)


def webhook_path(url: str) -> str:
    """The path Telegram will POST to, taken from WEBHOOK_URL ("/" when it has none)."""
    return urlsplit(url).path or "/"


async def receive_update(request: web.Request) -> web.Response:
    """Check the secret, parse the update, enqueue it."""
    given = request.headers.get(SECRET_HEADER, "").encode("utf-8")
    if not hmac.compare_digest(given, request.app[SECRET_KEY].encode("utf-8")):
        logger.warning("Webhook request without the right secret from %s", request.remote)
        return web.Response(status=403, text="Forbidden")
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        return bad_request(f"the body is larger than {MAX_BODY_BYTES} bytes")
    try:
        data = json.loads(body)
    except RecursionError:
        return bad_request("the body is nested too deeply")
    except (ValueError, UnicodeDecodeError):
        return bad_request("the body is not JSON")
    if nested_deeper_than(data, MAX_JSON_DEPTH):
        return bad_request("the body is nested too deeply")
    application = request.app[APPLICATION_KEY]
    try:
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if type(update_id) is not int or update_id < 0:  # bool is an int subclass: refuse it
            raise ValueError("not an Update")
        update = Update.de_json(data, application.bot)
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError):
        return bad_request("the body is not a Telegram Update")
    await application.update_queue.put(update)
    return web.Response(status=200, text="OK")


def bad_request(reason: str) -> web.Response:
    """A 400 answer naming what is wrong (Telegram logs it in getWebhookInfo)."""
    return web.Response(status=400, text=f"Bad Request: {reason}")


def nested_deeper_than(value: Any, limit: int) -> bool:
    """Whether parsed JSON nests lists and objects more than `limit` levels (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


async def healthz(request: web.Request) -> web.Response:
    """Liveness check."""
    return web.json_response({"ok": True})


def create_webhook_app(application: Application[Any, Any, Any, Any, Any, Any], *, path: str,
                       secret: str) -> web.Application:
    """Build the receiver for `application`.

    Args:
        application: The started PTB application whose update queue receives updates.
        path: Where Telegram POSTs (see `webhook_path`).
        secret: WEBHOOK_SECRET; must not be empty.

    Raises:
        ValueError: If the secret is empty (the endpoint would accept anyone).
    """
    if not secret:
        raise ValueError("the webhook needs a secret")
    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app[APPLICATION_KEY] = application
    app[SECRET_KEY] = secret
    app.router.add_post(path, receive_update)
    app.router.add_get("/healthz", healthz)
    return app


@asynccontextmanager
async def serve(app: web.Application, host: str, port: int) -> AsyncIterator[str]:
    """Listen on host:port (0 picks a free port) while the block runs; yield the local URL."""
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT_SECONDS)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound = runner.addresses[0]
        url_host = f"[{bound[0]}]" if ":" in str(bound[0]) else bound[0]
        yield f"http://{url_host}:{bound[1]}"
    finally:
        await runner.cleanup()
