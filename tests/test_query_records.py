"""What the running bot hands to the query log: one masked, pseudonymous record per message.

Covers the wiring in `bot.telegram_context` and the handlers: personal data masked, no Telegram id
anywhere, the user key an HMAC of the id, and a database outage that never delays a reply.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from botkit import BotHarness, Outage
from storagekit import wait_until

from bot.knowledge_watch import LoadedKnowledge
from bot.matcher import Matcher
from bot.privacy import user_key

CITIZEN = 987654321
QUESTION = ("NIK saya 3171012345670001, HP 0812-3456-7890, email budi.santoso@mail.go.id: "
            "apakah Kota Bandung ikut smart city?")


async def test_records_are_masked_and_pseudonymous(bot: BotHarness) -> None:
    reply = await bot.ask(QUESTION, chat_id=CITIZEN)
    assert bot.shows(reply.text, "daerah.kota-bandung")
    query = await bot.press(reply, "f:", user_id=CITIZEN)
    await bot.answered(query)
    [row] = await bot.rows()
    assert row["question"] == ("NIK saya [NIK], HP [TELEPON], email [EMAIL]: apakah Kota "
                               "Bandung ikut smart city?")
    assert "3171012345670001" not in (row["normalized"] or "")
    assert "santoso" not in row["normalized"]  # masked before normalising drops the "@"
    assert "kota bandung" in row["normalized"]
    assert row["user_key"] == user_key(bot.services.user_key_secret, CITIZEN)
    assert (row["outcome"], row["entry_id"], row["channel"], row["chat_type"]) == (
        "answer", "daerah.kota-bandung", "private", "private")
    assert row["score"] > 0 and row["latency_ms"] >= 0
    assert row["knowledge_version"] == bot.services.knowledge_version
    [event] = await bot.rows("button_events")
    assert event["user_key"] == row["user_key"] and event["query_id"] == row["id"]
    everything = str(row) + str(event)
    for secret in (str(CITIZEN), "3171012345670001", "0812", "budi.santoso"):
        assert secret not in everything
    database = Path(bot.settings.database_url.get_secret_value().removeprefix("sqlite:///"))
    raw = b"".join(p.read_bytes() for p in database.parent.glob(database.name + "*"))
    assert str(CITIZEN).encode() not in raw and b"3171012345670001" not in raw


async def test_commands_and_media_are_logged_too(bot: BotHarness) -> None:
    await bot.ask("/pilar")
    await bot.api.send_media(1001, "photo")
    await bot.api.wait_for_bot_message(1001)
    rows = await bot.rows(expect=2)
    assert [(r["outcome"], r["question"], r["entry_id"]) for r in rows] == [
        ("command", "/pilar", "pilar.daftar"), ("non_text", "[photo]", None)]


async def test_a_reload_during_the_reply_logs_the_version_that_answered(
        bot: BotHarness) -> None:
    holder = bot.services.knowledge
    answered_with = holder.current.matcher.kb.version
    edited = Matcher(dataclasses.replace(holder.current.matcher.kb, version="edited"))
    await bot.api.add_fault("sendMessage", 200, delay_seconds=0.3)
    await bot.api.send_text(1001, "apa itu smart city")
    await wait_until(lambda: not bot.api.state.faults)  # the answer is on its way
    holder.swap(LoadedKnowledge(edited, holder.current.codes))
    await bot.api.wait_for_bot_message(1001)
    [row] = await bot.rows()
    assert row["knowledge_version"] == answered_with != "edited"


@pytest.mark.parametrize("outage", [True], indirect=True)
async def test_a_database_outage_delays_only_the_log(bot: BotHarness, outage: Outage) -> None:
    reply = await bot.ask("apa itu smart city")
    assert bot.shows(reply.text, "program.apa-itu")
    log = bot.services.query_log
    await wait_until(lambda: log.spooled == 1)  # the record follows the reply into the spool
    assert not log.healthy
    outage.down = False
    [row] = await bot.rows()
    assert row["entry_id"] == "program.apa-itu"
    assert log.healthy and log.spooled == 0
