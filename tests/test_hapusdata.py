"""`/hapusdata`: a citizen deletes every record stored under their user key (SQLite, PostgreSQL).

Records already written, still queued, and waiting in the spool are all deleted; other citizens'
records stay; the bot says how many it deleted, and the request itself leaves no record.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from botkit import BotHarness, make_settings, stored
from netkit import SilentOutage
from storagekit import wait_until

from bot import callback_data
from bot.config import Settings
from bot.deletion_replies import confirm_deletion, deletion_failed
from bot.storage import QuestionRecord
from bot.storage.spool import Spool

CITIZEN, OTHER = 4101, 4102
GROUP = -1004100
YES, NO = callback_data.delete_data(True), callback_data.delete_data(False)


@pytest.fixture
def settings(tmp_path: Path, silent_outage: SilentOutage) -> Settings:
    # The database can be silenced (tests/netkit.py); rows are read around the outage.
    return make_settings(tmp_path, database_url=silent_outage.url, database_timeout_seconds=0.5)


@pytest.fixture
def rows_of(bot: BotHarness, silent_outage: SilentOutage) -> Callable[..., list[dict]]:
    """A citizen's stored rows, read without going through the outage."""
    def rows(chat_id: int, table: str = "questions") -> list[dict]:
        key = bot.services.user_key(chat_id)
        return [row for row in stored(silent_outage.direct_url, table) if row["user_key"] == key]
    return rows


async def written(bot: BotHarness, count: int) -> None:
    """Wait until the query log has written `count` records (reading them back would go
    through the proxy, which runs on this test's event loop)."""
    await wait_until(lambda: bot.services.query_log.stats().written >= count)


async def ask_for_deletion(bot: BotHarness, chat_id: int, choice: str) -> str:
    """Send /hapusdata, press a button, return the bot's last message."""
    prompt = await bot.ask("/hapusdata", chat_id=chat_id)
    assert prompt.text.startswith("Anda meminta penghapusan data")
    assert prompt.callback_data == [YES, NO]
    seq = bot.api.last_seq
    await bot.answered(await bot.press(prompt, choice, user_id=chat_id))
    reply = await bot.api.wait_for_bot_message(
        chat_id, after_seq=seq, predicate=lambda m: m.message_id != prompt.message_id)
    [shown] = [m for m in bot.api.messages(chat_id) if m.message_id == prompt.message_id]
    assert shown.callback_data == []  # the buttons are gone
    return reply.text


async def test_hapusdata_deletes_every_record_of_the_citizen_and_says_how_many(
        bot: BotHarness, rows_of: Callable[..., list[dict]]) -> None:
    answer = await bot.ask("apa itu smart city", chat_id=CITIZEN)
    await bot.answered(await bot.press(answer, "f:", user_id=CITIZEN))  # 👍
    await bot.ask("apa saja pilar smart city", chat_id=CITIZEN)
    await bot.ask("apa itu smart city", chat_id=OTHER)
    await written(bot, 4)  # three questions and the press
    # One more question whose record may still be queued when the deletion is asked for.
    await bot.ask("kapan smart city dimulai", chat_id=CITIZEN)

    text = await ask_for_deletion(bot, CITIZEN, YES)
    assert text.startswith("Selesai. 4 catatan atas kode pengguna Anda telah dihapus.")
    await bot.services.query_log.flush()
    assert rows_of(CITIZEN) == [] and rows_of(CITIZEN, "button_events") == []
    assert [row["question"] for row in rows_of(OTHER)] == ["apa itu smart city"]

    assert (await ask_for_deletion(bot, CITIZEN, YES)).startswith(
        "Selesai. Tidak ada catatan")  # the request itself left nothing behind


async def test_batal_deletes_nothing(bot: BotHarness,
                                     rows_of: Callable[..., list[dict]]) -> None:
    await bot.ask("apa itu smart city", chat_id=CITIZEN)
    await written(bot, 1)
    assert (await ask_for_deletion(bot, CITIZEN, NO)).startswith("Baik, penghapusan dibatalkan")
    assert len(rows_of(CITIZEN)) == 1


async def test_in_a_group_the_bot_points_to_the_private_chat(bot: BotHarness) -> None:
    await bot.api.send_text(GROUP, "/hapusdata", chat_type="supergroup", user_id=CITIZEN)
    reply = await bot.api.wait_for_bot_message(GROUP)
    assert "hanya bisa diminta di chat pribadi" in reply.text
    assert reply.callback_data == []  # no button anyone in the group could press


async def test_records_in_the_spool_are_deleted_even_while_the_database_is_down(
        bot: BotHarness, silent_outage: SilentOutage,
        rows_of: Callable[..., list[dict]]) -> None:
    await bot.ask("apa itu smart city", chat_id=CITIZEN)
    await written(bot, 1)
    silent_outage.begin()
    log = bot.services.query_log
    await bot.ask("apa saja pilar smart city", chat_id=CITIZEN)
    await bot.ask("apa saja pilar smart city", chat_id=OTHER)
    await wait_until(lambda: log.spooled == 2)

    # The database is down: the spooled records go at once, the stored one cannot yet.
    assert await ask_for_deletion(bot, CITIZEN, YES) == deletion_failed().html
    spooled = [r for chunk in Spool(bot.settings.spool_path).read(10) for r in chunk
               if isinstance(r, QuestionRecord)]
    assert [r.user_key for r in spooled] == [bot.services.user_key(OTHER)]

    silent_outage.end()
    await wait_until(lambda: log.healthy and log.spooled == 0, seconds=15)
    text = await ask_for_deletion(bot, CITIZEN, YES)
    # The first question, and on PostgreSQL also the spooled one: the write the writer gave up
    # on during the outage was only held back by the proxy, and committed when it resumed.
    assert re.match(r"Selesai\. [12] catatan atas kode pengguna Anda telah dihapus", text)
    assert rows_of(CITIZEN) == [] and len(rows_of(OTHER)) == 1


def test_the_confirmation_names_the_retention_period() -> None:
    assert "setelah 90 hari" in confirm_deletion(90).html
