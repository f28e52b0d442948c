"""Indonesian names and chart colours for the values the log stores in English."""

from __future__ import annotations

from bot.outcome import Outcome
from bot.storage.models import Channel

OUTCOMES: dict[str, tuple[str, str]] = {  # value: (label, colour)
    Outcome.ANSWER.value: ("Terjawab", "#2f7d4f"),
    Outcome.SUGGEST.value: ("Ditawari pilihan", "#2f6db3"),
    Outcome.FALLBACK.value: ("Tidak terjawab", "#c2522d"),
    Outcome.SMALLTALK.value: ("Sapaan", "#8a8f98"),
    Outcome.COMMAND.value: ("Perintah", "#7c4dac"),
    Outcome.NON_TEXT.value: ("Bukan teks", "#b08a2e"),
}
CHANNELS: dict[str, str] = {
    Channel.PRIVATE.value: "Chat pribadi",
    Channel.GROUP.value: "Grup",
    Channel.INLINE.value: "Mode inline",
    Channel.DEEPLINK.value: "Tautan langsung",
}
FEEDBACK: dict[str, str] = {"up": "👍 Membantu", "down": "👎 Tidak membantu",
                            "none": "Tanpa umpan balik"}


def outcome_label(value: str) -> str:
    """The Indonesian name of an outcome (the raw value if a newer version added it)."""
    return OUTCOMES.get(value, (value, ""))[0]


def outcome_color(value: str) -> str:
    """The chart colour of an outcome."""
    return OUTCOMES.get(value, ("", "#555"))[1]


def channel_label(value: str, payload: str | None = None) -> str:
    """The Indonesian name of a channel, with the deep-link payload when there is one."""
    label = CHANNELS.get(value, value)
    return f"{label}: {payload}" if payload else label
