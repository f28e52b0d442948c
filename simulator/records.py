"""Records the local Bot API server keeps: messages, chats, queries, faults and calls.

They are plain dataclasses; `SimState` owns and mutates them. `SimMessage` keeps the Bot API
Message JSON Telegram would return plus what only the simulator page needs (the original HTML,
edited/deleted state, whether privacy mode let the bot see it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class SimMessage:
    """One message in a chat as the simulator stores it (Bot API JSON plus page-only fields)."""

    seq: int
    chat_id: int
    message_id: int
    sender: str  # "user", "bot" or "channel"
    payload: dict[str, Any]
    html: str | None = None
    edited: bool = False
    deleted: bool = False
    delivered: bool = True
    update_id: int | None = None

    @property
    def text(self) -> str:
        """Visible text (or caption) of the message."""
        return str(self.payload.get("text", self.payload.get("caption", "")))

    @property
    def entities(self) -> list[dict[str, Any]]:
        """MessageEntity dictionaries of the text."""
        return list(self.payload.get("entities", []))

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        """The inline keyboard echoed by Telegram, if any."""
        markup = self.payload.get("reply_markup")
        return dict(markup) if markup else None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """All inline keyboard buttons, row by row."""
        markup = self.reply_markup or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    @property
    def callback_data(self) -> list[str]:
        """The callback_data of every callback button."""
        return [b["callback_data"] for b in self.buttons if "callback_data" in b]

    @property
    def media(self) -> str | None:
        """The kind of non-text content (sticker, photo, ...) or None."""
        for kind in ("sticker", "photo", "voice", "location", "document"):
            if kind in self.payload:
                return kind
        return None

    def to_json(self) -> dict[str, Any]:
        """The record as `/sim/chats/{id}/messages` returns it."""
        reply = self.payload.get("reply_to_message")
        return {
            "seq": self.seq, "chat_id": self.chat_id, "message_id": self.message_id,
            "sender": self.sender, "date": self.payload.get("date"), "text": self.text,
            "html": self.html, "entities": self.entities, "reply_markup": self.reply_markup,
            "reply_to_message_id": reply["message_id"] if reply else None,
            "reply_to_text": (reply.get("text") or reply.get("caption") or "") if reply else None,
            "media": self.media, "edited": self.edited, "deleted": self.deleted,
            "delivered": self.delivered, "message": self.payload,
        }


@dataclass
class Toast:
    """The answer to a callback query, shown by the page as a toast or an alert."""

    seq: int
    chat_id: int
    message_id: int
    callback_query_id: str
    text: str
    show_alert: bool
    url: str | None


@dataclass
class ChatState:
    """One chat: its Bot API Chat object, its messages and what the page needs to show."""

    chat: dict[str, Any]
    messages: dict[int, SimMessage] = field(default_factory=dict)
    next_message_id: int = 1
    blocked: bool = False
    toasts: list[Toast] = field(default_factory=list)
    action: tuple[int, str, float] | None = None  # (seq, chat action, unix time)
    citizen_seq: int = 0  # seq of the latest citizen event, where bot replies start

    @property
    def id(self) -> int:
        """The chat id."""
        return int(self.chat["id"])


@dataclass
class CallbackQueryRecord:
    """A callback query sent to the bot and how (or whether) it was answered."""

    id: str
    chat_id: int
    message_id: int
    data: str
    user_id: int
    update_id: int = 0
    answered: bool = False
    answer: dict[str, Any] | None = None


@dataclass
class InlineQueryRecord:
    """An inline query sent to the bot and the results it answered with."""

    id: str
    query: str
    user_id: int
    update_id: int = 0
    answered: bool = False
    results: list[dict[str, Any]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Fault:
    """A scripted answer for the next `times` calls of `method` ("*" for any method)."""

    method: str
    status: int
    description: str | None = None
    retry_after: int | None = None
    times: int = 1
    delay_seconds: float = 0.0


@dataclass(frozen=True)
class RecordedCall:
    """One Bot API call as the server saw it."""

    seq: int
    method: str
    params: dict[str, Any]
    status: int
    description: str | None
    time: float
    duration_ms: float

    @property
    def ok(self) -> bool:
        """Whether the call succeeded."""
        return self.status == 200


@dataclass
class WebhookConfig:
    """The webhook set by setWebhook, with Telegram's delivery bookkeeping."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    ip_address: str | None = None
    last_error_date: int | None = None
    last_error_message: str | None = None
