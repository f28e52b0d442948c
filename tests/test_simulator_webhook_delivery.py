"""Webhook delivery by the local Bot API (webhook_delivery.py, api_bot.py): secret token, retries,
the getUpdates conflict and setWebhook errors.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from simulatorkit import CHAT, WEBHOOK_CONFLICT, call

from simulator import LocalBotApi


@dataclass
class Receiver:
    url: str
    received: asyncio.Queue[tuple[dict[str, str], dict[str, Any]]]
    statuses: list[int] = field(default_factory=list)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    queue: asyncio.Queue[tuple[dict[str, str], dict[str, Any]]] = asyncio.Queue()
    statuses: list[int] = []

    async def hook(request: web.Request) -> web.Response:
        await queue.put((dict(request.headers), await request.json()))
        return web.Response(status=statuses.pop(0) if statuses else 200)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app, shutdown_timeout=0.5)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    yield Receiver(f"http://127.0.0.1:{runner.addresses[0][1]}/hook", queue, statuses)
    await runner.cleanup()


async def test_webhook_delivery_with_secret_and_conflict(
        api: LocalBotApi, http: aiohttp.ClientSession, receiver: Receiver) -> None:
    assert await call(http, "setWebhook", url=receiver.url, secret_token="rahasia-123") == (
        200, {"ok": True, "result": True, "description": "Webhook was set"})
    update_id = await api.send_text(CHAT, "/start")
    headers, update = await asyncio.wait_for(receiver.received.get(), 2)
    assert headers["X-Telegram-Bot-Api-Secret-Token"] == "rahasia-123"
    assert update["update_id"] == update_id
    assert update["message"]["text"] == "/start"
    assert await call(http, "getUpdates") == (409, {
        "ok": False, "error_code": 409, "description": WEBHOOK_CONFLICT})
    _, info = await call(http, "getWebhookInfo")
    assert info["result"]["url"] == receiver.url
    assert (await call(http, "deleteWebhook"))[1]["description"] == "Webhook was deleted"
    assert (await call(http, "getUpdates"))[1] == {"ok": True, "result": []}


async def test_webhook_retries_after_failure(api: LocalBotApi, http: aiohttp.ClientSession,
                                             receiver: Receiver) -> None:
    receiver.statuses.extend([500, 502])
    await call(http, "setWebhook", url=receiver.url)
    await api.send_text(CHAT, "coba")
    attempts = [await asyncio.wait_for(receiver.received.get(), 3) for _ in range(3)]
    assert {update["message"]["text"] for _, update in attempts} == {"coba"}
    assert "X-Telegram-Bot-Api-Secret-Token" not in attempts[0][0]
    _, info = await call(http, "getWebhookInfo")
    assert info["result"]["last_error_message"].startswith("Wrong response from the webhook")
    assert info["result"]["pending_update_count"] == 0


@pytest.mark.parametrize(("params", "description"), [
    ({"url": "ftp://example.id/hook"},
     "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"),
    ({"url": "https://example.id/hook", "secret_token": "bad secret!"},
     "Bad Request: secret token contains unallowed characters"),
])
async def test_set_webhook_errors(http: aiohttp.ClientSession, params: dict[str, Any],
                                  description: str) -> None:
    status, body = await call(http, "setWebhook", **params)
    assert (status, body["description"]) == (400, description)
