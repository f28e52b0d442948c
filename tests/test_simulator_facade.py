"""The `LocalBotApi` facade (facade.py) and its state (state.py)."""

from __future__ import annotations

import pytest
from simulatorkit import CHAT

from simulator import LocalBotApi, SimError
from simulator.state import SimState


async def test_wait_for_bot_message_times_out_quickly(api: LocalBotApi, chat: int) -> None:
    with pytest.raises(TimeoutError, match="no bot message"):
        await api.wait_for_bot_message(chat, timeout=0.05)


async def test_facade_rejects_impossible_actions(api: LocalBotApi) -> None:
    with pytest.raises(SimError):
        await api.press(CHAT, 1, "x")
    with pytest.raises(SimError):
        await api.add_fault("getMe", 418)


def test_state_rejects_malformed_tokens() -> None:
    with pytest.raises(ValueError, match="digits"):
        SimState(["nonsense"])
