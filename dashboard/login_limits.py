"""Failed logins, counted per account name and per client address, to slow down guessing.

After `per_name` failures for one name, or `per_address` from one address, within `window`,
further attempts are refused without checking the password until the oldest failure leaves
the window. A success clears the name's count. Counts live in memory (one dashboard process)
and the number of names and addresses remembered is bounded, so a flood cannot exhaust memory.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from datetime import datetime, timedelta

PER_NAME = 5
PER_ADDRESS = 20
WINDOW = timedelta(minutes=15)
MAX_KEYS = 10_000


class LoginLimiter:
    """Sliding-window counts of failed logins."""

    def __init__(self, *, per_name: int = PER_NAME, per_address: int = PER_ADDRESS,
                 window: timedelta = WINDOW, max_keys: int = MAX_KEYS) -> None:
        self._limits = {"name": per_name, "address": per_address}
        self._window = window
        self._max_keys = max_keys
        self._failures: OrderedDict[tuple[str, str], deque[datetime]] = OrderedDict()

    def _recent(self, key: tuple[str, str], now: datetime) -> deque[datetime]:
        times = self._failures.get(key, deque())
        while times and now - times[0] >= self._window:
            times.popleft()
        return times

    def wait(self, name: str, address: str, now: datetime) -> timedelta | None:
        """How long until this name and address may try again; None if they may now."""
        waits = []
        for key in (("name", name), ("address", address)):
            times = self._recent(key, now)
            if len(times) >= self._limits[key[0]]:
                waits.append(times[-self._limits[key[0]]] + self._window - now)
        return max(waits) if waits else None

    def failed(self, name: str, address: str, now: datetime) -> None:
        """Count one failed attempt."""
        for key in (("name", name), ("address", address)):
            times = self._recent(key, now)
            times.append(now)
            self._failures[key] = times
            self._failures.move_to_end(key)
        while len(self._failures) > self._max_keys:
            self._failures.popitem(last=False)

    def succeeded(self, name: str) -> None:
        """Forget the name's failures after a correct password."""
        self._failures.pop(("name", name), None)


def minutes(wait: timedelta) -> int:
    """A wait in whole minutes, rounded up (at least 1), for the message."""
    return max(1, math.ceil(wait.total_seconds() / 60))
