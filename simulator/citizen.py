"""What a citizen does in the simulator: send, press, edit, query inline, block the bot.

Each action stores what the chat shows and queues the update Telegram would send the bot.
Group chats follow the bot's privacy mode (getMe's `can_read_all_group_messages` is false): the
bot only receives commands, messages that mention it and replies to its own messages; the rest
stays visible in the chat, marked as not delivered.
"""

from __future__ import annotations

import copy
from typing import Any

from simulator.message_entities import citizen_entities, entity_text
from simulator.records import CallbackQueryRecord, ChatState, InlineQueryRecord, SimMessage
from simulator.state import SimState

CHAT_TYPES = ("private", "group", "supergroup")
INLINE_CHAT_TYPES = ("sender", "private", "group", "supergroup", "channel")
MEDIA_KINDS = ("sticker", "photo", "voice", "location", "document")
MAX_INLINE_QUERY_CHARS = 256
DEFAULT_GROUP_TITLE = "Grup simulator"
DEFAULT_CHANNEL_TITLE = "Kanal simulator"


class SimError(ValueError):
    """A citizen action the simulator cannot perform (answered as HTTP 400 by `/sim`)."""


def resolve_user(state: SimState, user: dict[str, Any] | None, fallback_id: int) -> dict[str, Any]:
    """The User object for a citizen, registering or updating it in `state.users`."""
    if user is not None and not isinstance(user, dict):
        raise SimError("user must be an object with id, first_name and username")
    fields = dict(user or {})
    user_id = fields.get("id", fallback_id)
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise SimError("user.id must be a positive integer")
    known = state.users.get(user_id, {"id": user_id, "is_bot": False,
                                      "first_name": f"Warga {user_id}"})
    for key in ("first_name", "last_name", "username", "language_code"):
        if isinstance(fields.get(key), str) and fields[key]:
            known[key] = fields[key]
    state.users[user_id] = known
    return dict(known)


def ensure_chat(state: SimState, chat_id: int, chat_type: str, *, user: dict[str, Any] | None,
                title: str | None = None) -> ChatState:
    """The chat with `chat_id`, created on first use with Telegram's Chat fields."""
    chat = state.chats.get(chat_id)
    if chat is not None:
        if chat.chat["type"] != chat_type:
            raise SimError(f"chat {chat_id} is a {chat.chat['type']} chat, not {chat_type}")
        return chat
    if chat_type == "private":
        if user is None or chat_id != user["id"]:
            raise SimError("a private chat's id must equal the user's id")
        fields = {"id": chat_id, "type": "private", "first_name": user["first_name"]}
        fields.update({k: user[k] for k in ("last_name", "username") if k in user})
    elif chat_type in ("group", "supergroup", "channel"):
        if chat_id >= 0:
            raise SimError("group and channel chat ids are negative")
        default = DEFAULT_CHANNEL_TITLE if chat_type == "channel" else DEFAULT_GROUP_TITLE
        fields = {"id": chat_id, "title": title or default, "type": chat_type}
    else:
        raise SimError(f"chat_type must be one of {', '.join(CHAT_TYPES)}")
    chat = ChatState(chat=fields)
    state.chats[chat_id] = chat
    return chat


def _citizen_chat(state: SimState, chat_id: int, chat_type: str, user: dict[str, Any] | None,
                  title: str | None) -> tuple[ChatState, dict[str, Any]]:
    """Resolve the sender (private chat: the chat's own user) and the chat."""
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        raise SimError("chat_id must be an integer")
    if chat_type not in CHAT_TYPES:
        raise SimError(f"chat_type must be one of {', '.join(CHAT_TYPES)}")
    fallback = chat_id if chat_type == "private" and chat_id > 0 else state.default_user_id
    sender = resolve_user(state, user, fallback)
    return ensure_chat(state, chat_id, chat_type, user=sender, title=title), sender


def _reply_target(chat: ChatState, message_id: int | None) -> SimMessage | None:
    """The message being replied to, which must exist in the chat."""
    if message_id is None:
        return None
    target = chat.messages.get(message_id)
    if target is None or target.deleted:
        raise SimError("message to reply not found")
    return target


def _bot_sees(state: SimState, chat: ChatState, text: str, entities: list[dict[str, Any]],
              reply_to: SimMessage | None) -> bool:
    """Whether privacy mode lets this group message through to the bot."""
    if chat.chat["type"] not in ("group", "supergroup") or not state.privacy_mode:
        return True
    if reply_to is not None and reply_to.sender == "bot":
        return True
    username = str(state.bot["username"]).lower()
    for entity in entities:
        part = entity_text(text, entity)
        if entity["type"] == "bot_command" and entity["offset"] == 0:
            suffix = part.partition("@")[2].lower()
            if suffix in ("", username):
                return True
        if entity["type"] == "mention" and part[1:].lower() == username:
            return True
    return False


