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
DAY_S = 24 * 60 * 60


@dataclass(frozen=True)
class Deleted:
    """How many questions and button events a purge or a deletion removed (or would remove)."""

    questions: int = 0
    events: int = 0

    @property
    def total(self) -> int:
        """Both tables together."""
        return self.questions + self.events


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    """The moment before which records are older than `days` days (UTC)."""
    return (now or utc_now()) - timedelta(days=days)


def purge_older_than(engine: Engine, cutoff: datetime, *, dry_run: bool = False) -> Deleted:
    """Delete the records created before `cutoff`, in one transaction; or only count them.

    Raises:
        SQLAlchemyError: If the database fails (callers translate it).
    """
    with engine.begin() as connection:
        counts = []
        for table in (_QUESTIONS, _EVENTS):
            older = table.c.created_at < cutoff
            if dry_run:
                counts.append(connection.scalar(select(func.count()).where(older)) or 0)
            else:
                counts.append(connection.execute(delete(table).where(older)).rowcount)
    return Deleted(*counts)


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
