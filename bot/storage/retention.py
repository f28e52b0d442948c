"""Retention and deletion (UU PDP): old records are purged, a citizen's records on request.

Pure statements over an engine, shared by the running bot (through the query log writer, so
records still queued are handled in order) and by `smartcity-bot log purge`. Both tables are
covered: questions and button events. Index `ix_*_user_key` (migration 3) keeps a deletion by
user key cheap, `ix_questions_created_at` and `ix_button_events_created_at` a purge by age.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, Table, delete, func, select

from bot.storage.models import EventRow, QuestionRow, utc_now

_QUESTIONS: Table = QuestionRow.__table__  # type: ignore[attr-defined]
_EVENTS: Table = EventRow.__table__  # type: ignore[attr-defined]
PURGE_CHUNK = 5000  # records of each table deleted per statement


@dataclass(frozen=True)
class Deleted:
    """How many questions and button events a purge or a deletion removed (or would remove)."""

    questions: int = 0
    events: int = 0

    @property
    def total(self) -> int:
        """Both tables together."""
        return self.questions + self.events

    def __add__(self, other: Deleted) -> Deleted:
        """Counts of two purges together."""
        return Deleted(self.questions + other.questions, self.events + other.events)


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    """The moment before which records are older than `days` days (UTC)."""
    return (now or utc_now()) - timedelta(days=days)


def count_older_than(engine: Engine, cutoff: datetime) -> Deleted:
    """How many records were created before `cutoff` (what a purge would delete).

    Raises:
        SQLAlchemyError: If the database fails (callers translate it).
    """
    with engine.connect() as connection:
        return Deleted(*(connection.scalar(select(func.count()).select_from(table)
                                           .where(table.c.created_at < cutoff)) or 0
                         for table in (_QUESTIONS, _EVENTS)))


def purge_chunk(engine: Engine, cutoff: datetime, limit: int = PURGE_CHUNK) -> Deleted:
    """Delete at most `limit` records of each table created before `cutoff`, in one transaction.

    Small chunks keep each statement short (within the statement timeout) however much a
    first purge has to delete; repeat until fewer than `limit` were deleted (see `purge_all`).

    Raises:
        SQLAlchemyError: If the database fails (callers translate it).
    """
    counts = []
    with engine.begin() as connection:
        for table in (_QUESTIONS, _EVENTS):
            oldest = select(table.c.id).where(table.c.created_at < cutoff).limit(limit)
            statement = delete(table).where(table.c.id.in_(oldest.scalar_subquery()))
            counts.append(connection.execute(statement).rowcount)
    return Deleted(*counts)


def purge_all(engine: Engine, cutoff: datetime, limit: int = PURGE_CHUNK) -> Deleted:
    """Delete every record created before `cutoff`, chunk by chunk (for the CLI)."""
    total = Deleted()
    while True:
        deleted = purge_chunk(engine, cutoff, limit)
        total = total + deleted
        if max(deleted.questions, deleted.events) < limit:
            return total


def delete_user_records(engine: Engine, user_key: str) -> frozenset[str]:
    """Delete every question and button event of one user; return the ids deleted.

    Raises:
        SQLAlchemyError: If the database fails (callers translate it).
    """
    ids: set[str] = set()
    with engine.begin() as connection:
        for table in (_QUESTIONS, _EVENTS):
            statement = delete(table).where(table.c.user_key == user_key).returning(table.c.id)
            ids.update(connection.scalars(statement))
    return frozenset(ids)
