"""Tests for the query log (bot.storage): writer, spool, migrations and reports.

Core tests run against SQLite and, marked `postgres`, against PostgreSQL. An outage is
simulated through the writer's engine factory: while "down" it returns an engine for a
PostgreSQL port nothing listens on, so every connection is refused.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, inspect, text
from sqlmodel import SQLModel

from bot.storage import (
    MIGRATIONS,
    EventRecord,
    Migration,
    QueryLog,
    QuestionRecord,
    StorageUnavailable,
    create_engine,
    current_version,
    migrate,
    summary,
)
from bot.storage.spool import Spool, record_from_json, record_to_json

DOWN_URL = "postgresql://postgres@127.0.0.1:1/down"
FAST = {"flush_interval": 0.01, "retry_interval": 0.02, "max_retry_interval": 0.05}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests on a SQLite file (in a folder yet to be created) and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'log.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A separate engine to inspect what the writer stored."""
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def spool_path(tmp_path: Path) -> Path:
    """Where the spool goes; its folder does not exist yet."""
    return tmp_path / "spool" / "spool.jsonl"


class Outage:
    """Engine factory whose database is down until `down` is set to False."""

    def __init__(self) -> None:
        self.down = True

    def __call__(self, url: str) -> Engine:
        return create_engine(DOWN_URL if self.down else url)


def question(**overrides: Any) -> QuestionRecord:
    """A question record with plausible defaults."""
    values: dict[str, Any] = {
        "user_key": "k" * 64,
        "chat_type": "private",
        "channel": "private",
        "question": "apa itu smart city?",
        "normalized": "apa itu smart city",
        "outcome": "answer",
        "entry_id": "definisi",
        "score": 91.5,
        "margin": 12.0,
        "suggestions": ("tujuan", "peserta"),
        "latency_ms": 12,
        "knowledge_version": "v1",
    }
    values.update(overrides)
    return QuestionRecord(**values)


def stored(engine: Engine, table: str = "questions") -> list[dict[str, Any]]:
    """All rows of a table, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT * FROM {table} ORDER BY created_at, id"))  # noqa: S608
        return [dict(row._mapping) for row in rows]


async def wait_until(condition: Callable[[], bool]) -> None:
    """Poll until the condition holds (at most 5 s)."""
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not met within 5 s")


def lines(path: Path) -> list[str]:
    """The lines of a small file, or [] when it does not exist (the spool is gone)."""
    return path.read_text().splitlines() if path.exists() else []


def write_file(path: Path, content: str) -> None:
    """Create a file and its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)


# Writer


async def test_records_are_written_in_batches(database_url: str, spool_path: Path,
                                              engine: Engine) -> None:
    commits: list[int] = []

    def counting_factory(url: str) -> Engine:
        made = create_engine(url)
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


async def test_pending_records_are_flushed_on_close(database_url: str, spool_path: Path,
                                                    engine: Engine) -> None:
    async with QueryLog(database_url, spool_path, flush_interval=30.0) as log:
        records = [question() for _ in range(20)]
        for record in records:
            log.record(record)
    assert len(stored(engine)) == 20


async def test_database_down_spools_then_replays_exactly_once(
    database_url: str, spool_path: Path, engine: Engine
) -> None:
    outage = Outage()
    async with QueryLog(database_url, spool_path, engine_factory=outage, **FAST) as log:
        assert not log.healthy
        first = [question(question=f"saat mati {n}") for n in range(30)]
        started = time.perf_counter()
        for record in first:
            log.record(record)  # must neither block nor raise
        assert time.perf_counter() - started < 0.1
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
    database_url: str, spool_path: Path
) -> None:
    outage = Outage()
    attempts: list[float] = []

    def counting_outage(url: str) -> Engine:
        attempts.append(time.monotonic())
        return outage(url)

    async with QueryLog(database_url, spool_path, engine_factory=counting_outage,
                        retry_interval=0.02, max_retry_interval=0.1) as log:
        await asyncio.sleep(0.5)
        assert not log.healthy
        assert 3 <= len(attempts) <= 12  # 0.02, 0.04, 0.08, then every 0.1 s: no busy loop
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


