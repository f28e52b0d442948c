"""Retention (LOG_RETENTION_DAYS): the daily purge in the running bot and `log purge`, on SQLite
and PostgreSQL. Deleting one citizen's records is in tests/test_hapusdata.py.
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from botkit import ROOT, BotHarness, make_settings, stored
from sqlalchemy import Engine
from storagekit import FAST, question, wait_until

from bot.config import Settings
from bot.knowledge import load_knowledge
from bot.matcher import Matcher
from bot.purge_job import daily_purge
from bot.storage import EventRecord, QueryLog
from bot.storage.models import utc_now
from bot.storage.retention import purge_all, retention_cutoff
from cli.log import purge

DAYS = 30


def aged(days: float, **overrides: object) -> list:
    """A question and a button event made `days` days ago."""
    when = utc_now() - timedelta(days=days)
    asked = question(created_at=when, **overrides)
    return [asked, EventRecord(user_key=asked.user_key, kind="feedback", query_id=asked.id,
                               value="up", created_at=when)]


async def fill(database_url: str, spool_path: Path, records: list) -> None:
    async with QueryLog(database_url, spool_path, **FAST) as log:
        for record in records:
            log.record(record)


def ids(engine: Engine, table: str = "questions") -> set[str]:
    return {row["id"] for row in stored(engine.url.render_as_string(hide_password=False),
                                        table)}


async def test_the_writer_purges_exactly_the_expired_records(database_url: str,
                                                             spool_path: Path,
                                                             engine: Engine) -> None:
    old, recent = aged(DAYS + 1), aged(DAYS - 1)
    async with QueryLog(database_url, spool_path, **FAST) as log:
        for record in old + recent:
            log.record(record)
        counted = await log.purge(DAYS, dry_run=True)  # after the records queued before it
        assert (counted.questions, counted.events) == (1, 1)
        assert ids(engine) == {old[0].id, recent[0].id}  # a dry run deletes nothing
        deleted = await log.purge(DAYS)
        assert (deleted.questions, deleted.events) == (1, 1)
    assert ids(engine) == {recent[0].id}
    assert ids(engine, "button_events") == {recent[1].id}


async def test_a_large_purge_goes_in_chunks(database_url: str, spool_path: Path,
                                            engine: Engine) -> None:
    old = [record for _ in range(7) for record in aged(DAYS + 5)]
    await fill(database_url, spool_path, old + aged(1))
    deleted = purge_all(engine, retention_cutoff(DAYS), limit=3)
    assert (deleted.questions, deleted.events) == (7, 7)
    assert len(ids(engine)) == 1


async def test_the_purge_job_repeats_and_survives_failures(
        tmp_path: Path, spool_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    log = QueryLog(url, spool_path, **FAST)
    await log.start()
    async with daily_purge(log, DAYS, every=0.01):
        # Written after the first purge ran: only a later run can delete them.
        await fill_later(log, aged(DAYS + 1))
        await wait_until(lambda: not stored(url, "questions"))
    await log.close()

    def failures() -> int:
        return sum("Could not delete query log records" in r.getMessage()
                   for r in caplog.records)

    async with daily_purge(log, DAYS, every=0.01):  # the log is closed: every purge fails
        await wait_until(lambda: failures() >= 2)


async def fill_later(log: QueryLog, records: list) -> None:
    for record in records:
        log.record(record)
    await log.flush()


# The running bot: old records are gone once it has started.


@pytest.fixture
async def prefilled(database_url: str, tmp_path: Path) -> AsyncIterator[dict[str, list]]:
    records = {"old": aged(DAYS + 1), "recent": aged(DAYS - 1)}
    await fill(database_url, tmp_path / "prefill.jsonl", records["old"] + records["recent"])
    yield records


@pytest.fixture
def settings(tmp_path: Path, database_url: str, prefilled: dict[str, list]) -> Settings:
    return make_settings(tmp_path, database_url=database_url, log_retention_days=DAYS)


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    """The shipped knowledge, rendered with this module's retention period."""
    return Matcher(load_knowledge(ROOT / "knowledge"), retention_days=DAYS)


async def test_the_running_bot_purges_expired_records(bot: BotHarness,
                                                      prefilled: dict[str, list]) -> None:
    url = bot.settings.database_url.get_secret_value()
    await wait_until(lambda: len(stored(url, "questions")) == 1)
    assert [row["id"] for row in stored(url, "questions")] == [prefilled["recent"][0].id]
    assert [row["id"] for row in stored(url, "button_events")] == [prefilled["recent"][1].id]


async def test_privasi_states_the_retention_period(bot: BotHarness) -> None:
    reply = await bot.ask("/privasi")
    assert f"paling lama {DAYS} hari" in reply.text and "/hapusdata" in reply.text
    assert "{retensi}" not in reply.text and "selama diperlukan" not in reply.text


# smartcity-bot log purge


async def test_log_purge_counts_then_deletes(database_url: str, tmp_path: Path,
                                             engine: Engine) -> None:
    old, recent = aged(DAYS + 1), aged(DAYS - 1)
    await fill(database_url, tmp_path / "spool.jsonl", old + recent)
    settings = make_settings(tmp_path, database_url=database_url, log_retention_days=DAYS)
    out = io.StringIO()
    assert purge(settings, dry_run=True, out=out) == 0
    assert out.getvalue().startswith("Akan dihapus: 1 pertanyaan dan 1 tekanan tombol yang "
                                     f"lebih lama dari {DAYS} hari")
    assert len(ids(engine)) == 2
    out = io.StringIO()
    assert purge(settings, out=out) == 0
    assert out.getvalue().startswith("Dihapus: 1 pertanyaan dan 1 tekanan tombol")
    assert ids(engine) == {recent[0].id}


def test_log_purge_never_creates_the_schema(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert purge(make_settings(tmp_path)) == 1
    assert "belum berisi log pertanyaan" in capsys.readouterr().err
