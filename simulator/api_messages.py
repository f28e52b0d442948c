"""Message-level Bot API methods: send, edit, delete, chat actions and query answers."""

from __future__ import annotations

import copy
from typing import Any

from simulator.method_context import MethodContext, MethodFn
from simulator.params import ApiError, Params, bad_request
from simulator.records import ChatState, SimMessage
from simulator.validation import (
    MAX_CALLBACK_ANSWER_CHARS,
    check_inline_results,
    check_reply_markup,
    render_text,
)

BLOCKED = "Forbidden: bot was blocked by the user"
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"
NOT_MODIFIED = ("message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message")
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
})


def _chat(ctx: MethodContext, params: Params, *, writing: bool = True) -> ChatState:
    """The target chat; 400 if unknown, 403 if its user blocked the bot."""
    chat_id = params.get_chat_id()
    if chat_id is None:
        raise bad_request("chat_id is empty")
    chat = ctx.state.find_chat(chat_id)
    if chat is None:
        raise bad_request("chat not found")
    if writing and chat.blocked:
        raise ApiError(403, BLOCKED)
    return chat


def _reply_to(chat: ChatState, params: Params) -> dict[str, Any] | None:
    """`reply_to_message` for reply_parameters or the older reply_to_message_id."""
    reply = params.get_json("reply_parameters")
    if reply is not None and not isinstance(reply, dict):
        raise bad_request("can't parse reply parameters JSON object")
    message_id = (reply or {}).get("message_id", params.get_int("reply_to_message_id"))
    if message_id is None:
        return None
    allow = bool((reply or {}).get("allow_sending_without_reply",
                                   params.get_bool("allow_sending_without_reply")))
    target = chat.messages.get(message_id) if isinstance(message_id, int) else None
    if target is None or target.deleted:
        if allow:
            return None
        raise bad_request("message to be replied not found")
    return {k: copy.deepcopy(v) for k, v in target.payload.items() if k != "reply_to_message"}


async def send_message(ctx: MethodContext, params: Params) -> Any:
    """SendMessage: validate like Telegram, store the message and return it."""
    state = ctx.state
    chat = _chat(ctx, params)
    text, entities, html = render_text(params.get_str("text"), params.get_str("parse_mode"),
                                       params.get_json("entities"))
    markup = check_reply_markup(params.get_json("reply_markup"))
    reply = _reply_to(chat, params)
    content: dict[str, Any] = {"from": ctx.bot}
    if chat.chat["type"] == "channel":
        content = {"sender_chat": chat.chat}
    content.update(chat=chat.chat, date=state.now())
    thread = params.get_int("message_thread_id")
    if thread is not None and chat.chat["type"] == "supergroup":
        # Every simulated supergroup may have forum topics: the message lands in the topic.
        content.update(message_thread_id=thread, is_topic_message=True)
    if reply is not None:
        content["reply_to_message"] = reply
    content["text"] = text
    if entities:
        content["entities"] = entities
    if params.get_bool("protect_content"):
        content["has_protected_content"] = True
    if markup is not None:
        content["reply_markup"] = markup
    record = state.add_message(chat, "bot", content, html=html)
    return copy.deepcopy(record.payload)


def _bot_message(ctx: MethodContext, params: Params, action: str) -> tuple[ChatState, SimMessage]:
    """The bot message an edit or delete targets (`action` is "edit" or "delete")."""
    if params.has("inline_message_id"):
        params.get_str("inline_message_id")
        raise bad_request(f"message to {action} not found")
    chat = _chat(ctx, params, writing=action == "edit")
    message_id = params.get_int("message_id")
    record = chat.messages.get(message_id) if message_id is not None else None
    if record is None or record.deleted:
        raise bad_request(f"message to {action} not found")
    return chat, record


