"""Message methods of the local Bot API (api_messages.py, validation.py): send, edit,
delete and chat actions.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest
from simulatorkit import CHAT, GROUP, KEYBOARD, call, send, sim_get

from simulator import BOT_USERNAME, DEFAULT_TOKEN, LocalBotApi


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


async def test_a_message_sent_to_a_forum_topic_is_in_that_topic(
        api: LocalBotApi, http: aiohttp.ClientSession) -> None:
    await api.send_text(GROUP, "/start", chat_type="supergroup")
    sent = await send(http, chat_id=GROUP, text="Di topik", message_thread_id=7)
    assert (sent["message_thread_id"], sent["is_topic_message"]) == (7, True)
    assert "message_thread_id" not in await send(http, chat_id=GROUP, text="Umum")


async def test_send_chat_action_is_shown_to_the_page(http: aiohttp.ClientSession,
                                                     chat: int) -> None:
    assert (await call(http, "sendChatAction", chat_id=chat, action="typing"))[0] == 200
    feed = await sim_get(http, f"chats/{chat}/messages?after=0")
    assert feed["result"]["action"]["action"] == "typing"
