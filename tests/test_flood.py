"""The per-user flood guard: the pure counter, and the bot's one warning then silence."""

from __future__ import annotations

from pathlib import Path

import pytest
from botkit import USER, BotHarness, make_settings, wait_until

from bot.config import Settings
from bot.flood import FloodGuard, Verdict

A, W, S = Verdict.ALLOW, Verdict.WARN, Verdict.SILENT


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_limit_then_one_warning_then_silence_until_the_window_ends() -> None:
    clock = Clock()
    guard = FloodGuard(3, 10.0, clock=clock)
    verdicts = []
    for _ in range(6):
        verdicts.append(guard.check("u"))
        clock.now += 1
    assert verdicts == [A, A, A, W, S, S]
    clock.now += 10  # the mute (10 s from the warning) is over
    assert [guard.check("u") for _ in range(4)] == [A, A, A, W]


def test_users_are_counted_separately() -> None:
    guard = FloodGuard(1, 10.0, clock=Clock())
    assert [guard.check("a"), guard.check("b"), guard.check("a"), guard.check("b")] == [
        A, A, W, W]


def test_the_window_slides() -> None:
    clock = Clock()
    guard = FloodGuard(2, 10.0, clock=clock)
    assert [guard.check("u"), guard.check("u")] == [A, A]
    clock.now += 10.5  # both have left the window
    assert [guard.check("u"), guard.check("u"), guard.check("u")] == [A, A, W]


@pytest.mark.parametrize(("count", "window"), [(0, 10.0), (3, 0.0)])
def test_limits_must_be_positive(count: int, window: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        FloodGuard(count, window)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path, flood_max_messages=3, flood_window_seconds=60)


async def test_the_bot_warns_once_then_stays_silent(bot: BotHarness) -> None:
    for text in ("apa itu smart city", "halo", "halo"):
        await bot.ask(text)
    await bot.api.send_text(USER, "halo")
    warning = await bot.api.wait_for_bot_message(USER)
    assert warning.text.startswith("Mohon tunggu sebentar.")
    assert "60 detik" in warning.text
    for _ in range(3):
        await bot.api.send_text(USER, "halo")
    # Another citizen is still served, and only after that do we look for more replies.
    other = await bot.ask("halo", chat_id=3003)
    assert other.text.startswith("Halo")
    assert len(bot.bot_messages()) == 4  # three answers and one warning
    query = await bot.press(bot.bot_messages()[0], "r:")  # a press is answered, not handled
    await wait_until(lambda: query.answered)
    assert query.answer == {"text": "Mohon tunggu sebentar.", "show_alert": False, "url": None,
                            "cache_time": 0}
    assert len(bot.bot_messages()) == 4
