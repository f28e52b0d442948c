"""The flood guard: token buckets (pure, with a fake clock), and the bot's one truthful warning
then silence. Busy groups are in tests/test_group_burst.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from botkit import USER, BotHarness, make_settings
from botkit import FakeClock as Clock
from storagekit import wait_until

from bot.config import Settings
from bot.flood import BUTTON_COST, FloodGuard, Verdict
from handlers.flood import INLINE_QUERIES_PER_MESSAGE

A, W, S = Verdict.ALLOW, Verdict.WARN, Verdict.SILENT
FLOOD_DEFAULTS = {name: Settings.model_fields[name].default
                  for name in ("flood_max_messages", "flood_window_seconds")}


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


def test_a_button_press_costs_half_a_message() -> None:
    guard = FloodGuard(2, 10.0, clock=Clock())
    assert [guard.check("u", cost=BUTTON_COST) for _ in range(5)] == [A, A, A, A, W]


# A citizen's afternoon, second by second: (seconds since the previous action, cost).
EXPLORING = [
    (0, 1), (4, 1), (6, 1), (5, 1),  # /start, then three questions typed quickly
    (1, BUTTON_COST), (1, BUTTON_COST), (1, BUTTON_COST),  # three buttons under the answers
    (2, 1), (1, 1),  # /start again, then a sticker
    *[(2, BUTTON_COST), (2, BUTTON_COST), (20, 1)] * 20,  # menus and a question or three a minute
]


def test_a_citizen_exploring_normally_is_never_warned() -> None:
    clock = Clock()
    guard = FloodGuard(10, 30.0, clock=clock)  # the defaults
    verdicts = []
    for pause, cost in EXPLORING:
        clock.now += pause
        verdicts.append(guard.check("warga", cost=cost))
    assert set(verdicts) == {A}


def test_a_script_is_warned_once_and_answered_again_exactly_when_told() -> None:
    clock = Clock()
    guard = FloodGuard(10, 30.0, clock=clock)
    verdicts = []
    for _ in range(90):  # 30 messages a second for three seconds
        verdicts.append(guard.check("skrip"))
        clock.now += 1 / 30
    assert verdicts.count(W) == 1 and verdicts.index(W) == 10
    assert set(verdicts[11:]) == {S}
    warned_at = 1000.0 + 10 / 30
    clock.now = warned_at + 30 - 0.01  # the warning said "30 detik"
    assert guard.check("skrip") is S
    clock.now = warned_at + 30
    assert [guard.check("skrip") for _ in range(10)] == [A] * 10  # the bucket is full again


@pytest.mark.parametrize(("count", "window"), [(0, 10.0), (3, 0.0)])
def test_limits_must_be_positive(count: int, window: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        FloodGuard(count, window)


@pytest.fixture
def settings(tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Three messages per minute; parametrized with None: the shipped flood settings."""
    if getattr(request, "param", "small") is None:
        return make_settings(tmp_path, flood_max_messages=FLOOD_DEFAULTS["flood_max_messages"],
                             flood_window_seconds=FLOOD_DEFAULTS["flood_window_seconds"])
    return make_settings(tmp_path, flood_max_messages=3, flood_window_seconds=60)


async def test_the_bot_warns_once_then_stays_silent(bot: BotHarness) -> None:
    for text in ("apa itu smart city", "halo", "halo"):
        await bot.ask(text)
    await bot.api.send_text(USER, "halo")
    warning = await bot.api.wait_for_bot_message(USER)
    assert warning.text.startswith("Mohon tunggu sebentar.")
    assert "dalam 60 detik ke depan tidak akan saya jawab" in warning.text
    for _ in range(3):
        await bot.api.send_text(USER, "halo")
    # Another citizen is still served, and only after that do we look for more replies.
    other = await bot.ask("halo", chat_id=3003)
    assert bot.shows(other.text, "smalltalk.salam")
    assert len(bot.bot_messages()) == 4  # three answers and one warning
    query = await bot.press(bot.bot_messages()[0], "r:")  # a press is answered, not handled
    await wait_until(lambda: query.answered)
    assert query.answer == {"text": "Mohon tunggu sebentar.", "show_alert": False, "url": None,
                            "cache_time": 0}
    assert len(bot.bot_messages()) == 4


