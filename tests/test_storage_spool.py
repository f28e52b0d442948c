"""When the database is down (writer.py, sink.py, spool.py): spool, retry with backoff,
replay exactly once, skip torn lines and set refused records aside.
"""

from __future__ import annotations

import json
import logging
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from storagekit import FAST, Outage, lines, question, stored, wait_until, write_file

from bot.storage import EventRecord, QueryLog, current_version
from bot.storage.spool import Spool, record_from_json, record_to_json


async def test_database_down_spools_then_replays_exactly_once(
    database_url: str, spool_path: Path, engine: Engine
) -> None:
    outage = Outage()
    async with QueryLog(database_url, spool_path, engine_factory=outage, **FAST) as log:
        assert not log.healthy
        first = [question(question=f"saat mati {n}") for n in range(30)]
        tries = outage.tries
        for record in first:
            log.record(record)  # must neither block nor raise
        assert outage.tries == tries  # no database call on the way: the writer does those
        await log.flush()
        assert log.spooled == 30
        assert len(lines(spool_path)) == 30
        assert current_version(engine) == 0  # nothing reached the real database

        outage.down = False
        await wait_until(lambda: log.healthy and not log.spooled)
        assert lines(spool_path) == []
        second = [question(question=f"setelah pulih {n}") for n in range(5)]
        for record in second:
            log.record(record)
        await log.flush()
        assert log.spooled == 0
    ids = [row["id"] for row in stored(engine)]
    assert sorted(ids) == sorted(record.id for record in first + second)
    assert lines(spool_path) == []


async def test_an_idle_writer_retries_with_backoff_until_the_database_is_back(
    database_url: str, spool_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    outage = Outage()
    caplog.set_level(logging.DEBUG, logger="bot.storage.batches")
    async with QueryLog(database_url, spool_path, engine_factory=outage,
                        retry_interval=0.02, max_retry_interval=0.1) as log:
        def waits() -> list[float]:
            return [float(r.getMessage().split()[-2]) for r in caplog.records
                    if "next attempt in" in r.getMessage()]

        await wait_until(lambda: len(waits()) >= 5)
        assert not log.healthy
        assert waits()[:5] == [0.02, 0.04, 0.08, 0.1, 0.1]  # doubling, capped: no busy loop
        outage.down = False
        await wait_until(lambda: log.healthy)
    assert lines(spool_path) == []


async def test_close_while_down_spools_all_and_next_start_replays(
    database_url: str, spool_path: Path, engine: Engine
) -> None:
    records = [question() for _ in range(10)]
    async with QueryLog(database_url, spool_path, engine_factory=Outage(), **FAST) as log:
        for record in records:
            log.record(record)
    assert len(lines(spool_path)) == 10

    async with QueryLog(database_url, spool_path, **FAST) as log:
        assert log.spooled == 10
        await wait_until(lambda: log.spooled == 0)
    assert sorted(row["id"] for row in stored(engine)) == sorted(r.id for r in records)
    assert lines(spool_path) == []


async def test_replay_skips_records_already_stored(database_url: str, spool_path: Path,
                                                   engine: Engine) -> None:
    # As if the process died half-way through a replay: some spooled records are stored.
    written = [question() for _ in range(5)]
    async with QueryLog(database_url, spool_path, **FAST) as log:
        for record in written:
            log.record(record)
    fresh = [question() for _ in range(3)]
    Spool(spool_path).append(written + fresh)

    async with QueryLog(database_url, spool_path, **FAST) as log:
        await wait_until(lambda: log.spooled == 0)
    ids = [row["id"] for row in stored(engine)]
    assert sorted(ids) == sorted(r.id for r in written + fresh)


async def test_torn_and_corrupt_spool_lines_are_skipped(database_url: str, spool_path: Path,
                                                        engine: Engine) -> None:
    kept, later = question(), question()
    write_file(spool_path, record_to_json(kept) + "\nnot json\n" + record_to_json(kept)[:25])
    outage = Outage()
    async with QueryLog(database_url, spool_path, engine_factory=outage, **FAST) as log:
        log.record(later)  # appended on a new line, not glued to the torn one
        await log.flush()
        outage.down = False
        await wait_until(lambda: log.spooled == 0)
    assert sorted(row["id"] for row in stored(engine)) == sorted([kept.id, later.id])


async def test_a_refused_record_is_set_aside(database_url: str, spool_path: Path,
                                             engine: Engine) -> None:
    good = [question(), question()]
    bad = EventRecord(user_key=None, kind="feedback", value="up")  # type: ignore[arg-type]
    async with QueryLog(database_url, spool_path, **FAST) as log:
        log.record(good[0])
        log.record(bad)
        log.record(good[1])
        await log.flush()
        assert log.healthy
        assert log.stats().rejected == 1
    assert sorted(row["id"] for row in stored(engine)) == sorted(r.id for r in good)
    assert lines(spool_path) == []
    rejected = lines(spool_path.with_name("spool.rejected.jsonl"))
    assert [record_from_json(line).id for line in rejected] == [bad.id]


# Spool lines


def test_spool_lines_round_trip() -> None:
    record = question(created_at=datetime(2024, 5, 1, 8, 30, tzinfo=UTC))
    event_record = EventRecord(user_key="u", kind="page", value="2")
    assert record_from_json(record_to_json(record)) == record
    assert record_from_json(record_to_json(event_record)) == event_record
    assert json.loads(record_to_json(record))["type"] == "question"


async def test_the_database_and_spool_files_are_private(tmp_path: Path, spool_path: Path) -> None:
    database = tmp_path / "data" / "log.db"
    outage = Outage()
    async with QueryLog(f"sqlite:///{database}", spool_path, engine_factory=outage,
                        **FAST) as log:
        log.record(question())  # spooled: the database is down
        await log.flush()
        outage.down = False
        await wait_until(lambda: log.healthy and not log.spooled)
        log.record(EventRecord(user_key=None, kind="feedback"))  # type: ignore[arg-type]
        await log.flush()  # refused: set aside in the rejects file
        assert lines(spool_path.with_name("spool.rejected.jsonl"))
        Spool(spool_path).append([question()])  # a spool file that is left behind
        files = [database, *database.parent.glob("log.db-*"), spool_path,
                 spool_path.with_name("spool.rejected.jsonl")]
        modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in files}
    assert modes and set(modes.values()) == {0o600}, modes
