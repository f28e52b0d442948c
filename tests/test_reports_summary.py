"""Reports over the query log (reports.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from storagekit import DOWN_URL, FAST, question

from bot.reports import summary
from bot.storage import (
    EventRecord,
    QueryLog,
    QuestionRecord,
    StorageUnavailable,
    create_engine,
    migrate,
)


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
