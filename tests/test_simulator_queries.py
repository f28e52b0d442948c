"""Callback and inline queries on the local Bot API: answering them and choosing results."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
from simulatorkit import CHAT, KEYBOARD, call, send, sim, sim_get

from simulator import LocalBotApi


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
