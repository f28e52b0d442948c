"""Helpers for the report tests: a migrated log filled with known records, at a fixed time.

Records are inserted directly (sanitised as the writer does), not through `QueryLog`, so a
test states its log as data and the reports are tested on exactly that.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine
from storagekit import question

from bot.storage import EventRecord, QuestionRecord, migrate
from bot.storage.models import EventRow, QuestionRow, sanitize, to_row

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # 19:00 WIB


@pytest.fixture
def log_engine(engine: Engine) -> Iterator[Engine]:
    """A migrated, empty log on SQLite and PostgreSQL (`database_url`)."""
    migrate(engine)
    yield engine


def store(engine: Engine, records: Iterable[QuestionRecord | EventRecord]) -> None:
    """Insert records as the writer would store them."""
    questions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for record in records:
        clean = sanitize(record)
        (questions if isinstance(clean, QuestionRecord) else events).append(to_row(clean))
    with engine.begin() as connection:
        if questions:
            connection.execute(QuestionRow.__table__.insert(), questions)  # type: ignore[attr-defined]
        if events:
            connection.execute(EventRow.__table__.insert(), events)  # type: ignore[attr-defined]


def asked(text: str, outcome: str = "fallback", *, user: str = "a", **overrides: Any
          ) -> QuestionRecord:
    """A question record whose normalised text is `text` lower-cased."""
    values: dict[str, Any] = {"question": text, "normalized": " ".join(text.lower().split()),
                              "outcome": outcome, "user_key": user * 64, "created_at": NOW}
    if outcome in ("fallback", "suggest"):
        values.update(entry_id=None, suggestions=())
    values.update(overrides)
    return question(**values)


def press(record: QuestionRecord, kind: str, value: str | None, **overrides: Any
          ) -> EventRecord:
    """A button press under the reply to `record`."""
    values: dict[str, Any] = {"user_key": record.user_key, "kind": kind, "query_id": record.id,
                              "value": value, "created_at": record.created_at}
    values.update(overrides)
    return EventRecord(**values)
