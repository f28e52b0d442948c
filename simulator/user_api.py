"""The citizen-side `/sim` API (JSON in, JSON out) used by the simulator page and by tests.

Answers use the Bot API's envelope: `{"ok": true, "result": ...}` or `{"ok": false,
"error_code": 400, "description": ...}`. POST bodies must be `application/json`: a browser
cannot send that cross-origin without a CORS preflight, which this server never grants, so
another web page cannot drive the simulator behind the user's back.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from simulator import citizen
from simulator.citizen import SimError
from simulator.methods import canonical_method
from simulator.records import Fault, SimMessage
from simulator.state import BOT_USERNAME, STATE_KEY, SimState

MAX_WAIT_SECONDS = 25.0
SIM_GROUP = {"id": -100200, "title": "Grup RT 05", "type": "supergroup"}
FAULT_STATUSES = frozenset({200, 400, 401, 403, 404, 409, 429, 500, 502, 503, 504})
FAULT_DESCRIPTIONS = {
    400: "Bad Request: simulated fault", 401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user", 404: "Not Found",
    409: "Conflict: terminated by other getUpdates request; make sure that only one bot "
         "instance is running",
    500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
    504: "Gateway Timeout",
}


def ok(result: Any) -> web.Response:
    """A successful `/sim` answer."""
    return web.json_response({"ok": True, "result": result})


def fail(description: str, status: int = 400) -> web.Response:
    """A failed `/sim` answer."""
    return web.json_response({"ok": False, "error_code": status, "description": description},
                             status=status)


async def _body(request: web.Request) -> dict[str, Any]:
    """The JSON object sent to a `/sim` endpoint."""
    if request.content_type != "application/json":
        raise SimError("the body must be application/json")
    try:
        body = await request.json(loads=json.loads)
    except ValueError:
        raise SimError("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise SimError("the body must be a JSON object")
    return body


def _int(body: dict[str, Any], name: str, default: int | None = None) -> int:
    """An integer field of a request body (required unless a default is given)."""
    value = body.get(name, default)
    if isinstance(value, str) and value.lstrip("-").isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise SimError(f"{name} must be an integer")
    return value


def _posted(record: SimMessage) -> dict[str, Any]:
    """What a citizen action returns: where the message went and whether the bot got it."""
    return {"update_id": record.update_id, "message_id": record.message_id, "seq": record.seq,
            "delivered": record.delivered}


def make_fault(body: dict[str, Any]) -> Fault:
    """Validate a fault description (as `/sim/faults` or `LocalBotApi.add_fault` send it)."""
    try:
        method = canonical_method(str(body.get("method", "*")))
    except ValueError as error:
        raise SimError(str(error)) from None
    status = _int(body, "status", 429)
    if status not in FAULT_STATUSES:
        raise SimError(f"status must be one of {sorted(FAULT_STATUSES)}")
    times = _int(body, "times", 1)
    delay = body.get("delay_seconds", 0.0)
    if times < 1 or not isinstance(delay, int | float) or not 0 <= delay <= 60:
        raise SimError("times must be >= 1 and delay_seconds between 0 and 60")
    retry_after = _int(body, "retry_after", 1) if status == 429 else None
    description = body.get("description")
    if description is None and status != 200:
        description = (f"Too Many Requests: retry after {retry_after}" if status == 429
                       else FAULT_DESCRIPTIONS.get(status, "Simulated fault"))
    return Fault(method=method, status=status, description=description,
                 retry_after=retry_after, times=times, delay_seconds=float(delay))


async def wait_for_changes(state: SimState, chat_id: int, after: int,
                           wait: float) -> dict[str, Any]:
    """Changes in a chat after `after`, waiting up to `wait` seconds for the first one."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + min(max(wait, 0.0), MAX_WAIT_SECONDS)
    while True:
        changes = state.changes(chat_id, after)
        changes["reset"] = after > state.seq  # the server restarted: the page starts over
        remaining = deadline - loop.time()
        found = changes["messages"] or changes["toasts"] or changes["action"]
        if found or changes["reset"] or remaining <= 0 or state.closing:
            return changes
        await state.changed.wait(remaining)


async def send(request: web.Request) -> web.Response:
    """POST /sim/send: a citizen sends text."""
    body = await _body(request)
    record = citizen.send_text(
        request.app[STATE_KEY], _int(body, "chat_id"), body.get("text", ""),
        chat_type=body.get("chat_type", "private"), user=body.get("user"),
        chat_title=body.get("chat_title"),
        reply_to_message_id=(_int(body, "reply_to_message_id")
                             if body.get("reply_to_message_id") is not None else None))
    return ok(_posted(record))


async def send_media(request: web.Request) -> web.Response:
    """POST /sim/send_media: a citizen sends a sticker, photo, voice, location or document."""
    body = await _body(request)
    record = citizen.send_media(
        request.app[STATE_KEY], _int(body, "chat_id"), str(body.get("kind", "")),
        chat_type=body.get("chat_type", "private"), user=body.get("user"),
        chat_title=body.get("chat_title"), caption=body.get("caption"))
    return ok(_posted(record))


