"""Handle many updates at once without letting one chat take every handler slot.

PTB's default processor lets any `CONCURRENT_UPDATES` updates run together. When a busy group's
replies wait for Telegram's per-group rate limit, its updates can fill every slot and a private
question waits behind them (issue 7: 72 s). `FairUpdateProcessor` first takes a slot of the
update's chat (at most `per_chat` of them run at once), and only then one of the `shared`
slots; waiting for a chat slot holds no shared one. The flood guard drops a group's excess
quickly, so a chat's own queue stays short.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

PER_CHAT_UPDATES = 4  # slots one chat may hold at once
PENDING_UPDATES = 1024  # updates started, running or waiting for a slot (PTB's own bound)


@dataclass
class _ChatSlots:
    """The slots of one chat and how many updates use or wait for them."""

    semaphore: asyncio.Semaphore
    users: int = field(default=0)


class FairUpdateProcessor(BaseUpdateProcessor):
    """`shared` updates at once in all, at most `per_chat` of them from one chat."""

    def __init__(self, shared: int, per_chat: int = PER_CHAT_UPDATES,
                 pending: int = PENDING_UPDATES) -> None:
        """Create the processor.

        Args:
            shared: Updates handled at once over all chats.
            per_chat: Updates of one chat (or one user outside chats) handled at once.
            pending: Updates let in at all; more wait in PTB's queue.

        Raises:
            ValueError: If a number is not positive or `per_chat` exceeds `shared`.
        """
        super().__init__(pending)
        if not 0 < per_chat <= shared:
            raise ValueError("per_chat must be positive and at most shared")
        self._shared = asyncio.Semaphore(shared)
        self._per_chat = per_chat
        self._chats: dict[int, _ChatSlots] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Take a slot of the update's chat, then a shared one, then handle the update."""
        key = _chat_key(update)
        if key is None:
            async with self._shared:
                await coroutine
            return
        slots = self._chats.get(key)
        if slots is None:
            slots = self._chats[key] = _ChatSlots(asyncio.Semaphore(self._per_chat))
        slots.users += 1
        try:
            async with slots.semaphore, self._shared:
                await coroutine
        finally:
            slots.users -= 1
            if not slots.users:
                del self._chats[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _chat_key(update: object) -> int | None:
    """The chat an update belongs to (the user for inline queries), or None."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
