"""A reply as plain data: Telegram HTML and inline buttons, before any Telegram object exists.

Every reply builder (answers, fallbacks, menus, admin messages) returns a `Reply`;
`bot.sending` turns it into Telegram messages. Kept apart so builders can share it without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Button:
    """One inline button: callback data or a URL."""

    text: str
    data: str | None = None
    url: str | None = None


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Reply:
    """One reply: Telegram HTML (split later if too long) and its inline keyboard."""

    html: str
    buttons: Keyboard = ()
