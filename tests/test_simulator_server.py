"""The local Bot API server (server.py): envelopes, tokens, method names, faults, the host
guard and the simulator page.
"""

from __future__ import annotations

import asyncio
import re

import aiohttp
import pytest
from simulatorkit import call, sim

from simulator import BOT_USERNAME, DEFAULT_TOKEN, LocalBotApi


# -- envelopes, tokens and method names -------------------------------------------------------
async def test_get_me_envelope(http: aiohttp.ClientSession) -> None:
    status, body = await call(http, "getMe")
    assert status == 200
    assert body == {"ok": True, "result": {
        "id": 7000000001, "is_bot": True, "first_name": "Smart City Bot (simulator)",
        "username": "smartcity_sim_bot", "can_join_groups": True,
        "can_read_all_group_messages": False, "supports_inline_queries": True,
        "can_connect_to_business": False, "has_main_web_app": False}}


@pytest.mark.parametrize("name", ["getMe", "getme", "GETME"])
async def test_method_names_are_case_insensitive_and_get_works(
        http: aiohttp.ClientSession, name: str) -> None:
    async with http.get(f"/bot{DEFAULT_TOKEN}/{name}") as response:
        assert response.status == 200
        assert (await response.json())["result"]["username"] == BOT_USERNAME


@pytest.mark.parametrize(("token", "method", "status", "description"), [
    ("not-a-token", "getMe", 401, "Unauthorized"),
    ("123:unknown-secret", "getMe", 401, "Unauthorized"),
    (DEFAULT_TOKEN, "sendPigeon", 404, "Not Found: method not found"),
])
async def test_tokens_and_unknown_methods(http: aiohttp.ClientSession, token: str, method: str,
                                          status: int, description: str) -> None:
    assert await call(http, method, token) == (status, {
        "ok": False, "error_code": status, "description": description})


async def test_second_token_is_its_own_bot() -> None:
    async with LocalBotApi(["111:aaa", "222:bbb"]) as api, \
            aiohttp.ClientSession(base_url=api.url) as http:
        _, body = await call(http, "getMe", "222:bbb")
        assert body["result"]["id"] == 222
        assert api.token == "111:aaa"


# -- faults ----------------------------------------------------------------------------------
async def test_fault_429_with_retry_after_then_recovers(api: LocalBotApi,
                                                        http: aiohttp.ClientSession,
                                                        chat: int) -> None:
    status, _ = await sim(http, "faults", method="sendmessage", status=429, retry_after=2,
                          times=2)
    assert status == 200
    expected = (429, {"ok": False, "error_code": 429,
                      "description": "Too Many Requests: retry after 2",
                      "parameters": {"retry_after": 2}})
    assert await call(http, "sendMessage", chat_id=chat, text="a") == expected
    assert await call(http, "sendMessage", chat_id=chat, text="a") == expected
    assert (await call(http, "sendMessage", chat_id=chat, text="a"))[0] == 200
    assert [c.status for c in api.calls_to("sendMessage")] == [429, 429, 200]


@pytest.mark.parametrize(("status", "description"), [
    (400, "Bad Request: simulated fault"), (500, "Internal Server Error"), (502, "Bad Gateway"),
])
async def test_fault_statuses_for_any_method(api: LocalBotApi, http: aiohttp.ClientSession,
                                             status: int, description: str) -> None:
    await api.add_fault("*", status)
    assert await call(http, "getMe") == (status, {"ok": False, "error_code": status,
                                                  "description": description})
    assert (await call(http, "getMe"))[0] == 200


async def test_slow_reply_fault_and_clearing(api: LocalBotApi,
                                             http: aiohttp.ClientSession) -> None:
    waits: list[float] = []

    async def recording_sleep(seconds: float) -> None:
        waits.append(seconds)
        await asyncio.sleep(0)

    api.state.sleep = recording_sleep
    await api.add_fault("getMe", 200, delay_seconds=0.2)
    assert (await call(http, "getMe"))[0] == 200
    assert waits == [0.2]  # the reply waited as scripted, once
    assert (await call(http, "getMe"))[0] == 200 and waits == [0.2]
    await sim(http, "faults", method="getMe", status=500, times=5)
    async with http.delete("/sim/faults") as response:
        assert (await response.json())["result"] == []
    assert (await call(http, "getMe"))[0] == 200
    status, body = await sim(http, "faults", method="sendPigeon", status=500)
    assert (status, body["ok"]) == (400, False)


# -- host guard and the page ----------------------------------------------------------------


async def test_foreign_host_header_is_refused(http: aiohttp.ClientSession) -> None:
    async with http.get("/sim/state", headers={"Host": "evil.example"}) as response:
        assert response.status == 403


async def test_page_is_served_with_security_headers(http: aiohttp.ClientSession) -> None:
    async with http.get("/") as response:
        page = await response.text()
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    for marker in ('id="banner"', "SIMULATOR — tidak terhubung ke Telegram", 'id="chat-group"',
                   'lang="id"', "/static/simulator.js"):
        assert marker in page
    async with http.get("/static/simulator.js") as response:
        script = await response.text()
    assert response.status == 200
    assert not re.search(r"\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write", script)
