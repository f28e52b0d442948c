"""The update ids seen lately, so an update Telegram delivers twice is handled once.

Telegram delivers an update again when it did not see our answer in time (a webhook that timed
out, a `getUpdates` answer lost on the way). The second copy has the same `update_id`; the bot
must not answer it, log it or count it against the flood guard again. Ids only grow, so the
last RECENT_UPDATE_IDS of them are enough. Pure code, in memory only.
"""

from __future__ import annotations

from collections import deque

RECENT_UPDATE_IDS = 10_000  # far more than Telegram keeps pending for one bot


class RecentUpdates:
    """A bounded memory of update ids."""

    def __init__(self, capacity: int = RECENT_UPDATE_IDS) -> None:
        """Remember at most `capacity` ids (the oldest are forgotten first)."""
        if capacity < 1:
            raise ValueError("capacity must be positive")
        self._capacity = capacity
        self._order: deque[int] = deque()
        self._seen: set[int] = set()

    def first_time(self, update_id: int) -> bool:
        """Remember `update_id`; return False if it was seen before (a redelivery)."""
        if update_id in self._seen:
            return False
        self._seen.add(update_id)
        self._order.append(update_id)
        if len(self._order) > self._capacity:
            self._seen.discard(self._order.popleft())
        return True
