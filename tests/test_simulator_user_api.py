"""The citizen-side `/sim` API itself (user_api.py): request checks, the message feed and
the calls, state and info endpoints.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from simulatorkit import CHAT, GROUP, KEYBOARD, call, send, sim, sim_get
from storagekit import wait_until

from simulator import BOT_USERNAME, DEFAULT_TOKEN, LocalBotApi


@pytest.mark.parametrize(("path", "body"), [
    ("send", {"chat_id": CHAT, "text": ""}),
    ("send", {"chat_id": CHAT, "text": "x", "chat_type": "planet"}),
    ("send", {"chat_id": 5, "text": "x", "user": {"id": 6}}),
    ("send", {"chat_id": GROUP, "text": "x", "chat_type": "private"}),
    ("send", {"text": "x"}),
    ("send_media", {"chat_id": CHAT, "kind": "hologram"}),
    ("press", {"chat_id": CHAT, "message_id": 1, "data": "x"}),
    ("edit", {"chat_id": CHAT, "message_id": 42, "text": "x"}),
    ("block", {"chat_id": 4242}),
    ("inline", {"query": "x" * 257}),
])
async def test_sim_rejects_bad_requests(http: aiohttp.ClientSession, path: str,
                                        body: dict[str, Any]) -> None:
    status, answer = await sim(http, path, **body)
    assert (status, answer["ok"], answer["error_code"]) == (400, False, 400)


async def test_sim_requires_json_content_type(http: aiohttp.ClientSession) -> None:
    async with http.post("/sim/send", data="chat_id=1001&text=x",
                         headers={"Content-Type": "text/plain"}) as response:
        assert response.status == 400


async def test_message_feed_long_polls_and_reports_edits(api: LocalBotApi,
                                                         http: aiohttp.ClientSession,
                                                         chat: int) -> None:
    seq = api.last_seq
    idle = api.state.changed.waiting
    poll = asyncio.create_task(sim_get(http, f"chats/{chat}/messages?after={seq}&wait=30"))
    await wait_until(lambda: api.state.changed.waiting == idle + 1)  # the page's poll waits
    sent = await send(http, chat_id=chat, text="<b>Baru</b>", parse_mode="HTML",
                      reply_markup=KEYBOARD)
    feed = (await poll)["result"]  # woken by the change, not by its 30 s timeout
    [message] = feed["messages"]
    assert (message["sender"], message["html"], message["text"]) == ("bot", "<b>Baru</b>", "Baru")
    assert message["reply_markup"] == KEYBOARD
    await call(http, "deleteMessage", chat_id=chat, message_id=sent["message_id"])
    feed = (await sim_get(http, f"chats/{chat}/messages?after={feed['seq']}"))["result"]
    assert [(m["message_id"], m["deleted"]) for m in feed["messages"]] == [
        (sent["message_id"], True)]
    unknown = (await sim_get(http, "chats/555/messages?after=0"))["result"]
    assert unknown["messages"] == []


async def test_calls_state_and_info_endpoints(http: aiohttp.ClientSession, chat: int) -> None:
    await call(http, "sendMessage", chat_id=chat, text="x")
    calls = (await sim_get(http, "calls?method=sendmessage"))["result"]
    assert [(c["method"], c["status"], c["params"]) for c in calls] == [
        ("sendMessage", 200, {"chat_id": chat, "text": "x"})]
    state = (await sim_get(http, "state"))["result"]
    assert DEFAULT_TOKEN not in json.dumps(state)
    info = (await sim_get(http, "info"))["result"]
    assert (info["bot_username"], info["private_chat_id"]) == (BOT_USERNAME, CHAT)