def _post(state: SimState, chat: ChatState, content: dict[str, Any], kind: str,
          delivered: bool, sender: str = "user") -> SimMessage:
    """Store a citizen message and, when the bot may see it, queue its update."""
    record = state.add_message(chat, sender, content)
    record.delivered = delivered
    chat.citizen_seq = record.seq
    if delivered:
        record.update_id = state.push_update(kind, copy.deepcopy(record.payload))
    return record


def _without_reply(record: SimMessage) -> dict[str, Any]:
    """A message as it appears inside `reply_to_message` (Telegram does not nest further)."""
    return {k: copy.deepcopy(v) for k, v in record.payload.items() if k != "reply_to_message"}


def send_text(state: SimState, chat_id: int, text: str, *, chat_type: str = "private",
              user: dict[str, Any] | None = None, chat_title: str | None = None,
              reply_to_message_id: int | None = None) -> SimMessage:
    """A citizen sends a text message (commands and mentions get their entities)."""
    if not isinstance(text, str) or not text.strip():
        raise SimError("text must not be empty")
    chat, sender = _citizen_chat(state, chat_id, chat_type, user, chat_title)
    target = _reply_target(chat, reply_to_message_id)
    content: dict[str, Any] = {"from": sender, "chat": chat.chat, "date": state.now()}
    if target is not None:
        content["reply_to_message"] = _without_reply(target)
    content["text"] = text
    entities = citizen_entities(text)
    if entities:
        content["entities"] = entities
    return _post(state, chat, content, "message", _bot_sees(state, chat, text, entities, target))


def _media_fields(state: SimState, kind: str) -> dict[str, Any]:
    """Minimal but realistic Telegram objects for each kind of non-text message."""
    number = state.next_seq()

    def file(suffix: str, size: int) -> dict[str, Any]:
        """The fields every Telegram file object has."""
        return {"file_id": f"SIM{kind.upper()}{number}{suffix}AgADBAAD",
                "file_unique_id": f"AQAD{number}{suffix}", "file_size": size}

    if kind == "sticker":
        return {"sticker": {**file("", 24_576), "type": "regular", "width": 512, "height": 512,
                            "is_animated": False, "is_video": False, "emoji": "👍",
                            "set_name": "SimulatorWarga"}}
    if kind == "photo":
        sizes = ((90, 68, 1_254), (320, 240, 14_208), (800, 600, 61_337))
        return {"photo": [{**file(f"s{w}", size), "width": w, "height": h}
                          for w, h, size in sizes]}
    if kind == "voice":
        return {"voice": {**file("", 12_034), "duration": 3, "mime_type": "audio/ogg"}}
    if kind == "location":
        return {"location": {"latitude": -6.175392, "longitude": 106.827153}}
    return {"document": {**file("", 48_213), "file_name": "laporan-warga.pdf",
                         "mime_type": "application/pdf"}}


def send_media(state: SimState, chat_id: int, kind: str, *, chat_type: str = "private",
               user: dict[str, Any] | None = None, chat_title: str | None = None,
               caption: str | None = None) -> SimMessage:
    """A citizen sends a sticker, photo, voice note, location or document."""
    if kind not in MEDIA_KINDS:
        raise SimError(f"kind must be one of {', '.join(MEDIA_KINDS)}")
    chat, sender = _citizen_chat(state, chat_id, chat_type, user, chat_title)
    content: dict[str, Any] = {"from": sender, "chat": chat.chat, "date": state.now(),
                               **_media_fields(state, kind)}
    entities: list[dict[str, Any]] = []
    if caption and kind in ("photo", "document", "voice"):
        content["caption"] = caption
        entities = citizen_entities(caption)
        if entities:
            content["caption_entities"] = entities
    return _post(state, chat, content, "message",
                 _bot_sees(state, chat, caption or "", entities, None))


def press(state: SimState, chat_id: int, message_id: int, data: str, *,
          user: dict[str, Any] | None = None, forged: bool = False) -> CallbackQueryRecord:
    """A citizen presses the callback button with `data` under a bot message.

    With `forged`, `data` need not be any button's: a modified client can send what it likes.
    """
    chat = state.chats.get(chat_id)
    target = chat.messages.get(message_id) if chat else None
    if chat is None or target is None or target.deleted or target.sender != "bot":
        raise SimError("bot message not found")
    if not forged and data not in target.callback_data:
        raise SimError("the message has no button with that callback_data")
    fallback = chat_id if chat.chat["type"] == "private" else state.default_user_id
    sender = resolve_user(state, user, fallback)
    query = CallbackQueryRecord(id=state.new_query_id(), chat_id=chat_id,
                                message_id=message_id, data=data, user_id=sender["id"])
    state.callback_queries[query.id] = query
    chat.citizen_seq = state.next_seq()
    query.update_id = state.push_update("callback_query", {
        "id": query.id, "from": sender, "message": copy.deepcopy(target.payload),
        "chat_instance": str(7_000_000_000 + chat_id * 31), "data": data})
    return query


