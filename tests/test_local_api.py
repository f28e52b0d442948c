"""The local Bot API server: Telegram's rules, the citizen `/sim` API and python-telegram-bot."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
import telegram
from aiohttp import web
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.local_api import BOT_USERNAME, DEFAULT_TOKEN, LocalBotApi, SimError
from bot.local_api.entities import citizen_entities, entity_text, parse_html, utf16_len
from bot.local_api.state import SimState

CHAT = 1001
GROUP = -100200
KEYBOARD = {"inline_keyboard": [[{"text": "Ya", "callback_data": "ya"},
                                 {"text": "Situs", "url": "https://example.id"}]]}
WEBHOOK_CONFLICT = ("Conflict: can't use getUpdates method while webhook is active; use "
                    "deleteWebhook to delete the webhook first")


# -- fixtures and helpers ------------------------------------------------------------------
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


# -- sendMessage ----------------------------------------------------------------------------
def one_button(**action: str) -> dict[str, Any]:
    return {"inline_keyboard": [[{"text": "A", **action}]]}


SEND_ERRORS = [
    ({"text": ""}, 400, "Bad Request: message text is empty"),
    ({"text": "   "}, 400, "Bad Request: message text is empty"),
    ({"text": "<b> </b>", "parse_mode": "HTML"}, 400, "Bad Request: message text is empty"),
    ({"text": "a" * 4097}, 400, "Bad Request: message is too long"),
    ({"text": "<b>" + "a" * 4097 + "</b>", "parse_mode": "HTML"}, 400,
     "Bad Request: message is too long"),
    ({"text": "<b>tebal", "parse_mode": "HTML"}, 400, "Bad Request: can't parse entities: "),
    ({"text": "<div>x</div>", "parse_mode": "HTML"}, 400,
     "Bad Request: can't parse entities: tag <div>"),
    ({"text": "<b>" + "a" * 5000, "parse_mode": "HTML"}, 400,
     "Bad Request: can't parse entities: "),
    ({"text": "Q & A", "parse_mode": "HTML"}, 400, "Bad Request: can't parse entities: "),
    ({"text": "x", "parse_mode": "Markdown"}, 400, "Bad Request: unsupported parse_mode"),
    ({"text": "x", "chat_id": 999}, 400, "Bad Request: chat not found"),
    ({"text": "x", "chat_id": None}, 400, "Bad Request: chat_id is empty"),
    ({"text": "x", "reply_markup": one_button(callback_data="a" * 65)}, 400,
     "Bad Request: BUTTON_DATA_INVALID"),
    ({"text": "x", "reply_markup": one_button(callback_data="é" * 33)}, 400,  # 66 bytes
     "Bad Request: BUTTON_DATA_INVALID"),
    ({"text": "x", "reply_markup": one_button(callback_data="")}, 400,
     "Bad Request: BUTTON_DATA_INVALID"),
    ({"text": "x", "reply_markup": one_button()}, 400,
     "Bad Request: can't parse inline keyboard button: Text buttons are unallowed"),
    ({"text": "x", "reply_markup": one_button(url="javascript:x")}, 400,
     "Bad Request: BUTTON_URL_INVALID"),
    ({"text": "x", "reply_markup": {"inline_keyboard": {"text": "A"}}}, 400,
     'Bad Request: field "inline_keyboard"'),
    ({"text": "x", "reply_to_message_id": 999}, 400,
     "Bad Request: message to be replied not found"),
]


@pytest.mark.parametrize(("params", "status", "description"), SEND_ERRORS)
async def test_send_message_errors(http: aiohttp.ClientSession, chat: int, params: dict[str, Any],
                                   status: int, description: str) -> None:
    params = {"chat_id": chat, **params}
    if params["chat_id"] is None:
        del params["chat_id"]
    code, body = await call(http, "sendMessage", **params)
    assert (code, body["ok"], body["error_code"]) == (status, False, status)
    assert body["description"].startswith(description), body["description"]


@pytest.mark.parametrize(("text", "parse_mode"), [
    ("a" * 4096, None),
    ("<b>" + "a" * 4096 + "</b>", "HTML"),
    ("&lt;" * 4096, "HTML"),
])
async def test_4096_visible_characters_are_allowed(http: aiohttp.ClientSession, chat: int,
                                                   text: str, parse_mode: str | None) -> None:
    result = await send(http, chat_id=chat, text=text, parse_mode=parse_mode)
    assert len(result["text"]) == 4096


async def test_64_byte_callback_data_is_allowed(http: aiohttp.ClientSession, chat: int) -> None:
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "é" * 32}]]}
    result = await send(http, chat_id=chat, text="x", reply_markup=markup)
    assert result["reply_markup"] == markup


async def test_sent_message_has_visible_text_utf16_entities_and_keeps_html(
        api: LocalBotApi, http: aiohttp.ClientSession, chat: int) -> None:
    html = ('👋 <b>Halo</b>, <i>Anda</i> <a href="https://example.id/x">tautan</a> '
            "<code>kode</code> <s>lama</s> <u>garis</u> <tg-spoiler>rahasia</tg-spoiler>"
            "<blockquote>kutip</blockquote><pre>blok</pre>")
    result = await send(http, chat_id=chat, text=html, parse_mode="HTML",
                        reply_markup=KEYBOARD, link_preview_options={"is_disabled": True},
                        disable_notification=True)
    assert result["text"] == "👋 Halo, Anda tautan kode lama garis rahasiakutipblok"
    assert result["entities"] == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "italic", "offset": 9, "length": 4},
        {"type": "text_link", "offset": 14, "length": 6, "url": "https://example.id/x"},
        {"type": "code", "offset": 21, "length": 4},
        {"type": "strikethrough", "offset": 26, "length": 4},
        {"type": "underline", "offset": 31, "length": 5},
        {"type": "spoiler", "offset": 37, "length": 7},
        {"type": "blockquote", "offset": 44, "length": 5},
        {"type": "pre", "offset": 49, "length": 4},
    ]
    assert result["from"]["username"] == BOT_USERNAME
    assert result["chat"] == {"id": CHAT, "type": "private", "first_name": "Warga"}
    assert result["reply_markup"] == KEYBOARD
    assert result["message_id"] == 2  # the citizen's "halo" is message 1
    stored = api.messages(chat)[-1]
    assert (stored.html, stored.sender) == (html, "bot")
    assert "html" not in result


async def test_form_encoded_and_multipart_requests_are_parsed(
        http: aiohttp.ClientSession, chat: int) -> None:
    fields = {"chat_id": str(chat), "text": "<b>Halo</b>", "parse_mode": "HTML",
              "reply_markup": json.dumps(KEYBOARD), "disable_notification": "true"}
    async with http.post(f"/bot{DEFAULT_TOKEN}/sendMessage", data=fields) as response:
        body = await response.json()
    assert body["result"]["reply_markup"] == KEYBOARD
    form = aiohttp.FormData(fields)
    form.add_field("thumbnail", b"\x89PNG", filename="x.png", content_type="image/png")
    async with http.post(f"/bot{DEFAULT_TOKEN}/sendMessage", data=form) as response:
        body = await response.json()
    assert body["result"]["entities"] == [{"type": "bold", "offset": 0, "length": 4}]


async def test_reply_parameters_set_reply_to_message(http: aiohttp.ClientSession,
                                                     chat: int) -> None:
    result = await send(http, chat_id=chat, text="Jawaban", reply_parameters={"message_id": 1})
    assert result["reply_to_message"]["text"] == "halo"
    missing = await send(http, chat_id=chat, text="x", reply_parameters={
        "message_id": 99, "allow_sending_without_reply": True})
    assert "reply_to_message" not in missing


async def test_blocked_chat_answers_403(api: LocalBotApi, http: aiohttp.ClientSession,
                                        chat: int) -> None:
    await api.block(chat)
    for method, params in (("sendMessage", {"text": "x"}), ("sendChatAction",
                                                            {"action": "typing"})):
        assert await call(http, method, chat_id=chat, **params) == (403, {
            "ok": False, "error_code": 403,
            "description": "Forbidden: bot was blocked by the user"})
    _, body = await call(http, "getUpdates")
    assert body["result"][0]["my_chat_member"]["new_chat_member"]["status"] == "kicked"
    await api.block(chat, blocked=False)
    await send(http, chat_id=chat, text="Terima kasih")


# -- edits, deletes, chat actions --------------------------------------------------------------
EDIT_ERRORS = [
    ("editMessageText", {"message_id": 99, "text": "y"}, "Bad Request: message to edit not found"),
    ("editMessageText", {"message_id": 2, "text": "<b>Halo</b>", "parse_mode": "HTML",
                         "reply_markup": KEYBOARD},
     "Bad Request: message is not modified: specified new message content"),
    ("editMessageText", {"message_id": 1, "text": "y"}, "Bad Request: message can't be edited"),
    ("editMessageText", {"message_id": 2, "text": "<i>y", "parse_mode": "HTML"},
     "Bad Request: can't parse entities"),
    ("editMessageReplyMarkup", {"message_id": 2, "reply_markup": KEYBOARD},
     "Bad Request: message is not modified"),
    ("editMessageReplyMarkup", {"message_id": 99}, "Bad Request: message to edit not found"),
    ("deleteMessage", {"message_id": 99}, "Bad Request: message to delete not found"),
    ("sendChatAction", {"action": "dancing"}, "Bad Request: wrong parameter action in request"),
]


@pytest.mark.parametrize(("method", "params", "description"), EDIT_ERRORS)
async def test_edit_delete_and_action_errors(http: aiohttp.ClientSession, chat: int,
                                             method: str, params: dict[str, Any],
                                             description: str) -> None:
    await send(http, chat_id=chat, text="<b>Halo</b>", parse_mode="HTML", reply_markup=KEYBOARD)
    status, body = await call(http, method, chat_id=chat, **params)
    assert (status, body["error_code"]) == (400, 400)
    assert body["description"].startswith(description), body["description"]


async def test_edit_then_delete(api: LocalBotApi, http: aiohttp.ClientSession, chat: int) -> None:
    sent = await send(http, chat_id=chat, text="Satu", reply_markup=KEYBOARD)
    status, body = await call(http, "editMessageText", chat_id=chat,
                              message_id=sent["message_id"], text="<b>Dua</b>",
                              parse_mode="HTML")
    assert status == 200
    edited = body["result"]
    assert (edited["text"], "reply_markup" in edited, "edit_date" in edited) == (
        "Dua", False, True)  # omitting reply_markup removes the keyboard, as on Telegram
    record = api.messages(chat)[-1]
    assert (record.edited, record.html) == (True, "<b>Dua</b>")
    _, body = await call(http, "editMessageReplyMarkup", chat_id=chat,
                         message_id=sent["message_id"], reply_markup=KEYBOARD)
    assert body["result"]["reply_markup"] == KEYBOARD
    assert (await call(http, "deleteMessage", chat_id=chat,
                       message_id=sent["message_id"]))[1] == {"ok": True, "result": True}
    assert api.messages(chat)[-1].deleted
    status, _ = await call(http, "deleteMessage", chat_id=chat, message_id=sent["message_id"])
    assert status == 400


# -- callback and inline queries --------------------------------------------------------------
async def test_callback_query_flow(api: LocalBotApi, http: aiohttp.ClientSession,
                                   chat: int) -> None:
    sent = await send(http, chat_id=chat, text="Pilih", reply_markup=KEYBOARD)
    status, body = await sim(http, "press", chat_id=chat, message_id=sent["message_id"],
                             data="tidak-ada")
    assert (status, body["ok"]) == (400, False)
    status, body = await sim(http, "press", chat_id=chat, message_id=sent["message_id"],
                             data="ya")
    query_id = body["result"]["callback_query_id"]
    _, updates = await call(http, "getUpdates")
    query = updates["result"][0]["callback_query"]
    assert (query["id"], query["data"], query["from"]["id"]) == (query_id, "ya", CHAT)
    assert query["message"]["message_id"] == sent["message_id"]
    assert await call(http, "answerCallbackQuery", callback_query_id=query_id,
                      text="Tersimpan", show_alert=True) == (200, {"ok": True, "result": True})
    too_old = (400, {"ok": False, "error_code": 400, "description": "Bad Request: query is too "
                     "old and response timeout expired or query ID is invalid"})
    assert await call(http, "answerCallbackQuery", callback_query_id=query_id) == too_old
    assert await call(http, "answerCallbackQuery", callback_query_id="123") == too_old
    assert api.state.callback_queries[query_id].answer["text"] == "Tersimpan"
    feed = await sim_get(http, f"chats/{chat}/messages?after=0")
    assert [(t["text"], t["show_alert"]) for t in feed["result"]["toasts"]] == [
        ("Tersimpan", True)]


ARTICLE = {"type": "article", "id": "a1", "title": "Smart city",
           "input_message_content": {"message_text": "<b>Gerakan</b>", "parse_mode": "HTML"}}
INLINE_ERRORS = [
    ([{**ARTICLE, "title": ""}], 'Field "title"'),
    ([{k: v for k, v in ARTICLE.items() if k != "input_message_content"}],
     'Field "input_message_content"'),
    ([ARTICLE, ARTICLE], "RESULT_ID_DUPLICATE"),
    ([{**ARTICLE, "id": ""}], 'Field "id"'),
    ([{**ARTICLE, "type": "hologram"}], "RESULT_TYPE_INVALID"),
    ([{**ARTICLE, "input_message_content": {"message_text": "<b>x", "parse_mode": "HTML"}}],
     "can't parse entities"),
    ([{**ARTICLE, "id": str(i)} for i in range(51)], "RESULTS_TOO_MUCH"),
]


@pytest.mark.parametrize(("results", "description"), INLINE_ERRORS)
async def test_answer_inline_query_validates_results(
        api: LocalBotApi, http: aiohttp.ClientSession, results: list[Any],
        description: str) -> None:
    query = await api.inline("smart city")
    status, body = await call(http, "answerInlineQuery", inline_query_id=query.id,
                              results=results)
    assert status == 400
    assert description in body["description"]


async def test_inline_query_flow(api: LocalBotApi, http: aiohttp.ClientSession) -> None:
    status, body = await sim(http, "inline", query="taman", chat_type="private")
    query_id = body["result"]["inline_query_id"]
    _, updates = await call(http, "getUpdates")
    assert updates["result"][0]["inline_query"]["query"] == "taman"
    assert (await call(http, "answerInlineQuery", inline_query_id=query_id,
                       results=[ARTICLE], cache_time=0))[0] == 200
    stored = await sim_get(http, f"inline_results?query_id={query_id}")
    assert stored["result"]["results"] == [ARTICLE]
    assert api.inline_results(query_id) == [ARTICLE]
    status, _ = await call(http, "answerInlineQuery", inline_query_id="nope", results=[])
    assert status == 400


async def test_choosing_an_inline_result(api: LocalBotApi, http: aiohttp.ClientSession) -> None:
    query = await api.inline("taman", user_id=CHAT)
    status, _ = await sim(http, "choose_inline", query_id=query.id, result_id="a1")
    assert status == 400  # not answered yet
    with_button = {**ARTICLE, "id": "a2", "reply_markup": KEYBOARD}
    await call(http, "answerInlineQuery", inline_query_id=query.id,
               results=[ARTICLE, with_button])
    api.state.updates.clear()
    status, _ = await sim(http, "choose_inline", query_id=query.id, result_id="zz")
    assert status == 400
    status, body = await sim(http, "choose_inline", query_id=query.id, result_id="a1")
    assert status == 200
    await api.choose_inline(query.id, "a2")
    _, updates = await call(http, "getUpdates")
    chosen = [u["chosen_inline_result"] for u in updates["result"]]
    assert updates["result"][0]["update_id"] == body["result"]["update_id"]
    assert [(c["result_id"], c["query"], c["from"]["id"]) for c in chosen] == [
        ("a1", "taman", CHAT), ("a2", "taman", CHAT)]
    assert "inline_message_id" not in chosen[0] and chosen[1]["inline_message_id"]


async def test_a_message_sent_to_a_forum_topic_is_in_that_topic(
        api: LocalBotApi, http: aiohttp.ClientSession) -> None:
    await api.send_text(GROUP, "/start", chat_type="supergroup")
    sent = await send(http, chat_id=GROUP, text="Di topik", message_thread_id=7)
    assert (sent["message_thread_id"], sent["is_topic_message"]) == (7, True)
    assert "message_thread_id" not in await send(http, chat_id=GROUP, text="Umum")


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
    started = time.monotonic()
    poll = asyncio.create_task(call(http, "getUpdates", timeout=5))
    await asyncio.sleep(0.05)
    await api.send_text(CHAT, "/start")
    _, body = await poll
    assert body["result"][0]["message"]["text"] == "/start"
    assert time.monotonic() - started < 1.0


async def test_get_updates_timeout_returns_empty(http: aiohttp.ClientSession) -> None:
    started = time.monotonic()
    assert (await call(http, "getUpdates", timeout=0.2))[1] == {"ok": True, "result": []}
    assert 0.15 < time.monotonic() - started < 1.5


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


async def test_second_get_updates_terminates_the_first(http: aiohttp.ClientSession) -> None:
    first = asyncio.create_task(call(http, "getUpdates", timeout=5))
    await asyncio.sleep(0.05)
    await call(http, "getUpdates")
    status, body = await first
    assert status == 409
    assert body["description"].startswith("Conflict: terminated by other getUpdates request")


# -- webhooks --------------------------------------------------------------------------------
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
    await api.add_fault("getMe", 200, delay_seconds=0.2)
    started = time.monotonic()
    assert (await call(http, "getMe"))[0] == 200
    assert time.monotonic() - started >= 0.2
    await sim(http, "faults", method="getMe", status=500, times=5)
    async with http.delete("/sim/faults") as response:
        assert (await response.json())["result"] == []
    assert (await call(http, "getMe"))[0] == 200
    status, body = await sim(http, "faults", method="sendPigeon", status=500)
    assert (status, body["ok"]) == (400, False)


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


async def test_send_chat_action_is_shown_to_the_page(http: aiohttp.ClientSession,
                                                     chat: int) -> None:
    assert (await call(http, "sendChatAction", chat_id=chat, action="typing"))[0] == 200
    feed = await sim_get(http, f"chats/{chat}/messages?after=0")
    assert feed["result"]["action"]["action"] == "typing"


# -- the citizen side (/sim) ---------------------------------------------------------------------
async def test_sim_send_adds_command_and_mention_entities(api: LocalBotApi,
                                                          http: aiohttp.ClientSession) -> None:
    text = "/tanya@smartcity_sim_bot apa itu smart city? 🏙️ @smartcity_sim_bot"
    status, body = await sim(http, "send", chat_id=GROUP, text=text, chat_type="supergroup",
                             chat_title="Grup RT 05", user={"id": 2002, "first_name": "Sari"})
    assert (status, body["result"]["delivered"]) == (200, True)
    _, updates = await call(http, "getUpdates")
    message = updates["result"][0]["message"]
    assert message["chat"] == {"id": GROUP, "title": "Grup RT 05", "type": "supergroup"}
    assert message["from"]["first_name"] == "Sari"
    assert [(e["type"], entity_text(text, e)) for e in message["entities"]] == [
        ("bot_command", "/tanya@smartcity_sim_bot"), ("mention", "@smartcity_sim_bot")]


@pytest.mark.parametrize(("text", "reply_to_bot", "delivered"), [
    ("halo semua", False, False),
    ("@smartcity_sim_bot apa itu GMSC?", False, True),
    ("/tanya jadwal posyandu", False, True),
    ("/tanya@bot_lain jadwal", False, False),
    ("terima kasih", True, True),
])
async def test_group_privacy_mode(api: LocalBotApi, http: aiohttp.ClientSession, text: str,
                                  reply_to_bot: bool, delivered: bool) -> None:
    await api.send_text(GROUP, "/start", chat_type="supergroup")
    bot_message = await send(http, chat_id=GROUP, text="Halo, warga!")
    api.state.updates.clear()
    update_id = await api.send_text(GROUP, text, chat_type="supergroup",
                                    reply_to=bot_message["message_id"] if reply_to_bot else None)
    assert (update_id is not None) == delivered
    assert api.messages(GROUP)[-1].delivered == delivered
    assert bool(api.state.updates) == delivered


async def test_reply_to_bot_message_sets_reply_to_message(api: LocalBotApi,
                                                          http: aiohttp.ClientSession,
                                                          chat: int) -> None:
    sent = await send(http, chat_id=chat, text="Ada yang bisa dibantu?")
    await sim(http, "send", chat_id=chat, text="Ya", reply_to_message_id=sent["message_id"])
    _, updates = await call(http, "getUpdates")
    assert updates["result"][0]["message"]["reply_to_message"]["text"] == "Ada yang bisa dibantu?"


@pytest.mark.parametrize(("kind", "fields"), [
    ("sticker", {"file_id", "file_unique_id", "type", "width", "height", "is_animated",
                 "is_video", "emoji"}),
    ("voice", {"file_id", "file_unique_id", "duration"}),
    ("location", {"latitude", "longitude"}),
    ("document", {"file_id", "file_unique_id", "file_name", "mime_type"}),
])
async def test_sim_send_media(http: aiohttp.ClientSession, kind: str, fields: set[str]) -> None:
    status, _ = await sim(http, "send_media", chat_id=CHAT, kind=kind)
    assert status == 200
    _, updates = await call(http, "getUpdates")
    message = updates["result"][0]["message"]
    assert fields <= set(message[kind])
    assert "text" not in message


async def test_sim_photo_has_sizes(api: LocalBotApi) -> None:
    await api.send_media(CHAT, "photo", caption="Jalan rusak")
    message = api.state.updates[0]["message"]
    assert [size["width"] for size in message["photo"]] == [90, 320, 800]
    assert message["caption"] == "Jalan rusak"


async def test_sim_edit_and_channel_post(http: aiohttp.ClientSession, chat: int) -> None:
    status, body = await sim(http, "edit", chat_id=chat, message_id=1, text="halo lagi")
    assert status == 200
    status, _ = await sim(http, "channel_post", chat_id=-100300, text="Pengumuman")
    assert status == 200
    _, updates = await call(http, "getUpdates")
    kinds = [(list(u)[1], u[list(u)[1]]["text"]) for u in updates["result"]]
    assert kinds == [("edited_message", "halo lagi"), ("channel_post", "Pengumuman")]
    assert "edit_date" in updates["result"][0]["edited_message"]
    assert updates["result"][1]["channel_post"]["chat"]["type"] == "channel"


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


async def test_foreign_host_header_is_refused(http: aiohttp.ClientSession) -> None:
    async with http.get("/sim/state", headers={"Host": "evil.example"}) as response:
        assert response.status == 403


async def test_message_feed_long_polls_and_reports_edits(api: LocalBotApi,
                                                         http: aiohttp.ClientSession,
                                                         chat: int) -> None:
    seq = api.last_seq
    poll = asyncio.create_task(sim_get(http, f"chats/{chat}/messages?after={seq}&wait=5"))
    await asyncio.sleep(0.05)
    sent = await send(http, chat_id=chat, text="<b>Baru</b>", parse_mode="HTML",
                      reply_markup=KEYBOARD)
    feed = (await asyncio.wait_for(poll, 2))["result"]
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


# -- facade helpers ---------------------------------------------------------------------------
async def test_wait_for_bot_message_times_out_quickly(api: LocalBotApi, chat: int) -> None:
    with pytest.raises(TimeoutError, match="no bot message"):
        await api.wait_for_bot_message(chat, timeout=0.05)


async def test_facade_rejects_impossible_actions(api: LocalBotApi) -> None:
    with pytest.raises(SimError):
        await api.press(CHAT, 1, "x")
    with pytest.raises(SimError):
        await api.add_fault("getMe", 418)


def test_state_rejects_malformed_tokens() -> None:
    with pytest.raises(ValueError, match="digits"):
        SimState(["nonsense"])


# -- entities (pure functions) -------------------------------------------------------------------
@pytest.mark.parametrize(("html", "text", "entities"), [
    ("<b>a</b>", "a", [{"type": "bold", "offset": 0, "length": 1}]),
    ("😀<i>x</i>", "😀x", [{"type": "italic", "offset": 2, "length": 1}]),
    ("<b><i>ab</i></b>", "ab", [{"type": "bold", "offset": 0, "length": 2},
                                {"type": "italic", "offset": 0, "length": 2}]),
    ('<pre><code class="language-python">x = 1</code></pre>', "x = 1",
     [{"type": "pre", "offset": 0, "length": 5, "language": "python"}]),
    ('<span class="tg-spoiler">s</span>', "s", [{"type": "spoiler", "offset": 0, "length": 1}]),
    ("<blockquote expandable>q</blockquote>", "q",
     [{"type": "expandable_blockquote", "offset": 0, "length": 1}]),
    ("a &amp; b<b></b>", "a & b", []),
])
def test_parse_html(html: str, text: str, entities: list[dict[str, Any]]) -> None:
    assert parse_html(html) == (text, entities)


@pytest.mark.parametrize(("text", "found"), [
    ("/start abc", [("bot_command", "/start")]),
    ("/start@smartcity_sim_bot", [("bot_command", "/start@smartcity_sim_bot")]),
    ("🏙️ @smartcity_sim_bot tolong", [("mention", "@smartcity_sim_bot")]),
    ("lihat https://indonesia.go.id/x.", [("url", "https://indonesia.go.id/x")]),
    ("email a@b.id dan 1/2", []),
])
def test_citizen_entities(text: str, found: list[tuple[str, str]]) -> None:
    assert [(e["type"], entity_text(text, e)) for e in citizen_entities(text)] == found


def test_utf16_len_counts_surrogate_pairs() -> None:
    assert (utf16_len("a"), utf16_len("é"), utf16_len("😀"), utf16_len("🏙️")) == (1, 1, 2, 3)


# -- python-telegram-bot against the server -----------------------------------------------
async def test_python_telegram_bot_compatibility(api: LocalBotApi,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    bot = telegram.Bot(api.token, base_url=api.base_url)
    async with bot:
        me = await bot.get_me()
        assert (me.username, me.is_bot, me.supports_inline_queries) == (BOT_USERNAME, True, True)

        await api.send_text(CHAT, "/start abc")
        [update] = await bot.get_updates(timeout=1)
        assert isinstance(update, telegram.Update)
        assert update.message.text == "/start abc"
        assert update.message.parse_entities([telegram.MessageEntity.BOT_COMMAND]) == {
            telegram.MessageEntity(telegram.MessageEntity.BOT_COMMAND, 0, 6): "/start"}

        markup = telegram.InlineKeyboardMarkup([
            [telegram.InlineKeyboardButton("Ya", callback_data="ya")],
            [telegram.InlineKeyboardButton("Situs", url="https://example.id")]])
        sent = await bot.send_message(CHAT, "<b>Halo</b> 👋 <i>Anda</i>",
                                      parse_mode=ParseMode.HTML, reply_markup=markup)
        assert isinstance(sent, telegram.Message)
        assert sent.reply_markup == markup
        assert sent.text_html == "<b>Halo</b> 👋 <i>Anda</i>"  # UTF-16 offsets round-trip

        await api.press(CHAT, sent.message_id, "ya")
        [update] = await bot.get_updates(offset=update.update_id + 1, timeout=1)
        query = update.callback_query
        assert (query.data, query.message.message_id) == ("ya", sent.message_id)
        assert await query.answer("Terima kasih") is True

        await api.add_fault("sendMessage", 429, retry_after=7)
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(CHAT, "x")
        assert raised.value.retry_after == dtm.timedelta(seconds=7)

        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(4242, "x")
        await api.block(CHAT)
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(CHAT, "x")


async def test_python_telegram_bot_application_end_to_end(api: LocalBotApi) -> None:
    async def start(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_html(
            "<b>Selamat datang</b>, Anda!",
            reply_markup=telegram.InlineKeyboardMarkup(
                [[telegram.InlineKeyboardButton("Info", callback_data="info")]]))

    async def info(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("Sip")
        await update.callback_query.edit_message_text("Info smart city")

    application = Application.builder().token(api.token).base_url(api.base_url).build()
    application.add_handlers([CommandHandler("start", start), CallbackQueryHandler(info)])
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=5)
        await api.send_text(CHAT, "/start")
        welcome = await api.wait_for_bot_message(CHAT)
        assert (welcome.text, welcome.callback_data) == ("Selamat datang, Anda!", ["info"])
        await api.press(CHAT, welcome.message_id, "info")
        edited = await api.wait_for_bot_message(CHAT)
        assert (edited.text, edited.edited, edited.reply_markup) == ("Info smart city", True, None)
        await application.updater.stop()
        await application.stop()
    assert api.state.chats[CHAT].toasts[0].text == "Sip"
