"""Fixtures and helpers for the local Bot API server tests (tests/test_simulator_*.py).

`api` starts a `LocalBotApi` on 127.0.0.1:0, `http` is a client session on it and `chat` is a
private chat the citizen has opened. `call` speaks the Bot API, `sim`/`sim_get` the citizen
`/sim` API. Loaded from conftest.py through `pytest_plugins`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from simulator import DEFAULT_TOKEN, LocalBotApi

CHAT = 1001
GROUP = -100200
KEYBOARD = {"inline_keyboard": [[{"text": "Ya", "callback_data": "ya"},
                                 {"text": "Situs", "url": "https://example.id"}]]}
WEBHOOK_CONFLICT = ("Conflict: can't use getUpdates method while webhook is active; use "
                    "deleteWebhook to delete the webhook first")


@pytest.fixture
async def api() -> AsyncIterator[LocalBotApi]:
    async with LocalBotApi() as server:
        yield server


@pytest.fixture
async def http(api: LocalBotApi) -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession(base_url=api.url) as session:
        yield session


@pytest.fixture
async def chat(api: LocalBotApi) -> int:
    """A private chat that exists because the citizen wrote first (update confirmed)."""
    await api.send_text(CHAT, "halo")
    api.state.updates.clear()
    return CHAT


async def call(http: aiohttp.ClientSession, method: str, token: str = DEFAULT_TOKEN,
               **params: Any) -> tuple[int, dict[str, Any]]:
    async with http.post(f"/bot{token}/{method}", json=params) as response:
        return response.status, await response.json()


async def sim(http: aiohttp.ClientSession, path: str, **body: Any) -> tuple[int, dict[str, Any]]:
    async with http.post(f"/sim/{path}", json=body) as response:
        return response.status, await response.json()


async def sim_get(http: aiohttp.ClientSession, path: str) -> dict[str, Any]:
    async with http.get(f"/sim/{path}") as response:
        assert response.status == 200
        return await response.json()


async def send(http: aiohttp.ClientSession, **params: Any) -> dict[str, Any]:
    status, body = await call(http, "sendMessage", **params)
    assert status == 200, body
    return body["result"]