async def test_edited_questions_are_counted(bot: BotHarness) -> None:
    await bot.ask("apa itu smart city")
    question = next(m for m in bot.api.messages(USER) if m.sender == "user")
    replies = []
    for text in ("apa saja pilar smart city", "apa itu smart city", "halo"):
        seq = bot.api.last_seq
        await bot.api.edit(USER, question.message_id, text)
        replies.append((await bot.api.wait_for_bot_message(USER, after_seq=seq)).text)
    assert bot.shows(replies[0], "pilar.daftar")
    assert bot.shows(replies[1], "program.apa-itu")
    assert replies[2].startswith("Mohon tunggu sebentar.")  # the third edit is one too many
    assert len(bot.bot_messages()) == 4


@pytest.mark.parametrize("privacy_mode", [False])  # as when the bot is a group admin
async def test_commands_for_other_bots_are_not_counted(bot: BotHarness) -> None:
    group, member = -100300, 2002
    for number in range(5):
        await bot.api.send_text(group, f"/warn@modbot spam {number}", chat_type="supergroup",
                                user_id=member)
    await bot.api.send_text(group, "/tanya apa itu smart city", chat_type="supergroup",
                            user_id=member)
    reply = await bot.api.wait_for_bot_message(group)
    assert bot.shows(reply.text, "program.apa-itu")
    assert len(bot.bot_messages(group)) == 1


async def test_inline_queries_are_counted_apart_and_never_warned(bot: BotHarness) -> None:
    limit = 3 * INLINE_QUERIES_PER_MESSAGE
    records = [await bot.api.inline("apa itu smart city", user_id=USER)
               for _ in range(limit + 2)]
    await wait_until(lambda: all(r.answered for r in records))
    counts = [len(bot.api.inline_results(r.id)) for r in records]
    assert all(counts[:limit]) and counts[limit:] == [0, 0]
    assert bot.api.state.inline_queries[records[-1].id].options["cache_time"] == 0
    assert [m for chat in bot.api.state.chats for m in bot.api.messages(chat)] == []
    reply = await bot.ask("halo")  # the chat allowance is untouched
    assert bot.shows(reply.text, "smalltalk.salam")


@pytest.mark.parametrize("settings", [None], indirect=True)
async def test_a_newcomer_exploring_the_simulator_is_never_warned(bot: BotHarness) -> None:
    # As in issue 7: /start, three questions, three buttons, /start, then a sticker, as fast as
    # the bot answers, with the shipped flood settings.
    menu = await bot.ask("/start")
    answers = [await bot.ask(q) for q in ("apa itu smart city", "apa saja pilar smart city",
                                          "bagaimana cara daerah bergabung")]
    for answer in answers:
        await bot.answered(await bot.press(answer, "r:"))
    await bot.ask("/start")
    await bot.api.send_media(USER, "sticker")
    await bot.api.wait_for_bot_message(USER)
    await bot.answered(await bot.press(menu, "m:bantuan"))
    texts = [m.text for m in bot.bot_messages()]
    assert not [t for t in texts if t.startswith("Mohon tunggu")]
    toasts = [q.answer["text"] for q in bot.api.state.callback_queries.values() if q.answer]
    assert toasts == [""] * 4  # answered without a "Mohon tunggu sebentar." toast


@pytest.mark.parametrize("settings", [None], indirect=True)
async def test_a_script_gets_one_truthful_warning(bot: BotHarness) -> None:
    for number in range(40):
        await bot.api.send_text(USER, f"pertanyaan {number}")
    await bot.idle()
    texts = [m.text for m in bot.bot_messages()]
    warnings = [t for t in texts if t.startswith("Mohon tunggu")]
    assert len(warnings) == 1 and len(texts) == 11  # ten answers, then the warning
    assert "dalam 30 detik ke depan tidak akan saya jawab" in warnings[0]
