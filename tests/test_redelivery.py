"""Updates delivered twice (same update_id) are handled once: `bot.recent_updates` and the
first handler group; the webhook side is in tests/test_webhook_receiver.py.
"""

from __future__ import annotations

from botkit import USER, BotHarness, all_handled
from telegram import Update

from bot.recent_updates import RecentUpdates


def test_an_id_is_new_once_and_old_ids_are_forgotten() -> None:
    recent = RecentUpdates(capacity=2)
    assert [recent.first_time(i) for i in (1, 2, 1, 3)] == [True, True, False, True]
    assert recent.first_time(1)  # forgotten: only the last two are remembered
    assert not recent.first_time(3)


def message_update(bot: BotHarness, update_id: int, text: str) -> Update:
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": update_id % 1000, "date": 1_800_000_000, "text": text,
        "chat": {"id": USER, "type": "private", "first_name": "Warga"},
        "from": {"id": USER, "is_bot": False, "first_name": "Warga"}}}, bot.application.bot)


async def test_a_polled_update_delivered_twice_is_answered_and_logged_once(
        bot: BotHarness) -> None:
    await bot.ask("/start")  # the chat exists
    seq = bot.api.last_seq
    queue = bot.application.update_queue
    await queue.put(message_update(bot, 900_001, "apa itu smart city"))
    await queue.put(message_update(bot, 900_001, "apa itu smart city"))  # getUpdates again
    await all_handled(bot.application)
    answers = [m.text for m in bot.bot_messages() if m.seq > seq]
    assert len(answers) == 1 and bot.shows(answers[0], "program.apa-itu")
    rows = await bot.rows(expect=2)
    assert [r["question"] for r in rows].count("apa itu smart city") == 1
