"""The whole bot during a silent database outage: answers go on, records wait, none is lost.

PostgreSQL behind a black-holing proxy and a SQLite file locked by another connection (see
tests/netkit.py). Questions asked during the outage are answered while it lasts; the running
bot, and a `smartcity-bot run` process stopped by SIGTERM in the middle of it, leave every
record in the database or the spool, and once the database is back each is stored exactly once.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from botkit import USER, BotHarness, make_settings, stored
from netkit import SilentOutage
from processkit import bot_environment, bot_process
from storagekit import FAST, wait_until

from bot.config import Settings
from bot.storage import QueryLog, QuestionRecord
from bot.storage.spool import Spool

QUESTIONS = ("apa itu smart city", "apa saja pilar smart city", "kapan smart city dimulai",
             "bagaimana cara daerah bergabung", "apa itu smart governance")
RECOVERY_GUARD_S = 20.0  # the writer's backoff reaches 5 s; a hang guard, not a target


@pytest.fixture
def settings(tmp_path: Path, silent_outage: SilentOutage) -> Settings:
    return make_settings(tmp_path, database_url=silent_outage.url, database_timeout_seconds=0.5)


def logged_questions(database_url: str) -> list[str]:
    return sorted(row["question"] for row in stored(database_url, "questions"))


def spooled_questions(path: Path) -> set[str]:
    return {record.question for chunk in Spool(path).read(100) for record in chunk
            if isinstance(record, QuestionRecord)}


async def test_questions_during_a_silent_outage_are_answered_then_logged_once(
        bot: BotHarness, silent_outage: SilentOutage) -> None:
    first = await bot.ask("halo")
    assert first.text.startswith("Halo")
    log = bot.services.query_log
    await wait_until(lambda: log.stats().written == 1)

    silent_outage.begin()
    for number, question in enumerate(QUESTIONS):
        reply = await bot.ask(question, chat_id=USER + number)  # answered during the outage
        assert not reply.text.startswith("Maaf, terjadi kendala")
    spool = bot.settings.spool_path
    await wait_until(lambda: set(QUESTIONS) <= spooled_questions(spool),
                     seconds=RECOVERY_GUARD_S)
    assert not log.healthy

    silent_outage.end()
    await wait_until(lambda: log.healthy and log.spooled == 0, seconds=RECOVERY_GUARD_S)
    assert logged_questions(silent_outage.direct_url) == sorted(["halo", *QUESTIONS])


async def test_sigterm_during_a_silent_outage_stops_the_bot_and_loses_nothing(
        tmp_path: Path, silent_outage: SilentOutage) -> None:
    spool = tmp_path / "spool.jsonl"
    env = bot_environment(tmp_path, DATABASE_URL=silent_outage.url, SPOOL_PATH=str(spool),
                          DATABASE_TIMEOUT_SECONDS="1")
    async with bot_process(tmp_path, env) as running:
        await running.ask("halo")
        await wait_until(lambda: logged_questions(silent_outage.direct_url) == ["halo"],
                         seconds=RECOVERY_GUARD_S)
        silent_outage.begin()
        for number, question in enumerate(QUESTIONS):
            reply = await running.ask(question, chat_id=USER + number)
            assert not reply["text"].startswith("Maaf, terjadi kendala")
        code, rest = await running.stop(signal.SIGTERM)  # within the stop hang guard
    assert code == 0 and "Traceback" not in rest
    # Nothing reached the silent database; everything is in the spool. ("halo" may be there
    # too: its commit may have been stored while the answer to it was held back.)
    assert logged_questions(silent_outage.direct_url) == ["halo"]
    assert set(QUESTIONS) <= spooled_questions(spool) <= {"halo", *QUESTIONS}

    silent_outage.end()
    async with QueryLog(silent_outage.direct_url, spool, **FAST) as log:
        await wait_until(lambda: log.spooled == 0, seconds=RECOVERY_GUARD_S)
    assert logged_questions(silent_outage.direct_url) == sorted(["halo", *QUESTIONS])
