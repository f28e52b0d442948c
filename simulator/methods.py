"""The table of Bot API methods the local server implements.

Telegram matches method names case-insensitively, so the table is keyed by the lower-case name
and keeps Telegram's spelling for the call log. Each method is a coroutine taking the call's
`MethodContext` and `Params`, returning the `result` (or a `Reply` that adds a description) and
raising `ApiError` for failures.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator import api_bot, api_messages
from simulator.method_context import MethodFn


@dataclass(frozen=True)
class MethodEntry:
    """One implemented method: Telegram's spelling and its implementation."""

    name: str
    fn: MethodFn


_TABLE: dict[str, MethodEntry] = {
    name.lower(): MethodEntry(name, fn)
    for module_table in (api_bot.METHODS, api_messages.METHODS)
    for name, fn in module_table.items()
}


def find_method(name: str) -> MethodEntry | None:
    """The implemented method called `name` (any case), or None."""
    return _TABLE.get(name.lower())


def canonical_method(name: str) -> str:
    """Telegram's spelling of a method name, "*" for any; ValueError for an unknown one."""
    if name == "*":
        return name
    entry = find_method(name)
    if entry is None:
        raise ValueError(f"unknown Bot API method {name!r}")
    return entry.name


def method_names() -> list[str]:
    """Every implemented method, in Telegram's spelling."""
    return sorted(entry.name for entry in _TABLE.values())
