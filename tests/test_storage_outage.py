"""Silent outages (deadline.py, batches.py): a database that stops answering without an error.

PostgreSQL behind a black-holing proxy and a SQLite file locked by another connection: a write
that does not finish within the timeout moves its batch to the spool with one warning, closing
never waits for the database, and once it is back every record is stored exactly once (also
the batch whose abandoned write committed after all).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from netkit import SilentOutage
from sqlalchemy import Engine
from storagekit import FAST, lines, question, stored, wait_until

from bot.storage import QueryLog
from bot.storage.deadline import Abandoned, DeadlineExceeded, call_with_deadline

OUTAGE_TIMEOUT_S = 0.5  # DATABASE_TIMEOUT_SECONDS in these tests


async def test_a_silent_outage_spools_after_the_timeout_and_replays_exactly_once(
        silent_outage: SilentOutage, spool_path: Path, engine: Engine,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="bot.storage")
    before = question(question="sebelum gangguan")
    during = [question(question=f"saat gangguan {n}") for n in range(20)]
    later = [question(question=f"masih gangguan {n}") for n in range(5)]
    async with QueryLog(silent_outage.url, spool_path, timeout=OUTAGE_TIMEOUT_S, **FAST) as log:
        log.record(before)
        await log.flush()
        assert log.healthy and log.spooled == 0
        silent_outage.begin()
        for record in during:
            log.record(record)
        await log.flush()  # returns although the database never answers
        assert not log.healthy and log.spooled == len(during)
        for record in later:
            log.record(record)
        await log.flush()
        assert log.spooled == len(during) + len(later)
    # Closed while the database is still silent: everything pending is in the spool.
    assert len(lines(spool_path)) == len(during) + len(later)
    warnings = [r for r in caplog.records if "is unavailable" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING

    silent_outage.end()
    async with QueryLog(silent_outage.url, spool_path, **FAST) as log:
        await wait_until(lambda: log.spooled == 0, seconds=15)
    ids = [row["id"] for row in stored(engine)]
    assert sorted(ids) == sorted(record.id for record in [before, *during, *later])
    assert lines(spool_path) == []


async def test_a_call_past_its_deadline_is_abandoned_not_awaited() -> None:
    release = threading.Event()
    abandoned = Abandoned()
    with pytest.raises(DeadlineExceeded, match="0.05 s"):
        await call_with_deadline(lambda: release.wait(30), 0.05, abandoned=abandoned)
    assert abandoned.alive == 1  # still blocked, and nobody waits for it
    release.set()
    await wait_until(lambda: abandoned.alive == 0)


async def test_errors_and_results_of_a_call_come_back() -> None:
    assert await call_with_deadline(lambda: 42, 5) == 42

    def fails() -> None:
        raise TimeoutError("a socket timeout, not the deadline")

    with pytest.raises(TimeoutError, match="socket timeout"):
        await call_with_deadline(fails, 5)
