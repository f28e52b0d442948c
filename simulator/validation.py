"""Telegram's checks on message text, keyboards, inline results and commands.

Each function either returns the cleaned value or raises `ApiError` with the description
Telegram uses, so a bot that passes the simulator has passed the same gate as on Telegram.
"""

from __future__ import annotations

import re
from typing import Any

from bot.telegram_html import MAX_CALLBACK_DATA_BYTES, MAX_MESSAGE_CHARS, check_html, escape
from simulator.message_entities import parse_html
from simulator.params import ApiError, Params, bad_request

MAX_CALLBACK_ANSWER_CHARS = 200
MAX_INLINE_RESULTS = 50
MAX_INLINE_RESULT_ID_BYTES = 64
MAX_COMMANDS = 100
COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
# Inline keyboard button fields that give a button its action; exactly one is required.
BUTTON_ACTIONS = ("url", "callback_data", "web_app", "login_url", "switch_inline_query",
                  "switch_inline_query_current_chat", "switch_inline_query_chosen_chat",
                  "copy_text", "callback_game", "pay")
BUTTON_URL_SCHEMES = ("http://", "https://", "tg://")
INLINE_RESULT_TYPES = frozenset({
    "article", "photo", "gif", "mpeg4_gif", "video", "audio", "voice", "document", "location",
    "venue", "contact", "game", "sticker",
})


def render_text(raw: str | None, parse_mode: str | None,
                entities: Any = None) -> tuple[str, list[dict[str, Any]], str]:
    """Apply a parse mode to message text as Telegram does.

    Args:
        raw: The `text` parameter as sent.
        parse_mode: "HTML" (any case), or None/"" for plain text.
        entities: Explicit MessageEntity list, used only without a parse mode.

    Returns:
        The visible text, its entities and HTML for the simulator page.

    Raises:
        ApiError: Empty text, bad HTML, too long, or an unsupported parse mode.
    """
    if raw is None or not raw.strip():
        raise bad_request("message text is empty")
    mode = (parse_mode or "").strip()
    if mode.lower() == "html":
        problems = _parse_problems(check_html(raw))
        if problems:
            raise bad_request(f"can't parse entities: {problems[0]}")
        text, found = parse_html(raw)
        html = raw
    elif not mode:
        text, found, html = raw, _explicit_entities(entities), escape(raw)
    else:
        raise bad_request("unsupported parse_mode (the simulator implements HTML only)")
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_MESSAGE_CHARS:
        raise bad_request("message is too long")
    return text, found, html


def _parse_problems(problems: list[str]) -> list[str]:
    """Keep the parse errors of `check_html`: emptiness and length have their own errors."""
    return [p for p in problems
            if p != "the message has no visible text" and not p.startswith("visible text is ")]


def _explicit_entities(entities: Any) -> list[dict[str, Any]]:
    """Validate an `entities` parameter sent instead of a parse mode."""
    if entities is None:
        return []
    if not isinstance(entities, list):
        raise bad_request("can't parse entities JSON object")
    for entity in entities:
        if not (isinstance(entity, dict) and isinstance(entity.get("type"), str)
                and isinstance(entity.get("offset"), int)
                and isinstance(entity.get("length"), int)):
            raise bad_request("can't parse MessageEntity: type, offset and length are required")
    return [dict(entity) for entity in entities]


def check_reply_markup(markup: Any) -> dict[str, Any] | None:
    """Validate `reply_markup`; return the inline keyboard to echo in the Message, if any.

    Reply keyboards, ReplyKeyboardRemove and ForceReply are accepted but, as on Telegram,
    not echoed in the returned Message.
    """
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        if any(key in markup for key in ("keyboard", "remove_keyboard", "force_reply")):
            return None
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an '
                          "Array of Arrays")
    for row in rows:
        for button in row:
            check_button(button)
    return {"inline_keyboard": [[dict(button) for button in row] for row in rows]}


def check_button(button: Any) -> None:
    """Validate one InlineKeyboardButton."""
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request("can't parse inline keyboard button: Field \"text\" must be of "
                          "type String")
    if not button["text"].strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in "
                          "the inline keyboard")
    if "callback_data" in button:
        data = button["callback_data"]
        if (not isinstance(data, str) or not data
                or len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES):
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button:
        url = button["url"]
        if not isinstance(url, str) or not url.startswith(BUTTON_URL_SCHEMES) or " " in url:
            raise bad_request("BUTTON_URL_INVALID")


def check_inline_results(results: Any) -> list[dict[str, Any]]:
    """Validate answerInlineQuery results (ids, types, articles' required fields)."""
    if not isinstance(results, list):
        raise bad_request("can't parse inline query results JSON object")
    if len(results) > MAX_INLINE_RESULTS:
        raise bad_request("RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        if not isinstance(result, dict):
            raise bad_request("can't parse inline query result")
        result_id = result.get("id")
        if not isinstance(result_id, str) or not result_id:
            raise bad_request('can\'t parse inline query result: Field "id" must be of type '
                              "String")
        if len(result_id.encode("utf-8")) > MAX_INLINE_RESULT_ID_BYTES:
            raise bad_request("RESULT_ID_INVALID")
        if result_id in seen:
            raise bad_request("RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if result.get("type") not in INLINE_RESULT_TYPES:
            raise bad_request("RESULT_TYPE_INVALID")
        if result["type"] == "article":
            _check_article(result)
        check_reply_markup(result.get("reply_markup"))
    return [dict(result) for result in results]


def _check_article(result: dict[str, Any]) -> None:
    """Validate the fields an InlineQueryResultArticle requires."""
    if not isinstance(result.get("title"), str) or not result["title"]:
        raise bad_request('can\'t parse inline query result: Field "title" must be of type '
                          "String")
    content = result.get("input_message_content")
    if not isinstance(content, dict):
        raise bad_request('can\'t parse inline query result: Field "input_message_content" '
                          "must be of type Object")
    if "message_text" in content:
        try:
            render_text(content.get("message_text"), content.get("parse_mode"),
                        content.get("entities"))
        except ApiError as error:
            if error.description.endswith("message text is empty"):
                raise bad_request("MESSAGE_EMPTY") from None
            if error.description.endswith("message is too long"):
                raise bad_request("MESSAGE_TOO_LONG") from None
            raise


def check_commands(params: Params) -> list[dict[str, str]]:
    """Validate setMyCommands' `commands`."""
    commands = params.get_json("commands")
    if not isinstance(commands, list):
        raise bad_request("can't parse commands JSON object")
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    cleaned: list[dict[str, str]] = []
    for command in commands:
        if not isinstance(command, dict):
            raise bad_request("can't parse BotCommand")
        name, description = command.get("command"), command.get("description")
        if not isinstance(name, str) or not COMMAND_RE.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not isinstance(description, str) or not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        cleaned.append({"command": name, "description": description})
    return cleaned


def commands_key(params: Params) -> str:
    """The key a command list is stored under: its scope and language."""
    scope = params.get_json("scope") or {"type": "default"}
    if not isinstance(scope, dict) or not isinstance(scope.get("type"), str):
        raise bad_request("can't parse BotCommandScope JSON object")
    language = params.get_str("language_code", "") or ""
    extra = ",".join(f"{k}={scope[k]}" for k in sorted(scope) if k != "type")
    return f"{scope['type']}[{extra}]/{language}"
