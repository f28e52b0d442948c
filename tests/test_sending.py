"""Telegram manners: rate limits, unparsable HTML, blocked users, network errors, long answers.

The local Bot API server is scripted to fail the way Telegram does; the real application
must still get the citizen an answer, or give up quietly when nobody can receive it.
"""

from __future__ import annotations

import logging

import pytest
from botkit import USER, BotHarness
from storagekit import wait_until
from telegram import Bot
from telegram.error import TimedOut
from telegram.request import HTTPXRequest

from bot.replies import Button, Reply
from bot.sending import send_reply


def send_calls(bot: BotHarness) -> list:
    return bot.api.calls_to("sendMessage")


async def test_a_429_with_retry_after_is_waited_out(bot: BotHarness,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="telegram.ext.AIORateLimiter")
    await bot.api.add_fault("sendMessage", 429, description="Too Many Requests: retry after 1",
                            retry_after=1)
    reply = await bot.ask("apa itu smart city")
    assert bot.shows(reply.text, "program.apa-itu")
    calls = send_calls(bot)
    assert [c.status for c in calls] == [429, 200]
    # The limiter waited what Telegram asked for (retry_after), not a guess of its own.
    assert any("Retrying after 1.1" in r.getMessage() for r in caplog.records)


async def test_unparsable_html_falls_back_to_plain_text(bot: BotHarness) -> None:
    await bot.api.add_fault("sendMessage", 400,
                            description="Bad Request: can't parse entities: Unsupported start "
                                        "tag \"b\" at byte offset 0")
    reply = await bot.ask("apa itu smart city")
    assert bot.shows(reply.text, "program.apa-itu")
    assert reply.entities == []  # plain text this time
    calls = send_calls(bot)
    assert [c.status for c in calls] == [400, 200]
    assert calls[0].params["parse_mode"] == "HTML" and "parse_mode" not in calls[1].params
    assert calls[1].params.get("reply_markup")  # the buttons survive the fallback


def sending_logs(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot.sending"]


async def test_a_network_error_is_retried(bot: BotHarness,
                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="bot.sending")
    await bot.api.add_fault("sendMessage", 502, description="Bad Gateway")
    reply = await bot.ask("apa itu smart city")
    assert bot.shows(reply.text, "program.apa-itu")
    assert [c.status for c in send_calls(bot)] == [502, 200]
    [logged] = sending_logs(caplog)
    assert "NetworkError" in logged and "private chat" in logged
    assert str(USER) not in logged  # a private chat's id is the citizen's Telegram id


async def test_a_timed_out_send_is_not_sent_twice(bot: BotHarness) -> None:
    # Telegram delivers the message but answers too late: sending again would duplicate it.
    await bot.ask("/start")
    slow_bot = Bot(bot.api.token, base_url=bot.api.base_url,
                   request=HTTPXRequest(read_timeout=0.2))
    await bot.api.add_fault("sendMessage", 200, delay_seconds=0.6)
    async with slow_bot:
        with pytest.raises(TimedOut):
            await send_reply(slow_bot, USER, Reply("Sekali saja"))
    # send_reply has returned: any retry would already have been made. Telegram got it once.
    await bot.api.wait_for_bot_message(USER, predicate=lambda m: m.text == "Sekali saja")
    assert [c.params["text"] for c in send_calls(bot)][1:] == ["Sekali saja"]
    assert [m.text for m in bot.bot_messages()[1:]] == ["Sekali saja"]


async def test_a_user_who_blocked_the_bot_is_not_retried(
        bot: BotHarness, caplog: pytest.LogCaptureFixture) -> None:
    await bot.ask("/start")
    await bot.api.block(USER)
    caplog.set_level(logging.INFO)
    await bot.api.send_text(USER, "apa itu smart city")
    await wait_until(lambda: any(c.status == 403 for c in send_calls(bot)))
    rows = await bot.rows(expect=2)
    assert rows[1]["outcome"] == "answer"  # handled and logged, just not deliverable
    assert [c.status for c in send_calls(bot)] == [200, 403]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    [logged] = sending_logs(caplog)
    assert "private chat" in logged and "Forbidden" in logged and str(USER) not in logged
    await bot.api.block(USER, blocked=False)
    reply = await bot.ask("halo")
    assert bot.shows(reply.text, "smalltalk.salam")


async def test_a_long_answer_is_split_at_paragraphs_with_buttons_last(bot: BotHarness) -> None:
    await bot.ask("/start")
    paragraphs = [f"<b>Bagian {n}</b> " + "kata " * 500 for n in range(3)]
    reply = Reply("\n\n".join(paragraphs), ((Button("Lanjut", "m:bantuan"),),))
    await send_reply(bot.application.bot, USER, reply)
    parts = bot.bot_messages()[1:]
    assert len(parts) == 3
    assert [p.text.split()[:2] for p in parts] == [["Bagian", "0"], ["Bagian", "1"],
                                                   ["Bagian", "2"]]
    assert all(len(p.text) <= 4096 for p in parts)
    assert [p.callback_data for p in parts] == [[], [], ["m:bantuan"]]


async def test_an_error_in_a_handler_is_logged_and_the_citizen_gets_an_apology(
        bot: BotHarness, caplog: pytest.LogCaptureFixture) -> None:
    # A BadRequest that is not about HTML cannot be fixed by retrying: it reaches the error
    # handler, which logs it and apologises.
    await bot.api.add_fault("sendMessage", 400, description="Bad Request: chat not found")
    caplog.set_level(logging.ERROR)
    apology = await bot.ask("apa itu smart city")
    assert apology.text.startswith("Maaf, terjadi kendala di sisi kami")
    assert any("Error while handling message update" in r.getMessage() for r in caplog.records)
