"""What every Bot API method implementation receives and may return."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from simulator.params import Params
from simulator.state import SimState


@dataclass(frozen=True)
class MethodContext:
    """What a method needs: the shared state and the calling bot's User object."""

    state: SimState
    token: str
    bot: dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """A result with the `description` Telegram adds to some successes ("Webhook was set")."""

    result: Any
    description: str


MethodFn = Callable[[MethodContext, Params], Awaitable[Any]]
