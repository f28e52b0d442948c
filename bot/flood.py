"""Flood limits: a token bucket per citizen, and one per group for what Telegram allows there.

Each key (a citizen, or a group chat) has a bucket of `burst` tokens that refills at
`burst / window_seconds` tokens a second. A message costs one token, a button press
BUTTON_COST (people tap through menus faster than they type). While tokens are left everything
is allowed, so someone exploring (/start, a few questions, a few buttons, /start again, a
sticker) never notices the guard; a script sending dozens a second empties the bucket in a
moment. The first message that finds the bucket empty gets WARN (warn once) and mutes the key
for `window_seconds`: messages sent meanwhile are SILENT (not handled, and not counted), and
when the mute ends the bucket is full again, so "wait N seconds" is the truth.

`AIORateLimiter` keeps the bot inside Telegram's own limits by delaying sends; a group bucket
(GROUP_MESSAGES_PER_MINUTE) refuses questions beyond what Telegram lets the bot send in one
group, so a busy group's backlog never waits in the limiter holding handler slots. Pure code
with an injectable clock; state is in memory only and holds no personal data beyond the key the
caller chooses.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import Enum

PURGE_EVERY_KEYS = 10_000  # forget idle keys once this many are tracked
BUTTON_COST = 0.5  # a button press costs half a message
GROUP_MESSAGES_PER_MINUTE = 20  # what Telegram lets a bot send in one group
GROUP_WINDOW_S = 60.0


class Verdict(Enum):
    """What to do with one message."""

    ALLOW = "allow"  # handle it
    WARN = "warn"  # the bucket was just found empty: warn once, do not handle it
    SILENT = "silent"  # still muted: ignore it


@dataclass
class _Bucket:
    """The tokens of one key, when they were last counted, and until when it is muted."""

    tokens: float
    updated: float
    muted_until: float = 0.0


class FloodGuard:
    """Token buckets of `burst` tokens refilled over `window_seconds`, one per key."""

    def __init__(self, burst: int, window_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        """Create a guard.

        Args:
            burst: Tokens in a full bucket (FLOOD_MAX_MESSAGES): messages in a row.
            window_seconds: Seconds to refill an empty bucket, and the mute after a warning
                (FLOOD_WINDOW_SECONDS).
            clock: Monotonic time in seconds; tests pass a fake one.

        Raises:
            ValueError: If either limit is not positive.
        """
        if burst < 1 or window_seconds <= 0:
            raise ValueError("burst and window_seconds must be positive")
        self.burst = burst
        self.window_seconds = window_seconds
        self._rate = burst / window_seconds
        self._clock = clock
        self._buckets: dict[Hashable, _Bucket] = {}

    def check(self, key: Hashable, *, cost: float = 1.0, scale: int = 1) -> Verdict:
        """Count one message (or press) from `key` and say whether to handle it.

        Args:
            key: Who sent it (for example the Telegram user id, or ("group", chat id)).
            cost: Tokens it takes (BUTTON_COST for a button press).
            scale: Multiplies the burst and the refill rate for this key (inline queries get
                several per message of the limit).

        Returns:
            ALLOW while tokens are left; WARN for the first message that finds the bucket
            empty (a mute of `window_seconds` starts); SILENT until the mute ends.
        """
        now = self._clock()
        capacity = self.burst * scale
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= PURGE_EVERY_KEYS:
                self._purge(now)
            bucket = self._buckets[key] = _Bucket(float(capacity), now)
        if now < bucket.muted_until:
            return Verdict.SILENT
        bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated) * self._rate * scale)
        bucket.updated = now
        if bucket.tokens >= cost:
            bucket.tokens -= cost
            return Verdict.ALLOW
        bucket.muted_until = now + self.window_seconds
        return Verdict.WARN

    def _purge(self, now: float) -> None:
        """Forget keys whose bucket has refilled and that are not muted."""
        full = [key for key, bucket in self._buckets.items()
                if bucket.muted_until <= now and now - bucket.updated >= self.window_seconds]
        for key in full:
            del self._buckets[key]


def group_guard(clock: Callable[[], float] = time.monotonic) -> FloodGuard:
    """The guard of group chats: Telegram's allowance of messages a bot may send per group."""
    return FloodGuard(GROUP_MESSAGES_PER_MINUTE, GROUP_WINDOW_S, clock=clock)