async def test_writes_happen_off_the_event_loop(tmp_path: Path, spool_path: Path) -> None:
    def slow_factory(url: str) -> Engine:
        made = create_engine(url)
        event.listen(made, "commit", lambda _connection: time.sleep(0.3))
        return made

    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    async with QueryLog(f"sqlite:///{tmp_path / 'log.db'}", spool_path,
                        engine_factory=slow_factory, **FAST) as log:
        task = asyncio.create_task(ticker())
        log.record(question())
        await log.flush()
        task.cancel()
    assert ticks >= 10  # the loop kept running during the 0.3 s commit


async def test_record_never_raises(tmp_path: Path, spool_path: Path) -> None:
    log = QueryLog(f"sqlite:///{tmp_path / 'log.db'}", spool_path, queue_size=2)
    for _ in range(5):
        log.record(question())  # not started yet: two fit in the queue
    assert log.stats().dropped == 3
    await log.start()
    await log.close()
    log.record(question())
    assert log.stats().dropped == 4
    assert log.stats().written == 2


def test_an_invalid_database_url_fails_at_once(spool_path: Path) -> None:
    with pytest.raises(ValueError, match="sqlite:// or postgresql://"):
        QueryLog("mysql://localhost/db", spool_path)


# Spool


def test_spool_lines_round_trip() -> None:
    record = question(created_at=datetime(2024, 5, 1, 8, 30, tzinfo=UTC))
    event_record = EventRecord(user_key="u", kind="page", value="2")
    assert record_from_json(record_to_json(record)) == record
    assert record_from_json(record_to_json(event_record)) == event_record
    assert json.loads(record_to_json(record))["type"] == "question"


# Engine and migrations


def test_a_sqlite_folder_is_created(tmp_path: Path) -> None:
    made = create_engine(f"sqlite:///{tmp_path / 'a' / 'b' / 'log.db'}")
    assert migrate(made) == MIGRATIONS[-1].version
    made.dispose()
    assert (tmp_path / "a" / "b" / "log.db").is_file()


def test_migrating_a_new_database_matches_the_models(engine: Engine) -> None:
    assert current_version(engine) == 0
    assert migrate(engine) == MIGRATIONS[-1].version
    inspector = inspect(engine)
    for table in ("questions", "button_events"):
        actual = {c["name"]: c["nullable"] for c in inspector.get_columns(table)}
        model = SQLModel.metadata.tables[table]
        expected = {c.name: bool(c.nullable) and not c.primary_key for c in model.columns}
        assert actual == expected


def test_an_old_database_is_upgraded(engine: Engine) -> None:
    assert migrate(engine, MIGRATIONS[:1]) == 1
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO questions (id, created_at, user_key, chat_type, channel, question, "
            "outcome) VALUES ('old', :now, 'k', 'private', 'private', 'lama', 'answer')"
        ), {"now": datetime(2024, 1, 1)})
    assert migrate(engine) == 2
    assert [row["id"] for row in stored(engine)] == ["old"]
    indexes = {index["name"] for index in inspect(engine).get_indexes("questions")}
    assert "ix_questions_created_at" in indexes
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version FROM schema_version")).scalars()
        assert sorted(versions) == [1, 2]


def test_a_current_database_is_left_alone(engine: Engine) -> None:
    migrate(engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_rest: statements.append(statement))
    assert migrate(engine) == 2
    changes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "ALTER",
                                                                        "CREATE INDEX"))]
    assert changes == []
    assert not any("CREATE TABLE questions" in s for s in statements)