def _apply_edit(ctx: MethodContext, record: SimMessage, content: dict[str, Any],
                html: str | None) -> Any:
    """Store an edit unless it changes nothing (Telegram's "message is not modified")."""
    current = {k: record.payload.get(k) for k in ("text", "entities", "reply_markup")}
    wanted = {k: content.get(k) for k in current}
    if wanted == current:
        raise bad_request(NOT_MODIFIED)
    for key, value in wanted.items():
        if value is None:
            record.payload.pop(key, None)
        else:
            record.payload[key] = value
    record.payload["edit_date"] = ctx.state.now()
    if html is not None:
        record.html = html
    record.edited = True
    ctx.state.touch(record)
    return copy.deepcopy(record.payload)


async def edit_message_text(ctx: MethodContext, params: Params) -> Any:
    """EditMessageText: new text (and keyboard: omitting it removes the old one)."""
    _, record = _bot_message(ctx, params, "edit")
    if record.sender != "bot":
        raise bad_request("message can't be edited")
    text, entities, html = render_text(params.get_str("text"), params.get_str("parse_mode"),
                                       params.get_json("entities"))
    markup = check_reply_markup(params.get_json("reply_markup"))
    return _apply_edit(ctx, record, {"text": text, "entities": entities or None,
                                     "reply_markup": markup}, html)


async def edit_message_reply_markup(ctx: MethodContext, params: Params) -> Any:
    """EditMessageReplyMarkup: replace (or, when omitted, remove) the inline keyboard."""
    _, record = _bot_message(ctx, params, "edit")
    if record.sender != "bot":
        raise bad_request("message can't be edited")
    markup = check_reply_markup(params.get_json("reply_markup"))
    return _apply_edit(ctx, record, {"text": record.payload.get("text"),
                                     "entities": record.payload.get("entities"),
                                     "reply_markup": markup}, None)


async def delete_message(ctx: MethodContext, params: Params) -> Any:
    """DeleteMessage: the bot deletes its own message (or any message in a private chat)."""
    chat, record = _bot_message(ctx, params, "delete")
    if record.sender != "bot" and chat.chat["type"] != "private":
        raise bad_request("message can't be deleted")
    record.deleted = True
    ctx.state.touch(record)
    return True


async def send_chat_action(ctx: MethodContext, params: Params) -> Any:
    """SendChatAction: show "typing..." and the like in the chat."""
    chat = _chat(ctx, params)
    action = params.get_str("action")
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    ctx.state.set_action(chat, action)
    return True


async def answer_callback_query(ctx: MethodContext, params: Params) -> Any:
    """AnswerCallbackQuery: answer once; the page shows the text as a toast or alert."""
    state = ctx.state
    query = state.callback_queries.get(params.get_str("callback_query_id") or "")
    if query is None or query.answered:
        raise bad_request(QUERY_TOO_OLD)
    text = params.get_str("text", "") or ""
    if len(text) > MAX_CALLBACK_ANSWER_CHARS:
        raise bad_request("MESSAGE_TOO_LONG")
    query.answered = True
    query.answer = {"text": text, "show_alert": params.get_bool("show_alert"),
                    "url": params.get_str("url"),
                    "cache_time": params.get_int("cache_time", 0)}
    chat = state.chats.get(query.chat_id)
    if chat is not None:
        state.add_toast(chat, {"message_id": query.message_id, "callback_query_id": query.id,
                               "text": text, "show_alert": query.answer["show_alert"],
                               "url": query.answer["url"]})
    return True


async def answer_inline_query(ctx: MethodContext, params: Params) -> Any:
    """AnswerInlineQuery: validate and keep the results for `/sim/inline_results`."""
    query = ctx.state.inline_queries.get(params.get_str("inline_query_id") or "")
    if query is None or query.answered:
        raise bad_request(QUERY_TOO_OLD)
    results = check_inline_results(params.get_json("results"))
    query.answered = True
    query.results = results
    query.options = {"cache_time": params.get_int("cache_time", 300),
                     "is_personal": params.get_bool("is_personal"),
                     "next_offset": params.get_str("next_offset", "") or "",
                     "button": params.get_json("button")}
    return True


METHODS: dict[str, MethodFn] = {
    "sendMessage": send_message,
    "editMessageText": edit_message_text,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "sendChatAction": send_chat_action,
    "answerCallbackQuery": answer_callback_query,
    "answerInlineQuery": answer_inline_query,
}
