"""Per-user flood guard: a few messages per window, then one polite warning, then silence.

`AIORateLimiter` keeps the bot inside Telegram's own limits; this guard keeps one citizen (or a
script) from using up that budget for everyone. Pure code with an injectable clock; state is
in memory only and holds no personal data beyond the key the caller chooses.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from enum import Enum

PURGE_EVERY_KEYS = 10_000  # forget idle users once this many are tracked


class Verdict(Enum):
    """What to do with one message."""

    ALLOW = "allow"  # handle it
    WARN = "warn"  # the limit was just reached: warn once, do not handle it
    SILENT = "silent"  # still inside the muted window: ignore it


@dataclass
class _UserState:
    """Recent message times of one user and until when they are muted."""

    times: deque[float] = field(default_factory=deque)
    muted_until: float = 0.0


class FloodGuard:
    """Allow `max_messages` per `window_seconds` and mute the rest of the window after that."""

    def __init__(self, max_messages: int, window_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """Create a guard.

        Args:
            max_messages: Messages allowed within one window (FLOOD_MAX_MESSAGES).
            window_seconds: Length of the sliding window and of the mute (FLOOD_WINDOW_SECONDS).
            clock: Monotonic time in seconds; tests pass a fake one.

        Raises:
            ValueError: If either limit is not positive.
        """
        if max_messages < 1 or window_seconds <= 0:
            raise ValueError("max_messages and window_seconds must be positive")
        self.max_messages = max_messages
        self.window_seconds = window_seconds
        self._clock = clock
        self._users: dict[Hashable, _UserState] = {}

    def check(self, key: Hashable, *, limit: int | None = None) -> Verdict:
        """Count one message from `key` and say whether to handle it.

        Args:
            key: Who sent it (for example the Telegram user id).
            limit: Messages this key may send per window (default: `max_messages`).

        Returns:
            ALLOW within the limit; WARN for the first message over it (the window then
            restarts as a mute); SILENT for every message until the mute ends.
        """
        now = self._clock()
        state = self._users.get(key)
        if state is None:
            if len(self._users) >= PURGE_EVERY_KEYS:
                self._purge(now)
            state = self._users[key] = _UserState()
        if now < state.muted_until:
            return Verdict.SILENT
        while state.times and state.times[0] <= now - self.window_seconds:
            state.times.popleft()
        if len(state.times) < (self.max_messages if limit is None else limit):
            state.times.append(now)
            return Verdict.ALLOW
        state.times.clear()
        state.muted_until = now + self.window_seconds
        return Verdict.WARN

    def _purge(self, now: float) -> None:
        """Forget users with nothing left in their window and no mute running."""
        horizon = now - self.window_seconds
        idle = [key for key, state in self._users.items()
                if state.muted_until <= now and (not state.times or state.times[-1] <= horizon)]
        for key in idle:
            del self._users[key]