def test_a_failing_migration_changes_nothing(engine: Engine) -> None:
    migrate(engine)
    broken = (*MIGRATIONS, Migration(3, "broken", ("CREATE TABLE extra (x INTEGER)",
                                                   "THIS IS NOT SQL")))
    with pytest.raises(StorageUnavailable, match="cannot migrate"):
        migrate(engine, broken)
    assert current_version(engine) == 2
    assert "extra" not in inspect(engine).get_table_names()


def test_a_newer_database_is_left_alone(engine: Engine) -> None:
    migrate(engine)
    assert migrate(engine, MIGRATIONS[:1]) == 2


def test_migrations_must_be_in_order(tmp_path: Path) -> None:
    made = create_engine(f"sqlite:///{tmp_path / 'log.db'}")
    with pytest.raises(ValueError, match="strictly increasing"):
        migrate(made, (MIGRATIONS[1], MIGRATIONS[0]))
    made.dispose()


def test_migrating_an_unreachable_database_is_a_domain_error() -> None:
    made = create_engine(DOWN_URL)
    with pytest.raises(StorageUnavailable):
        migrate(made)
    made.dispose()


# Reports


async def test_summary_counts_outcomes_feedback_and_gaps(database_url: str, spool_path: Path,
                                                         engine: Engine) -> None:
    now = datetime.now(UTC)
    old = now - timedelta(days=10)
    answered = [question(entry_id="definisi", created_at=now - timedelta(minutes=m))
                for m in range(3)]
    records: list[QuestionRecord | EventRecord] = [
        *answered,
        question(entry_id="peserta", created_at=now - timedelta(minutes=5)),
        question(outcome="fallback", entry_id=None, question="Kapan bus listrik?",
                 normalized="kapan bus listrik", created_at=now - timedelta(minutes=1)),
        question(outcome="fallback", entry_id=None, question="kapan BUS listrik",
                 normalized="kapan bus listrik", created_at=now),
        question(outcome="fallback", entry_id=None, question="harga tiket?",
                 normalized="harga tiket", created_at=now - timedelta(minutes=2)),
        question(outcome="smalltalk", entry_id=None, created_at=old),
        EventRecord(user_key="k", kind="feedback", query_id=answered[0].id, value="up"),
        EventRecord(user_key="k", kind="feedback", query_id=answered[1].id, value="down"),
        EventRecord(user_key="k", kind="feedback", query_id=answered[2].id, value="up"),
        EventRecord(user_key="k", kind="menu", value="tentang"),
    ]
    async with QueryLog(database_url, spool_path, **FAST) as log:
        for record in records:
            log.record(record)

    everything = summary(engine)
    assert everything.outcomes == {"answer": 4, "fallback": 3, "smalltalk": 1}
    assert everything.total_questions == 8
    assert (everything.feedback_up, everything.feedback_down) == (2, 1)
    assert [(e.entry_id, e.asked, e.up, e.down) for e in everything.top_entries] == [
        ("definisi", 3, 2, 1), ("peserta", 1, 0, 0)]
    assert [(u.text, u.count) for u in everything.top_unanswered] == [
        ("kapan bus listrik", 2), ("harga tiket", 1)]
    assert everything.top_unanswered[0].last_asked == now
    assert everything.recent[0].question == "kapan BUS listrik"

    recent = summary(engine, since=now - timedelta(days=1), limit=1)
    assert recent.outcomes == {"answer": 4, "fallback": 3}
    assert len(recent.top_entries) == len(recent.recent) == 1
    json.dumps(recent.as_dict())


def test_summary_of_an_unreachable_database_is_a_domain_error() -> None:
    made = create_engine(DOWN_URL)
    with pytest.raises(StorageUnavailable):
        summary(made)
    made.dispose()


def test_summary_of_an_empty_log(tmp_path: Path) -> None:
    made = create_engine(f"sqlite:///{tmp_path / 'log.db'}")
    migrate(made)
    empty = summary(made)
    made.dispose()
    assert (empty.total_questions, empty.top_entries, empty.recent) == (0, (), ())
