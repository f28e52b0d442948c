"""The webhook receiver as a security boundary, and webhook mode end to end.

The local Bot API server stands in for Telegram: the bot registers its webhook there at
start-up, and the server then POSTs updates to our receiver with the secret header.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest
from botkit import USER, all_handled, shows, stored

from bot.app import build_application, open_services, webhook
from bot.config import Settings
from bot.matcher import Matcher
from bot.services import Services
from bot.telegram_context import BotApplication
from bot.webhook_receiver import MAX_BODY_BYTES, SECRET_HEADER
from simulator import LocalBotApi

SECRET = "rahasia-webhook_123"
PUBLIC_URL = "https://bot.example.test/telegram/hook"
PATH = "/telegram/hook"


@dataclass
class Hooked:
    api: LocalBotApi
    http: aiohttp.ClientSession
    url: str  # the receiver's local URL
    matcher: Matcher
    services: Services
    application: BotApplication


@pytest.fixture
async def hooked(settings: Settings, matcher: Matcher) -> AsyncIterator[Hooked]:
    async with LocalBotApi() as api, open_services(settings, matcher=matcher) as services, \
            aiohttp.ClientSession() as http:
        application = build_application(services, token=api.token, base_url=api.base_url)
        async with webhook(application, public_url=PUBLIC_URL, secret=SECRET,
                           listen="127.0.0.1", port=0) as local_url:
            yield Hooked(api, http, local_url, matcher, services, application)


async def post(hooked: Hooked, body: bytes | str, secret: str | None = SECRET) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    async with hooked.http.post(hooked.url + PATH, data=body, headers=headers) as response:
        return response.status


async def test_start_up_registers_the_webhook_with_its_secret(hooked: Hooked) -> None:
    [call] = hooked.api.calls_to("setWebhook")
    assert call.params["url"] == PUBLIC_URL
    assert call.params["secret_token"] == SECRET


@pytest.mark.parametrize("secret", [None, "", "salah", SECRET + "x", SECRET.upper()])
async def test_a_request_without_the_right_secret_is_refused_unparsed(hooked: Hooked,
                                                                      secret: str | None) -> None:
    assert await post(hooked, "this is not even JSON", secret=secret) == 403


@pytest.mark.parametrize("body", ["", "not json", "[1, 2]", '{"foo": 1}', '{"update_id": "x"}',
                                  '{"update_id": 5, "message": {"text": 1}}', "\xff\xfe",
                                  '{"update_id": true}', '{"update_id": 1.0}',
                                  '{"update_id": -3}', '{"update_id": null}'])
async def test_a_malformed_body_is_a_400(hooked: Hooked, body: str) -> None:
    assert await post(hooked, body.encode("latin-1")) == 400


@pytest.mark.parametrize("body", [
    "[" * 400_000,  # json.loads would raise RecursionError
    '{"update_id": 7, "message": ' + "[" * 40 + "]" * 40 + "}",  # parses, but too deep
    '{"update_id": 7, "x": "' + "a" * (MAX_BODY_BYTES + 1) + '"}',  # too large
])
async def test_a_body_beyond_the_limits_is_a_400_without_a_traceback(
        hooked: Hooked, body: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    assert await post(hooked, body) == 400
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def private_text(update_id: int, text: str) -> str:
    """A webhook body: a citizen's private message."""
    return json.dumps({"update_id": update_id, "message": {
        "message_id": update_id % 1000, "date": 1_800_000_000, "text": text,
        "chat": {"id": USER, "type": "private", "first_name": "Warga"},
        "from": {"id": USER, "is_bot": False, "first_name": "Warga"}}})


async def point_webhook_here(hooked: Hooked) -> None:
    """Point the webhook at our receiver, as the reverse proxy in front of it would."""
    async with hooked.http.post(f"{hooked.api.base_url}{hooked.api.token}/setWebhook", json={
            "url": hooked.url + PATH, "secret_token": SECRET}) as response:
        assert response.status == 200


async def test_a_redelivered_update_gets_200_and_nothing_else(hooked: Hooked) -> None:
    await point_webhook_here(hooked)
    await hooked.api.send_text(USER, "/start")  # the chat exists, as after a first message
    await hooked.api.wait_for_bot_message(USER)
    seq = hooked.api.last_seq
    question = private_text(515151, "apa itu smart city")
    assert await post(hooked, question) == 200
    await hooked.api.wait_for_bot_message(USER, after_seq=seq)
    assert await post(hooked, question) == 200  # Telegram did not see our answer in time
    await all_handled(hooked.application)
    answers = [m.text for m in hooked.api.messages(USER) if m.sender == "bot" and m.seq > seq]
    assert len(answers) == 1 and shows(answers[0], hooked.matcher, "program.apa-itu")
    await hooked.services.query_log.flush()
    rows = stored(hooked.services.settings.database_url.get_secret_value(), "questions")
    assert [r["question"] for r in rows].count("apa itu smart city") == 1


async def test_updates_from_telegram_are_answered(hooked: Hooked) -> None:
    await point_webhook_here(hooked)
    await hooked.api.send_text(USER, "apa itu smart city")
    reply = await hooked.api.wait_for_bot_message(USER)
    assert shows(reply.text, hooked.matcher, "program.apa-itu")
    # A good request posted directly is accepted at once and handled afterwards.
    update = {"update_id": 424242, "message": {
        "message_id": 99, "date": 1_800_000_000, "text": "/pilar",
        "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        "chat": {"id": USER, "type": "private", "first_name": "Warga"},
        "from": {"id": USER, "is_bot": False, "first_name": "Warga"}}}
    assert await post(hooked, json.dumps(update)) == 200
    pillars = await hooked.api.wait_for_bot_message(USER, after_seq=reply.seq)
    assert shows(pillars.text, hooked.matcher, "pilar.daftar")


async def test_healthz(hooked: Hooked) -> None:
    async with hooked.http.get(hooked.url + "/healthz") as response:
        assert response.status == 200
        assert await response.json() == {"ok": True}
