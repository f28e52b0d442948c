"""What each citizen asked last, kept a few minutes in memory to read follow-up questions.

"syaratnya apa?" right after an answer about Smart Province asks about Smart Province. The
handler remembers the topic of the last answer per pseudonymous conversation key and hands it
to the matcher with the next question. Nothing here is stored anywhere: the memory is a
bounded dictionary that forgets a topic after `ttl_seconds`, and the clock is injectable so
that tests never sleep.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

MAX_CONVERSATIONS = 10_000  # citizens remembered at once; the oldest are forgotten first


@dataclass(frozen=True)
class PreviousTopic:
    """The entry the citizen's previous question was answered with."""

    entry_id: str


class ConversationMemory:
    """The last answered topic per conversation key, forgotten after a few minutes."""

    def __init__(self, ttl_seconds: float, *, clock: Callable[[], float] = time.monotonic,
                 max_conversations: int = MAX_CONVERSATIONS) -> None:
        self._ttl = ttl_seconds
        self._clock = clock
        self._max = max_conversations
        self._topics: OrderedDict[str, tuple[float, PreviousTopic]] = OrderedDict()

    def remember(self, key: str, entry_id: str) -> None:
        """Keep `entry_id` as the conversation's topic from now on."""
        if self._ttl <= 0:
            return
        self._topics.pop(key, None)
        self._topics[key] = (self._clock(), PreviousTopic(entry_id))
        while len(self._topics) > self._max:
            self._topics.popitem(last=False)

    def recall(self, key: str) -> PreviousTopic | None:
        """The conversation's topic, or None when there is none or it is too old."""
        found = self._topics.get(key)
        if found is None:
            return None
        stamp, topic = found
        if self._clock() - stamp > self._ttl:
            del self._topics[key]
            return None
        return topic

    def forget(self, key: str) -> None:
        """Drop the conversation's topic (e.g. after /start)."""
        self._topics.pop(key, None)

    def __len__(self) -> int:
        return len(self._topics)
