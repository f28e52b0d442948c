"""Reports for staff over the query log: what is asked, what is answered, what is missing.

`summary` is a pure query function over an engine; the CLI prints it (and `--json` prints
`Summary.as_dict()`). It never writes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, desc, func
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, col, select

from bot.outcome import Outcome
from bot.storage.engine import describe_error
from bot.storage.errors import StorageUnavailable
from bot.storage.models import EventKind, EventRow, QuestionRow

DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class EntryStat:
    """How often a knowledge entry was given, and how citizens rated it."""

    entry_id: str
    asked: int
    up: int
    down: int


@dataclass(frozen=True)
class Unanswered:
    """A question the bot could not answer, grouped by its normalised text."""

    text: str
    example: str
    count: int
    last_asked: datetime


@dataclass(frozen=True)
class RecentQuestion:
    """One of the latest questions."""

    created_at: datetime
    channel: str
    outcome: str
    question: str
    entry_id: str | None


@dataclass(frozen=True)
class Summary:
    """Counts over the questions (and button presses) since a moment, or ever."""

    since: datetime | None
    total_questions: int
    outcomes: dict[str, int]
    feedback_up: int
    feedback_down: int
    top_entries: tuple[EntryStat, ...]
    top_unanswered: tuple[Unanswered, ...]
    recent: tuple[RecentQuestion, ...]

    def as_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready data (datetimes as ISO 8601 strings)."""
        return _jsonable(asdict(self))


def summary(
    engine: Engine, since: datetime | None = None, *, limit: int = DEFAULT_LIMIT
) -> Summary:
    """Summarise the query log.

    Args:
        engine: A migrated database.
        since: Only count questions and presses from this moment (naive means UTC).
        limit: Length of the top and recent lists.

    Returns:
        The summary.

    Raises:
        StorageUnavailable: If the database cannot be read.
    """
    try:
        with Session(engine) as session:
            outcomes = _outcome_counts(session, since)
            feedback = _feedback_counts(session, since)
            return Summary(
                since=since,
                total_questions=sum(outcomes.values()),
                outcomes=outcomes,
                feedback_up=feedback.get("up", 0),
                feedback_down=feedback.get("down", 0),
                top_entries=_top_entries(session, since, limit),
                top_unanswered=_top_unanswered(session, since, limit),
                recent=_recent(session, since, limit),
            )
    except SQLAlchemyError as exc:
        raise StorageUnavailable(f"cannot read the query log: {describe_error(exc)}") from exc


def _outcome_counts(session: Session, since: datetime | None) -> dict[str, int]:
    """Count questions by outcome, most frequent first."""
    count = func.count(col(QuestionRow.id))
    query = select(col(QuestionRow.outcome), count).group_by(col(QuestionRow.outcome))
    if since is not None:
        query = query.where(col(QuestionRow.created_at) >= since)
    rows = session.exec(query.order_by(desc(count), col(QuestionRow.outcome))).all()
    return {outcome: number for outcome, number in rows}


def _feedback_counts(session: Session, since: datetime | None) -> dict[str, int]:
    """Count feedback presses by value ("up", "down")."""
    query = (
        select(col(EventRow.value), func.count(col(EventRow.id)))
        .where(col(EventRow.kind) == EventKind.FEEDBACK.value)
        .group_by(col(EventRow.value))
    )
    if since is not None:
        query = query.where(col(EventRow.created_at) >= since)
    return {value or "": number for value, number in session.exec(query).all()}


def _top_entries(session: Session, since: datetime | None, limit: int) -> tuple[EntryStat, ...]:
    """Return the most given entries with the feedback on the answers that gave them."""
    count = func.count(col(QuestionRow.id))
    query = (
        select(col(QuestionRow.entry_id), count)
        .where(col(QuestionRow.entry_id).is_not(None))
        .group_by(col(QuestionRow.entry_id))
        .order_by(desc(count), col(QuestionRow.entry_id))
        .limit(limit)
    )
    if since is not None:
        query = query.where(col(QuestionRow.created_at) >= since)
    asked = {entry: number for entry, number in session.exec(query).all() if entry is not None}
    if not asked:
        return ()
    votes = (
        select(col(QuestionRow.entry_id), col(EventRow.value), func.count(col(EventRow.id)))
        .join(QuestionRow, col(EventRow.query_id) == col(QuestionRow.id))
        .where(col(EventRow.kind) == EventKind.FEEDBACK.value)
        .where(col(QuestionRow.entry_id).in_(list(asked)))
        .group_by(col(QuestionRow.entry_id), col(EventRow.value))
    )
    if since is not None:
        votes = votes.where(col(EventRow.created_at) >= since)
    tally: dict[tuple[str | None, str | None], int] = {
        (entry, value): number for entry, value, number in session.exec(votes).all()
    }
    return tuple(
        EntryStat(entry, number, tally.get((entry, "up"), 0), tally.get((entry, "down"), 0))
        for entry, number in asked.items()
    )


def _top_unanswered(
    session: Session, since: datetime | None, limit: int
) -> tuple[Unanswered, ...]:
    """Return the most frequent fallback questions, grouped by normalised text."""
    text = func.coalesce(col(QuestionRow.normalized), col(QuestionRow.question))
    count = func.count(col(QuestionRow.id))
    query = (
        select(text, func.min(col(QuestionRow.question)), count,
               func.max(col(QuestionRow.created_at)))
        .where(col(QuestionRow.outcome) == Outcome.FALLBACK.value)
        .group_by(text)
        .order_by(desc(count), text)
        .limit(limit)
    )
    if since is not None:
        query = query.where(col(QuestionRow.created_at) >= since)
    return tuple(
        Unanswered(text=grouped, example=example, count=number, last_asked=last)
        for grouped, example, number, last in session.exec(query).all()
    )


def _recent(session: Session, since: datetime | None, limit: int) -> tuple[RecentQuestion, ...]:
    """Return the latest questions, newest first."""
    query = select(QuestionRow).order_by(desc(col(QuestionRow.created_at))).limit(limit)
    if since is not None:
        query = query.where(col(QuestionRow.created_at) >= since)
    return tuple(
        RecentQuestion(row.created_at, row.channel, row.outcome, row.question, row.entry_id)
        for row in session.exec(query).all()
    )


def _jsonable(value: Any) -> Any:
    """Turn datetimes into ISO strings and tuples into lists, recursively."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value
