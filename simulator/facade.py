"""`LocalBotApi`: start the local Bot API server and play the citizen from Python.

Usage::

    async with LocalBotApi() as api:
        bot = telegram.Bot(api.token, base_url=api.base_url)
        await api.send_text(1001, "/start")
        reply = await api.wait_for_bot_message(1001)

The helpers change the same state as the `/sim` HTTP API, so a test and the browser page see
one world. Waiting helpers wake on changes instead of sleeping.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from aiohttp import web

from bot.config import is_loopback
from simulator import citizen
from simulator.records import CallbackQueryRecord, InlineQueryRecord, RecordedCall, SimMessage
from simulator.server import STATIC_DIR, create_app
from simulator.state import DEFAULT_TOKEN, SimState
from simulator.user_api import make_fault

logger = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT_SECONDS = 2.0


class LocalBotApi:
    """A local Telegram Bot API server with citizen-side helpers (see the module docstring).

    Args:
        tokens: Bot tokens the server accepts ("<digits>:<secret>"); the first is `token`.
        static_dir: Folder of the simulator page; None serves no page.
        privacy_mode: Deliver only commands, mentions and replies in groups (Telegram default).
    """

    def __init__(self, tokens: Iterable[str] | str = DEFAULT_TOKEN, *,
                 static_dir: Path | None = STATIC_DIR, privacy_mode: bool = True):
        token_list = [tokens] if isinstance(tokens, str) else list(tokens)
        self.state = SimState(token_list, privacy_mode=privacy_mode)
        self._static_dir = static_dir
        self._runner: web.AppRunner | None = None
        self._url: str | None = None

    # -- lifecycle -------------------------------------------------------------------------
    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on `host`:`port` (0 picks a free port)."""
        if self._runner is not None:
            raise RuntimeError("the local Bot API server is already running")
        app = create_app(self.state, static_dir=self._static_dir,
                         check_host=is_loopback(host))
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT_SECONDS)
        await runner.setup()
        site = web.TCPSite(runner, host, port)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise
        self._runner = runner
        bound_port = runner.addresses[0][1]
        url_host = f"[{host}]" if ":" in host else host
        self._url = f"http://{url_host}:{bound_port}"
        logger.info("Local Bot API server listening on %s", self._url)

    async def stop(self) -> None:
        """Release long polls and stop listening."""
        if self._runner is not None:
            self.state.close()
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LocalBotApi:
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        """Root URL of the server, e.g. http://127.0.0.1:8080 (the simulator page)."""
        if self._url is None:
            raise RuntimeError("the local Bot API server is not running")
        return self._url

    @property
    def base_url(self) -> str:
        """Bot API base URL for python-telegram-bot (it appends "<token>/<method>")."""
        return self.url + "/bot"

    @property
    def token(self) -> str:
        """The first (default) token the server accepts."""
        return next(iter(self.state.bots))

    # -- citizen actions -------------------------------------------------------------------
    async def send_text(self, chat_id: int, text: str, *, chat_type: str = "private",
                        user_id: int | None = None, reply_to: int | None = None,
                        chat_title: str | None = None) -> int | None:
        """A citizen sends `text`; returns the update_id (None if privacy mode withheld it).

        `user_id` defaults to `chat_id` in a private chat and to the simulator user 1001
        elsewhere; `reply_to` is the message_id being replied to.
        """
        record = citizen.send_text(self.state, chat_id, text, chat_type=chat_type,
                                   user=_user(user_id), chat_title=chat_title,
                                   reply_to_message_id=reply_to)
        return record.update_id

    async def send_media(self, chat_id: int, kind: str, *, chat_type: str = "private",
                         user_id: int | None = None, caption: str | None = None) -> int | None:
        """A citizen sends a sticker, photo, voice, location or document; returns update_id."""
        record = citizen.send_media(self.state, chat_id, kind, chat_type=chat_type,
                                    user=_user(user_id), caption=caption)
        return record.update_id

    async def press(self, chat_id: int, message_id: int, data: str, *,
                    user_id: int | None = None, forged: bool = False) -> CallbackQueryRecord:
        """A citizen presses a callback button; the record tracks the bot's answer.

        With `forged`, `data` need not be the button's (a modified client).
        """
        return citizen.press(self.state, chat_id, message_id, data, user=_user(user_id),
                             forged=forged)

    async def inline(self, query: str, *, user_id: int | None = None,
                     chat_type: str | None = "sender") -> InlineQueryRecord:
        """A citizen types an inline query; the record collects the bot's results."""
        return citizen.inline(self.state, query, user=_user(user_id), chat_type=chat_type)

    async def choose_inline(self, query_id: str, result_id: str) -> int:
        """A citizen picks the bot's inline result `result_id`; returns the update_id."""
        return citizen.choose_inline(self.state, query_id, result_id)

    async def edit(self, chat_id: int, message_id: int, text: str) -> int | None:
        """A citizen edits their message; returns the edited_message update_id."""
        return citizen.edit(self.state, chat_id, message_id, text).update_id

    async def channel_post(self, chat_id: int, text: str, *,
                           title: str | None = None) -> int | None:
        """A post appears in a channel; returns the channel_post update_id."""
        return citizen.channel_post(self.state, chat_id, text, title=title).update_id

    async def block(self, chat_id: int, blocked: bool = True) -> None:
        """The citizen blocks (or unblocks) the bot: sending to the chat then fails with 403."""
        citizen.block(self.state, chat_id, blocked)

    # -- scripting -------------------------------------------------------------------------
    async def add_fault(self, method: str, status: int = 429, *,
                        description: str | None = None, retry_after: int | None = None,
                        times: int = 1, delay_seconds: float = 0.0) -> None:
        """Script the next `times` answers of `method` ("*" for any); status 200 only delays."""
        fields: dict[str, Any] = {"method": method, "status": status, "times": times,
                                  "delay_seconds": delay_seconds, "description": description}
        if retry_after is not None:
            fields["retry_after"] = retry_after
        self.state.faults.append(make_fault(fields))

    async def clear_faults(self) -> None:
        """Remove every scripted fault."""
        self.state.faults.clear()

    # -- observation -----------------------------------------------------------------------
    @property
    def calls(self) -> list[RecordedCall]:
        """Every Bot API call so far, oldest first."""
        return list(self.state.calls)

    def calls_to(self, method: str) -> list[RecordedCall]:
        """The recorded calls of one method (any case)."""
        return [call for call in self.state.calls if call.method.lower() == method.lower()]

    @property
    def last_seq(self) -> int:
        """The latest sequence number of the chats' change feed."""
        return self.state.seq

    def messages(self, chat_id: int) -> list[SimMessage]:
        """All messages of a chat (citizen and bot, deleted ones included), by message_id."""
        chat = self.state.chats.get(chat_id)
        return sorted(chat.messages.values(), key=lambda m: m.message_id) if chat else []

    def inline_results(self, query_id: str) -> list[dict[str, Any]]:
        """The results the bot answered an inline query with (empty until it answers)."""
        query = self.state.inline_queries.get(query_id)
        return list(query.results) if query else []

    async def wait_for_bot_message(
        # `timeout` is a deadline for this polling loop, part of the test-facing API.
        self, chat_id: int, *, after_seq: int | None = None, timeout: float = 5.0,  # noqa: ASYNC109
        predicate: Callable[[SimMessage], bool] | None = None,
    ) -> SimMessage:
        """Wait for the next bot message (new or edited) in a chat.

        Args:
            chat_id: The chat to watch.
            after_seq: Only messages changed after this sequence number; by default after
                the citizen's latest action in the chat (message, edit or button press).
            timeout: Seconds to wait before raising TimeoutError.
            predicate: Extra condition the message must meet.

        Returns:
            The earliest matching bot message (deleted messages never match).
        """
        if after_seq is None:
            chat = self.state.chats.get(chat_id)
            after_seq = chat.citizen_seq if chat else 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            chat = self.state.chats.get(chat_id)
            found = sorted((m for m in (chat.messages.values() if chat else [])
                            if m.sender == "bot" and not m.deleted and m.seq > after_seq
                            and (predicate is None or predicate(m))), key=lambda m: m.seq)
            if found:
                return found[0]
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = [(m.sender, m.text[:40]) for m in self.messages(chat_id)]
                raise TimeoutError(f"no bot message in chat {chat_id} after seq {after_seq} "
                                   f"within {timeout} s; the chat has {seen}")
            await self.state.changed.wait(remaining)


def _user(user_id: int | None) -> dict[str, Any] | None:
    """A `user` argument for the citizen functions (None: their default)."""
    return None if user_id is None else {"id": user_id}
