"""In-memory state of the local Bot API server: bots, chats, messages, updates, faults, calls.

Everything the Bot API methods, the citizen-side `/sim` API and the Python facade share lives
in one `SimState`. It is plain data mutated from the event loop's single thread; long-polling
readers wait on a `Signal` that fires whenever something they might want has changed.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiohttp import web

from simulator.records import (
    CallbackQueryRecord,
    ChatState,
    Fault,
    InlineQueryRecord,
    RecordedCall,
    SimMessage,
    Toast,
    WebhookConfig,
)

# A public, made-up token: the simulator accepts it without any real Telegram account.
DEFAULT_TOKEN = "7000000001:SIMULATOR_local-token-not-a-secret"  # noqa: S105
BOT_FIRST_NAME = "Smart City Bot (simulator)"
BOT_USERNAME = "smartcity_sim_bot"
DEFAULT_USER: dict[str, Any] = {"id": 1001, "is_bot": False, "first_name": "Warga",
                                "language_code": "id"}
TOKEN_RE = re.compile(r"(\d+):([A-Za-z0-9_-]+)")

ALL_UPDATE_TYPES = frozenset({
    "message", "edited_message", "channel_post", "edited_channel_post", "inline_query",
    "chosen_inline_result", "callback_query", "my_chat_member", "chat_member",
    "chat_join_request", "message_reaction", "message_reaction_count", "poll", "poll_answer",
    "shipping_query", "pre_checkout_query",
})
# Telegram leaves these out unless a bot asks for them in allowed_updates.
DEFAULT_UPDATE_TYPES = ALL_UPDATE_TYPES - {"chat_member", "message_reaction",
                                           "message_reaction_count"}


class Signal:
    """Wake every coroutine waiting for "something changed" (an event that re-arms itself)."""

    def __init__(self) -> None:
        self._event = asyncio.Event()
        self.waiting = 0  # coroutines waiting now (tests wait for a long poll to start)

    def fire(self) -> None:
        """Wake current waiters; later waiters wait for the next fire."""
        self._event.set()
        self._event = asyncio.Event()

    async def wait(self, seconds: float) -> bool:
        """Wait up to `seconds`; return whether the signal fired."""
        event = self._event
        self.waiting += 1
        try:
            await asyncio.wait_for(event.wait(), max(seconds, 0.0))
        except TimeoutError:
            return False
        finally:
            self.waiting -= 1
        return True


def bot_user(token: str) -> dict[str, Any]:
    """The User object getMe returns for `token` (bot id = the digits before the colon)."""
    match = TOKEN_RE.fullmatch(token)
    if not match:
        raise ValueError("a bot token looks like <digits>:<secret>")
    return {"id": int(match.group(1)), "is_bot": True, "first_name": BOT_FIRST_NAME,
            "username": BOT_USERNAME, "can_join_groups": True,
            "can_read_all_group_messages": False, "supports_inline_queries": True,
            "can_connect_to_business": False, "has_main_web_app": False}


class SimState:
    """Everything the local Bot API server knows; see the module docstring."""

    def __init__(self, tokens: Iterable[str] = (DEFAULT_TOKEN,), *, privacy_mode: bool = True,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self.bots: dict[str, dict[str, Any]] = {token: bot_user(token) for token in tokens}
        if not self.bots:
            raise ValueError("the local Bot API server needs at least one token")
        self.privacy_mode = privacy_mode
        self.clock = clock
        self.sleep = sleep  # how scripted slow replies wait (tests pass a recording fake)
        self.chats: dict[int, ChatState] = {}
        self.users: dict[int, dict[str, Any]] = {DEFAULT_USER["id"]: dict(DEFAULT_USER)}
        self.default_user_id: int = DEFAULT_USER["id"]
        self.updates: list[dict[str, Any]] = []
        self.next_update_id = 1
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATE_TYPES
        self.webhook: WebhookConfig | None = None
        self.faults: list[Fault] = []
        self.calls: list[RecordedCall] = []
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.inline_queries: dict[str, InlineQueryRecord] = {}
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.poll_generation = 0
        self.closing = False
        self.seq = 0
        self._query_ids = 0
        self.changed = Signal()  # chats changed: wakes /sim long polls
        self.update_signal = Signal()  # updates queued or webhook changed: wakes getUpdates

    # -- identities ------------------------------------------------------------------------
    @property
    def bot(self) -> dict[str, Any]:
        """The User object of the first (default) bot."""
        return next(iter(self.bots.values()))

    def now(self) -> int:
        """Current Unix time in whole seconds, as Telegram's `date` fields."""
        return int(self.clock())

    def next_seq(self) -> int:
        """A new sequence number for the simulator page's change feed."""
        self.seq += 1
        return self.seq

    def new_query_id(self) -> str:
        """A fresh callback or inline query id (a long decimal string, as Telegram's)."""
        self._query_ids += 1
        return str(4_300_000_000_000_000_000 + self._query_ids)

    # -- chats and messages ------------------------------------------------------------------
    def find_chat(self, chat_id: int | str | None) -> ChatState | None:
        """The chat with this id or "@username", or None."""
        if isinstance(chat_id, str):
            wanted = chat_id.removeprefix("@").lower()
            for chat in self.chats.values():
                if str(chat.chat.get("username", "")).lower() == wanted:
                    return chat
            return None
        return self.chats.get(chat_id) if chat_id is not None else None

    def add_message(self, chat: ChatState, sender: str, content: dict[str, Any], *,
                    html: str | None = None) -> SimMessage:
        """Store a new message; `content` is the Message JSON without `message_id`."""
        message_id = chat.next_message_id
        chat.next_message_id += 1
        record = SimMessage(seq=self.next_seq(), chat_id=chat.id, message_id=message_id,
                            sender=sender, payload={"message_id": message_id, **content},
                            html=html)
        chat.messages[message_id] = record
        self.changed.fire()
        return record

    def touch(self, record: SimMessage) -> None:
        """Move an edited or deleted message to the end of the change feed."""
        record.seq = self.next_seq()
        self.changed.fire()

    def add_toast(self, chat: ChatState, toast_fields: dict[str, Any]) -> None:
        """Record a callback answer for the page to show."""
        chat.toasts.append(Toast(seq=self.next_seq(), chat_id=chat.id, **toast_fields))
        self.changed.fire()

    def set_action(self, chat: ChatState, action: str) -> None:
        """Record a chat action ("typing", ...) for the page to show."""
        chat.action = (self.next_seq(), action, self.clock())
        self.changed.fire()

    def changes(self, chat_id: int, after: int) -> dict[str, Any]:
        """Messages, toasts and the chat action that changed after sequence number `after`."""
        chat = self.chats.get(chat_id)
        if chat is None:
            return {"chat": None, "messages": [], "toasts": [], "action": None, "seq": self.seq}
        messages = sorted((m for m in chat.messages.values() if m.seq > after),
                          key=lambda m: m.seq)
        action = None
        if chat.action and chat.action[0] > after:
            action = {"action": chat.action[1], "time": chat.action[2]}
        return {"chat": chat.chat, "messages": [m.to_json() for m in messages],
                "toasts": [t.__dict__ for t in chat.toasts if t.seq > after],
                "action": action, "seq": self.seq}

    # -- updates -------------------------------------------------------------------------------
    def push_update(self, kind: str, obj: dict[str, Any]) -> int:
        """Queue an update of type `kind` and return its update_id."""
        update_id = self.next_update_id
        self.next_update_id += 1
        self.updates.append({"update_id": update_id, kind: obj})
        self.update_signal.fire()
        return update_id

    def confirm(self, offset: int) -> None:
        """Forget updates as getUpdates' `offset` does (negative: keep only the last -offset)."""
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]

    def deliverable(self) -> list[dict[str, Any]]:
        """Pending updates of allowed types; updates of other types are dropped, as Telegram."""
        self.updates = [u for u in self.updates if _update_type(u) in self.allowed_updates]
        return list(self.updates)

    # -- faults and calls ----------------------------------------------------------------------
    def take_fault(self, method: str) -> Fault | None:
        """Consume one use of the first fault scripted for `method` (or "*")."""
        for fault in self.faults:
            if fault.method in (method, "*") and fault.times > 0:
                fault.times -= 1
                if fault.times == 0:
                    self.faults.remove(fault)
                return fault
        return None

    def record_call(self, method: str, params: dict[str, Any], status: int,
                    description: str | None, started: float, duration_ms: float) -> None:
        """Append one Bot API call to the call log."""
        self.calls.append(RecordedCall(seq=len(self.calls) + 1, method=method, params=params,
                                       status=status, description=description, time=started,
                                       duration_ms=round(duration_ms, 3)))

    # -- lifecycle -----------------------------------------------------------------------------
    def close(self) -> None:
        """Release every long poll at once (the server is shutting down)."""
        self.closing = True
        self.changed.fire()
        self.update_signal.fire()

    def snapshot(self) -> dict[str, Any]:
        """A debugging view of the whole state (tokens left out)."""
        return {
            "bots": list(self.bots.values()), "privacy_mode": self.privacy_mode,
            "chats": {cid: {"chat": c.chat, "blocked": c.blocked, "messages": len(c.messages)}
                      for cid, c in self.chats.items()},
            "users": list(self.users.values()), "pending_updates": self.updates,
            "allowed_updates": sorted(self.allowed_updates),
            "webhook": ({k: v for k, v in self.webhook.__dict__.items() if k != "secret_token"}
                        if self.webhook else None),
            "faults": [f.__dict__ for f in self.faults], "calls": len(self.calls),
            "callback_queries": [q.__dict__ for q in self.callback_queries.values()],
            "inline_queries": [q.__dict__ for q in self.inline_queries.values()],
            "commands": self.commands, "seq": self.seq,
        }


def _update_type(update: dict[str, Any]) -> str:
    """The update's type: its one key besides update_id."""
    return next(key for key in update if key != "update_id")


STATE_KEY: web.AppKey[SimState] = web.AppKey("simulator_state", SimState)
