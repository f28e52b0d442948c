"""The question log itself: filtered pages of questions, one question's presses, one entry.

Pages are cut in SQL (newest first, by created_at then id so equal times page stably); the
feedback and press count of each row on a page come from correlated subqueries over the
indexed `button_events.query_id`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, desc, func, select
from sqlmodel import col

from bot.reports.filters import ReportFilter
from bot.reports.query import Report, Row, RowsReport, column_names, reading, where
from bot.storage.models import EventKind, EventRow, QuestionRow

MAX_PER_PAGE = 500


@dataclass(frozen=True)
class LogRow(Row):
    """One question as staff see it in the log."""

    id: str
    created_at: datetime
    channel: str
    chat_type: str
    payload: str | None
    question: str
    outcome: str
    entry_id: str | None
    score: float | None
    feedback: str | None  # "down" (any 👎), "up" (only 👍) or None
    presses: int  # every button pressed under its reply


@dataclass(frozen=True)
class LogPage(RowsReport):
    """One page of the filtered log, newest first."""

    row_type = LogRow
    rows: tuple[LogRow, ...]
    total: int
    page: int
    pages: int
    per_page: int


def question_log(engine: Engine, flt: ReportFilter, page: int = 1,
                 per_page: int = 50) -> LogPage:
    """One page of the filtered questions (page numbers start at 1; past the end is empty)."""
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    page = max(page, 1)
    page_ids = (select(col(QuestionRow.id)).where(where(flt))
                .order_by(desc(col(QuestionRow.created_at)), desc(col(QuestionRow.id)))
                .offset((page - 1) * per_page).limit(per_page))
    # "down" if any 👎, else "up" if any 👍 (min: "down" < "up"), as the feedback filter
    # reads it; an aggregate, not ORDER BY ... LIMIT 1, so SQLite uses the (query_id, kind)
    # index instead of scanning every feedback press per row.
    feedback = (select(func.min(col(EventRow.value)))
                .where(col(EventRow.query_id) == col(QuestionRow.id),
                       col(EventRow.kind) == EventKind.FEEDBACK.value).scalar_subquery())
    presses = (select(func.count(col(EventRow.id)))
               .where(col(EventRow.query_id) == col(QuestionRow.id)).scalar_subquery())
    # The page's ids first, then its rows: the per-row subqueries run for this page only,
    # not for every row an OFFSET skips.
    query = (select(col(QuestionRow.id), col(QuestionRow.created_at), col(QuestionRow.channel),
                    col(QuestionRow.chat_type), col(QuestionRow.payload),
                    col(QuestionRow.question), col(QuestionRow.outcome),
                    col(QuestionRow.entry_id), col(QuestionRow.score), feedback, presses)
             .where(col(QuestionRow.id).in_(page_ids.scalar_subquery()))
             .order_by(desc(col(QuestionRow.created_at)), desc(col(QuestionRow.id))))
    counting = select(func.count(col(QuestionRow.id))).where(where(flt))
    with reading(engine, "the question log") as db:
        total = int(db.execute(counting).scalar_one())
        rows = tuple(LogRow(*row) for row in db.execute(query).all())
    return LogPage(rows, total, page, max(1, math.ceil(total / per_page)), per_page)


@dataclass(frozen=True)
class Press(Row):
    """One button press under a question's reply."""

    id: str
    created_at: datetime
    kind: str  # an EventKind value
    value: str | None


@dataclass(frozen=True)
class ButtonPresses(RowsReport):
    """The presses of one question, oldest first (empty for an unknown id)."""

    row_type = Press
    question_id: str
    rows: tuple[Press, ...]


def button_presses(engine: Engine, question_id: str) -> ButtonPresses:
    """The buttons pressed under the reply to one question."""
    query = (select(col(EventRow.id), col(EventRow.created_at), col(EventRow.kind),
                    col(EventRow.value))
             .where(col(EventRow.query_id) == question_id)
             .order_by(col(EventRow.created_at), col(EventRow.id)))
    with reading(engine, "button presses") as db:
        return ButtonPresses(question_id, tuple(Press(*row) for row in db.execute(query).all()))


@dataclass(frozen=True)
class EntryQuestion(Row):
    """A recent question that reached an entry."""

    id: str
    created_at: datetime
    question: str
    outcome: str


@dataclass(frozen=True)
class VersionCount(Row):
    """How many of an entry's answers one knowledge version gave."""

    knowledge_version: str | None
    count: int


@dataclass(frozen=True)
class EntryDetail(Report):
    """One entry: how often given, its feedback, recent questions, knowledge versions."""

    entry_id: str
    given: int
    up: int
    down: int
    questions: tuple[EntryQuestion, ...]
    versions: tuple[VersionCount, ...]

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """The recent questions (the counts are in the JSON form)."""
        return column_names(EntryQuestion), [list(row) for row in self.questions]


def entry_detail(engine: Engine, entry_id: str, flt: ReportFilter,
                 limit: int = 50) -> EntryDetail:
    """What the filtered log says about one entry."""
    scoped = [where(flt), col(QuestionRow.entry_id) == entry_id]
    count = func.count(col(QuestionRow.id))
    versions = (select(col(QuestionRow.knowledge_version), count).where(*scoped)
                .group_by(col(QuestionRow.knowledge_version))
                .order_by(desc(count), col(QuestionRow.knowledge_version)))
    votes = (select(col(EventRow.value), func.count(col(EventRow.id)))
             .join(QuestionRow, col(EventRow.query_id) == col(QuestionRow.id))
             .where(*scoped, col(EventRow.kind) == EventKind.FEEDBACK.value)
             .group_by(col(EventRow.value)))
    recent = (select(col(QuestionRow.id), col(QuestionRow.created_at),
                     col(QuestionRow.question), col(QuestionRow.outcome)).where(*scoped)
              .order_by(desc(col(QuestionRow.created_at)), desc(col(QuestionRow.id)))
              .limit(limit))
    with reading(engine, f"entry {entry_id}") as db:
        by_version = tuple(VersionCount(*row) for row in db.execute(versions).all())
        tally = {str(value): int(number) for value, number in db.execute(votes).all()}
        questions = tuple(EntryQuestion(*row) for row in db.execute(recent).all())
    return EntryDetail(entry_id, sum(v.count for v in by_version), tally.get("up", 0),
                       tally.get("down", 0), questions, by_version)