async def press(request: web.Request) -> web.Response:
    """POST /sim/press: a citizen presses a callback button."""
    body = await _body(request)
    query = citizen.press(request.app[STATE_KEY], _int(body, "chat_id"),
                          _int(body, "message_id"), str(body.get("data", "")),
                          user=body.get("user"))
    return ok({"update_id": query.update_id, "callback_query_id": query.id})


async def inline(request: web.Request) -> web.Response:
    """POST /sim/inline: a citizen types an inline query."""
    body = await _body(request)
    query = citizen.inline(request.app[STATE_KEY], body.get("query", ""), user=body.get("user"),
                           chat_type=body.get("chat_type", "sender"))
    return ok({"update_id": query.update_id, "inline_query_id": query.id})


async def choose_inline(request: web.Request) -> web.Response:
    """POST /sim/choose_inline: a citizen picks one of the bot's inline results."""
    body = await _body(request)
    update_id = citizen.choose_inline(request.app[STATE_KEY], str(body.get("query_id", "")),
                                      str(body.get("result_id", "")))
    return ok({"update_id": update_id})


async def edit(request: web.Request) -> web.Response:
    """POST /sim/edit: a citizen edits their text message."""
    body = await _body(request)
    record = citizen.edit(request.app[STATE_KEY], _int(body, "chat_id"),
                          _int(body, "message_id"), body.get("text", ""))
    return ok(_posted(record))


async def channel_post(request: web.Request) -> web.Response:
    """POST /sim/channel_post: a post appears in a channel."""
    body = await _body(request)
    record = citizen.channel_post(request.app[STATE_KEY], _int(body, "chat_id"),
                                  body.get("text", ""), title=body.get("chat_title"))
    return ok(_posted(record))


async def block(request: web.Request) -> web.Response:
    """POST /sim/block: the citizen blocks or unblocks the bot."""
    body = await _body(request)
    blocked = body.get("blocked", True)
    if not isinstance(blocked, bool):
        raise SimError("blocked must be true or false")
    update_id = citizen.block(request.app[STATE_KEY], _int(body, "chat_id"), blocked)
    return ok({"blocked": blocked, "update_id": update_id})


async def chat_messages(request: web.Request) -> web.Response:
    """GET /sim/chats/{chat_id}/messages?after=&wait=: the chat's change feed (long poll)."""
    try:
        wait = float(request.query.get("wait", "0"))
    except ValueError:
        raise SimError("wait must be a number of seconds") from None
    return ok(await wait_for_changes(request.app[STATE_KEY], int(request.match_info["chat_id"]),
                                     _int(dict(request.query), "after", 0), wait))


async def inline_results(request: web.Request) -> web.Response:
    """GET /sim/inline_results?query_id=: how the bot answered an inline query."""
    query = request.app[STATE_KEY].inline_queries.get(request.query.get("query_id", ""))
    if query is None:
        return fail("inline query not found", 404)
    return ok({"query_id": query.id, "query": query.query, "answered": query.answered,
               "results": query.results, **query.options})


async def calls(request: web.Request) -> web.Response:
    """GET /sim/calls?method=&after=: the log of Bot API calls."""
    method = request.query.get("method", "").lower()
    after = _int(dict(request.query), "after", 0)
    return ok([{**call.__dict__, "ok": call.ok} for call in request.app[STATE_KEY].calls
               if call.seq > after and (not method or call.method.lower() == method)])


async def add_fault(request: web.Request) -> web.Response:
    """POST /sim/faults: script the next N answers of a method."""
    state = request.app[STATE_KEY]
    state.faults.append(make_fault(await _body(request)))
    return ok([fault.__dict__ for fault in state.faults])


async def clear_faults(request: web.Request) -> web.Response:
    """DELETE /sim/faults: remove every scripted fault."""
    request.app[STATE_KEY].faults.clear()
    return ok([])


async def state_view(request: web.Request) -> web.Response:
    """GET /sim/state: everything, for debugging."""
    return ok(request.app[STATE_KEY].snapshot())


async def info(request: web.Request) -> web.Response:
    """GET /sim/info: what the page needs to know about the bot and its chats."""
    state = request.app[STATE_KEY]
    return ok({"bot": state.bot, "bot_username": BOT_USERNAME,
               "user": state.users[state.default_user_id],
               "private_chat_id": state.default_user_id, "group": SIM_GROUP})


@web.middleware
async def sim_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn `SimError` into a 400 JSON answer."""
    try:
        response: web.StreamResponse = await handler(request)
    except SimError as error:
        return fail(str(error))
    return response


def add_routes(app: web.Application) -> None:
    """Register the `/sim` endpoints on `app`."""
    app.router.add_routes([
        web.post("/sim/send", send), web.post("/sim/send_media", send_media),
        web.post("/sim/press", press), web.post("/sim/inline", inline),
        web.post("/sim/choose_inline", choose_inline), web.post("/sim/edit", edit),
        web.post("/sim/channel_post", channel_post), web.post("/sim/block", block),
        web.get(r"/sim/chats/{chat_id:-?\d+}/messages", chat_messages),
        web.get("/sim/inline_results", inline_results), web.get("/sim/calls", calls),
        web.post("/sim/faults", add_fault), web.delete("/sim/faults", clear_faults),
        web.get("/sim/state", state_view), web.get("/sim/info", info),
    ])