def inline(state: SimState, query: str, *, user: dict[str, Any] | None = None,
           chat_type: str | None = "sender") -> InlineQueryRecord:
    """A citizen types "@smartcity_sim_bot <query>" in a chat (an inline query)."""
    if not isinstance(query, str) or len(query) > MAX_INLINE_QUERY_CHARS:
        raise SimError(f"query must be text of at most {MAX_INLINE_QUERY_CHARS} characters")
    if chat_type is not None and chat_type not in INLINE_CHAT_TYPES:
        raise SimError(f"chat_type must be one of {', '.join(INLINE_CHAT_TYPES)}")
    sender = resolve_user(state, user, state.default_user_id)
    record = InlineQueryRecord(id=state.new_query_id(), query=query, user_id=sender["id"])
    state.inline_queries[record.id] = record
    payload: dict[str, Any] = {"id": record.id, "from": sender, "query": query, "offset": ""}
    if chat_type is not None:
        payload["chat_type"] = chat_type
    record.update_id = state.push_update("inline_query", payload)
    return record


def choose_inline(state: SimState, query_id: str, result_id: str) -> int:
    """The citizen picks one of the bot's inline results; returns the update_id.

    Telegram sends the `chosen_inline_result` update only to bots with inline feedback on
    (BotFather's /setinlinefeedback); the simulator always sends it. A result with a keyboard
    gets an `inline_message_id`, as in Telegram, so the bot could edit the shared message.
    """
    query = state.inline_queries.get(query_id)
    if query is None or not query.answered:
        raise SimError("no answered inline query with that id")
    result = next((r for r in query.results if r.get("id") == result_id), None)
    if result is None:
        raise SimError("the bot offered no result with that id")
    payload: dict[str, Any] = {"result_id": result_id,
                               "from": copy.deepcopy(state.users[query.user_id]),
                               "query": query.query}
    if result.get("reply_markup"):
        payload["inline_message_id"] = f"SIMINLINE{query.id}_{state.next_seq()}"
    return state.push_update("chosen_inline_result", payload)


def edit(state: SimState, chat_id: int, message_id: int, text: str) -> SimMessage:
    """A citizen edits one of their own text messages (an edited_message update)."""
    chat = state.chats.get(chat_id)
    record = chat.messages.get(message_id) if chat else None
    if chat is None or record is None or record.deleted or record.sender != "user":
        raise SimError("citizen message not found")
    if "text" not in record.payload:
        raise SimError("only text messages can be edited in the simulator")
    if not isinstance(text, str) or not text.strip():
        raise SimError("text must not be empty")
    record.payload["text"] = text
    record.payload.pop("entities", None)
    entities = citizen_entities(text)
    if entities:
        record.payload["entities"] = entities
    record.payload["edit_date"] = state.now()
    record.edited = True
    state.touch(record)
    chat.citizen_seq = record.seq
    target = chat.messages.get(record.payload.get("reply_to_message", {}).get("message_id", 0))
    record.delivered = _bot_sees(state, chat, text, entities, target)
    if record.delivered:
        record.update_id = state.push_update("edited_message", copy.deepcopy(record.payload))
    return record


def channel_post(state: SimState, chat_id: int, text: str, *,
                 title: str | None = None) -> SimMessage:
    """A post appears in a channel where the bot is an administrator."""
    if not isinstance(text, str) or not text.strip():
        raise SimError("text must not be empty")
    if not isinstance(chat_id, int) or isinstance(chat_id, bool):
        raise SimError("chat_id must be an integer")
    chat = ensure_chat(state, chat_id, "channel", user=None, title=title)
    content: dict[str, Any] = {"sender_chat": chat.chat, "chat": chat.chat,
                               "date": state.now(), "text": text}
    entities = citizen_entities(text)
    if entities:
        content["entities"] = entities
    return _post(state, chat, content, "channel_post", True, sender="channel")


def block(state: SimState, chat_id: int, blocked: bool = True) -> int | None:
    """The citizen blocks (or unblocks) the bot; returns the my_chat_member update id."""
    chat = state.chats.get(chat_id)
    if chat is None or chat.chat["type"] != "private":
        raise SimError("only an existing private chat can block the bot")
    if chat.blocked == blocked:
        return None
    chat.blocked = blocked
    # A "kicked" ChatMember always carries until_date (0: for ever), also as the old status.
    kicked: dict[str, Any] = {"status": "kicked", "user": state.bot, "until_date": 0}
    member: dict[str, Any] = {"status": "member", "user": state.bot}
    old, new = (member, kicked) if blocked else (kicked, member)
    return state.push_update("my_chat_member", {
        "chat": chat.chat, "from": state.users.get(chat_id, {"id": chat_id}),
        "date": state.now(), "old_chat_member": old, "new_chat_member": new})
