"""The query log writer (writer.py): batches, stored fields, masking, flushing, and never
blocking or raising in a handler.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, text
from storagekit import FAST, lines, question, stored, wait_until

from bot.storage import EventRecord, QueryLog, create_engine


async def test_records_are_written_in_batches(database_url: str, spool_path: Path,
                                              engine: Engine) -> None:
    commits: list[int] = []

    def counting_factory(url: str, **options: Any) -> Engine:
        made = create_engine(url, **options)
        event.listen(made, "commit", lambda _connection: commits.append(1))
        return made

    async with QueryLog(database_url, spool_path, engine_factory=counting_factory,
                        batch_size=100, flush_interval=5.0) as log:
        assert log.healthy
        commits.clear()  # forget the migration
        records = [question(question=f"pertanyaan {n}") for n in range(250)]
        for record in records:
            log.record(record)
        await log.flush()
        assert len(commits) == 3  # 100 + 100 + 50
        assert log.stats().written == 250
    rows = stored(engine)
    assert sorted(row["id"] for row in rows) == sorted(record.id for record in records)
    assert lines(spool_path) == []


async def test_a_question_is_stored_field_by_field(database_url: str, spool_path: Path,
                                                   engine: Engine) -> None:
    record = question(payload="faq_definisi", channel="deeplink")
    async with QueryLog(database_url, spool_path, **FAST) as log:
        log.record(record)
    [row] = stored(engine)
    assert {key: value for key, value in row.items() if key != "created_at"} == {
        "id": record.id, "user_key": "k" * 64, "chat_type": "private", "channel": "deeplink",
        "payload": "faq_definisi", "question": "apa itu smart city?",
        "normalized": "apa itu smart city", "outcome": "answer", "entry_id": "definisi",
        "score": 91.5, "margin": 12.0, "suggestions": '["tujuan", "peserta"]', "latency_ms": 12,
        "knowledge_version": "v1",
    }


async def test_feedback_is_linked_to_its_question(database_url: str, spool_path: Path,
                                                  engine: Engine) -> None:
    asked = question(entry_id="tujuan")
    async with QueryLog.open(database_url, spool_path, **FAST) as log:
        log.record(asked)
        log.record(EventRecord(user_key=asked.user_key, kind="feedback", query_id=asked.id,
                               value="up"))
        log.record(EventRecord(user_key=asked.user_key, kind="related", query_id=asked.id,
                               value="peserta"))
    with engine.connect() as connection:
        linked = connection.execute(text(
            "SELECT q.entry_id, e.kind, e.value FROM button_events e "
            "JOIN questions q ON q.id = e.query_id ORDER BY e.kind"
        )).all()
    assert [tuple(row) for row in linked] == [("tujuan", "feedback", "up"),
                                             ("tujuan", "related", "peserta")]


async def test_the_writer_masks_personal_data_again(database_url: str, spool_path: Path,
                                                    engine: Engine) -> None:
    async with QueryLog(database_url, spool_path, **FAST) as log:
        log.record(question(question="NIK 3171012345670001 hp 081234567890 a@b.co\x00",
                            normalized="nik 3171012345670001", payload="081234567890"))
    [row] = stored(engine)
    assert (row["question"], row["normalized"], row["payload"]) == (
        "NIK [NIK] hp [TELEPON] [EMAIL]", "nik [NIK]", "[TELEPON]")


async def test_forged_button_data_is_stored_as_a_marker(database_url: str, spool_path: Path,
                                                       engine: Engine) -> None:
    asked = question()
    async with QueryLog(database_url, spool_path, **FAST) as log:
        log.record(EventRecord(user_key="k" * 64, kind="feedback", query_id="081234567890",
                               value="budi@mail.id"))
        log.record(EventRecord(user_key="k" * 64, kind="page", query_id=asked.id,
                               value="provinsi:3"))
        log.record(question(payload="NIK 3171012345670001"))
    events = stored(engine, "button_events")
    assert sorted((e["query_id"], e["value"]) for e in events) == sorted([
        ("[tidak dikenal]", "[tidak dikenal]"), (asked.id, "provinsi:3")])
    assert stored(engine)[0]["payload"] == "[tidak dikenal]"


async def test_pending_records_are_flushed_on_close(database_url: str, spool_path: Path,
                                                    engine: Engine) -> None:
    async with QueryLog(database_url, spool_path, flush_interval=30.0) as log:
        records = [question() for _ in range(20)]
        for record in records:
            log.record(record)
    assert len(stored(engine)) == 20


async def test_writes_happen_off_the_event_loop(tmp_path: Path, spool_path: Path) -> None:
    # The commit blocks until the event loop releases it: that only works if the loop is free
    # while the database works (on the loop's own thread the two would wait for each other).
    committing, release = threading.Event(), threading.Event()
    released: list[bool] = []

    def held_commit(_connection: object) -> None:
        committing.set()
        released.append(release.wait(10))

    def gated_factory(url: str, **options: Any) -> Engine:
        made = create_engine(url, **options)
        event.listen(made, "commit", held_commit)
        return made

    release.set()  # start-up migrations commit through the same gate: let them pass
    async with QueryLog(f"sqlite:///{tmp_path / 'log.db'}", spool_path,
                        engine_factory=gated_factory, **FAST) as log:
        released.clear()
        release.clear()
        committing.clear()
        log.record(question())
        flushed = asyncio.create_task(log.flush())
        await wait_until(committing.is_set)
        release.set()
        await flushed
    assert released and all(released)


async def test_a_full_queue_or_a_closed_log_spools_instead_of_dropping(
        tmp_path: Path, spool_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'log.db'}"
    log = QueryLog(url, spool_path, queue_size=2)
    records = [question(question=f"antre {n}") for n in range(6)]
    for record in records[:5]:
        log.record(record)  # not started yet: two fit in the queue, three go to the spool
    assert (log.spooled, log.stats().dropped) == (3, 0)
    await log.start()
    await log.close()
    log.record(records[5])  # closed: straight to the spool
    assert (log.spooled, log.stats().dropped) == (4, 0)
    async with QueryLog(url, spool_path, **FAST) as reopened:
        await wait_until(lambda: reopened.spooled == 0)
    engine = create_engine(url)
    assert sorted(row["id"] for row in stored(engine)) == sorted(r.id for r in records)
    engine.dispose()


def test_an_invalid_database_url_fails_at_once(spool_path: Path) -> None:
    with pytest.raises(ValueError, match="sqlite:// or postgresql://"):
        QueryLog("mysql://localhost/db", spool_path)
