"""Bot-level methods of the local Bot API (api_bot.py): getUpdates, commands, close and
logOut.
"""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from simulatorkit import CHAT, call
from storagekit import wait_until

from simulator import LocalBotApi


# -- getUpdates ------------------------------------------------------------------------------
async def test_get_updates_offset_and_limit(api: LocalBotApi, http: aiohttp.ClientSession) -> None:
    ids = [await api.send_text(CHAT, f"pesan {n}") for n in range(3)]
    _, body = await call(http, "getUpdates", limit=2)
    assert [u["update_id"] for u in body["result"]] == ids[:2]
    _, body = await call(http, "getUpdates", offset=ids[1] + 1)
    assert [u["update_id"] for u in body["result"]] == ids[2:]
    _, body = await call(http, "getUpdates", offset=ids[2] + 1)
    assert body["result"] == []
    more = [await api.send_text(CHAT, f"lagi {n}") for n in range(3)]
    _, body = await call(http, "getUpdates", offset=-1)
    assert [u["update_id"] for u in body["result"]] == more[-1:]


async def test_get_updates_long_poll_wakes_on_new_update(
        api: LocalBotApi, http: aiohttp.ClientSession) -> None:
    idle = api.state.update_signal.waiting  # the webhook sender waits on it too
    poll = asyncio.create_task(call(http, "getUpdates", timeout=30))
    await wait_until(lambda: api.state.update_signal.waiting == idle + 1)  # the poll waits
    await api.send_text(CHAT, "/start")
    # Had the poll not woken, it would answer [] after its timeout instead of the update.
    _, body = await poll
    assert body["result"][0]["message"]["text"] == "/start"


async def test_get_updates_timeout_returns_empty(http: aiohttp.ClientSession) -> None:
    assert (await call(http, "getUpdates", timeout=0.2))[1] == {"ok": True, "result": []}


async def test_get_updates_allowed_updates_filter(api: LocalBotApi,
                                                  http: aiohttp.ClientSession) -> None:
    await api.send_text(CHAT, "teks")
    await api.inline("cari")
    _, body = await call(http, "getUpdates", allowed_updates=["inline_query"])
    assert [list(u)[1] for u in body["result"]] == ["inline_query"]
    await api.send_text(CHAT, "teks lagi")  # the setting persists, as on Telegram
    _, body = await call(http, "getUpdates", offset=body["result"][-1]["update_id"] + 1)
    assert body["result"] == []
    await call(http, "getUpdates", allowed_updates=[])  # empty list: the default set again
    await api.send_text(CHAT, "terakhir")
    _, body = await call(http, "getUpdates")
    assert body["result"][0]["message"]["text"] == "terakhir"


async def test_second_get_updates_terminates_the_first(api: LocalBotApi,
                                                       http: aiohttp.ClientSession) -> None:
    idle = api.state.update_signal.waiting  # the webhook sender waits on it too
    first = asyncio.create_task(call(http, "getUpdates", timeout=30))
    await wait_until(lambda: api.state.update_signal.waiting == idle + 1)
    await call(http, "getUpdates")
    status, body = await first
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")


# -- commands and small methods ------------------------------------------------------------------
async def test_my_commands_round_trip(http: aiohttp.ClientSession) -> None:
    commands = [{"command": "start", "description": "Mulai"},
                {"command": "tanya", "description": "Bertanya"}]
    assert (await call(http, "setMyCommands", commands=commands))[1]["result"] is True
    assert (await call(http, "getMyCommands"))[1]["result"] == commands
    scope = {"type": "all_group_chats"}
    assert (await call(http, "getMyCommands", scope=scope))[1]["result"] == []
    await call(http, "deleteMyCommands")
    assert (await call(http, "getMyCommands"))[1]["result"] == []
    status, body = await call(http, "setMyCommands",
                              commands=[{"command": "Tanya!", "description": "x"}])
    assert (status, body["description"]) == (400, "Bad Request: BOT_COMMAND_INVALID")


@pytest.mark.parametrize("method", ["close", "logOut", "deleteWebhook"])
async def test_methods_answering_true(http: aiohttp.ClientSession, method: str) -> None:
    assert (await call(http, method))[1]["result"] is True
