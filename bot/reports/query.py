"""What every report shares: the filter as SQL, WIB day buckets, read-only sessions, JSON.

Reports only read: `reading` opens a connection, turns database errors into `StorageUnavailable`
(or `SchemaMissing` when the log's tables are not there yet) and never commits. The SQL is
portable between SQLite and PostgreSQL; where the two differ (day arithmetic) the dialect
picks the spelling here, so report modules stay free of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import Connection, Engine, Select, and_, literal_column, select
from sqlalchemy.exc import OperationalError, ProgrammingError, SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from bot.reports.filters import WIB_OFFSET_HOURS, ReportFilter
from bot.storage.engine import describe_error
from bot.storage.errors import StorageUnavailable
from bot.storage.models import EventKind, EventRow, QuestionRow

_LIKE_ESCAPE = "\\"


class SchemaMissing(StorageUnavailable):
    """The database has no query log yet (never migrated): a reader must not create it."""


class Report:
    """Mixin for report dataclasses: JSON-ready data and a flat table for CSV and text."""

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data: ISO 8601 times, rows as objects, tuples as lists."""
        data: dict[str, Any] = jsonable(self)
        return data

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """A header and rows: the report as one flat table (for CSV and terminals)."""
        raise NotImplementedError


class RowsReport(Report):
    """A report that is a list of rows of `row_type`: its table is those rows."""

    row_type: ClassVar[type]
    rows: tuple[Any, ...]

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """The rows' fields, in order."""
        return column_names(self.row_type), [list(row) for row in self.rows]


class Row:
    """Mixin for the frozen dataclass rows of a report: they unpack like tuples."""

    def __iter__(self) -> Iterator[Any]:
        """The field values in order (`channel, payload, count = row`, `list(row)`)."""
        return iter([getattr(self, spec.name) for spec in fields(self)])  # type: ignore[arg-type]


def column_names(row_type: type) -> list[str]:
    """The field names of a row type: a CSV header."""
    return [spec.name for spec in fields(row_type)]


def jsonable(value: Any) -> Any:
    """Turn dataclasses (rows too), dates, tuples and sets into JSON-ready values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {spec.name: jsonable(getattr(value, spec.name)) for spec in fields(value)}
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(jsonable(item) for item in value)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    return value


@contextmanager
def reading(engine: Engine, what: str) -> Iterator[Connection]:
    """A connection for one report's queries; database errors become domain errors.

    Raises:
        SchemaMissing: If the log's tables do not exist.
        StorageUnavailable: If the database cannot be read.
    """
    try:
        with engine.connect() as connection:
            yield connection
    except (OperationalError, ProgrammingError) as exc:
        if _is_missing_table(exc):
            raise SchemaMissing(f"the query log has no tables yet ({what})") from exc
        raise StorageUnavailable(f"cannot read {what}: {describe_error(exc)}") from exc
    except SQLAlchemyError as exc:
        raise StorageUnavailable(f"cannot read {what}: {describe_error(exc)}") from exc


def _is_missing_table(error: SQLAlchemyError) -> bool:
    """True for SQLite's "no such table" and PostgreSQL's undefined_table (42P01)."""
    original = getattr(error, "orig", None)
    if getattr(original, "sqlstate", None) == "42P01":
        return True
    return "no such table" in str(original or error)


def conditions(flt: ReportFilter) -> list[ColumnElement[bool]]:
    """The filter as WHERE conditions on `questions`."""
    created = col(QuestionRow.created_at)
    found: list[ColumnElement[bool]] = []
    if flt.start is not None:
        found.append(created >= flt.start)
    if flt.end is not None:
        found.append(created < flt.end)
    if flt.outcomes:
        found.append(col(QuestionRow.outcome).in_(sorted(flt.outcomes)))
    if flt.channels:
        found.append(col(QuestionRow.channel).in_(sorted(flt.channels)))
    if flt.entry_id:
        found.append(col(QuestionRow.entry_id) == flt.entry_id)
    if flt.feedback == "none":
        found.append(col(QuestionRow.id).not_in(rated()))
    elif flt.feedback:
        found.append(col(QuestionRow.id).in_(rated(flt.feedback)))
    for word in flt.search_words():
        pattern = "%" + _escape_like(word) + "%"
        found.append(col(QuestionRow.question).ilike(pattern, escape=_LIKE_ESCAPE))
    return found


def where(flt: ReportFilter) -> ColumnElement[bool]:
    """The filter as one condition (true when nothing is filtered)."""
    return and_(True, *conditions(flt))


def rated(value: str | None = None) -> Select[Any]:
    """The ids of questions with a 👍/👎 press (of `value`, or either).

    "id IN (this)" lets the database start from the few rated questions (index on the
    presses) instead of probing the presses once per question.
    """
    query = select(col(EventRow.query_id)).where(
        col(EventRow.kind) == EventKind.FEEDBACK.value, col(EventRow.query_id).is_not(None))
    return query.where(col(EventRow.value) == value) if value is not None else query


def wib_day(engine: Engine) -> ColumnElement[str]:
    """The WIB calendar day of `questions.created_at` as text YYYY-MM-DD, per dialect."""
    if engine.dialect.name == "postgresql":
        return literal_column(
            f"to_char(questions.created_at + interval '{WIB_OFFSET_HOURS} hours', 'YYYY-MM-DD')")
    return literal_column(f"date(questions.created_at, '+{WIB_OFFSET_HOURS} hours')")


def _escape_like(word: str) -> str:
    """Make %, _ and the escape character match themselves in a LIKE pattern."""
    for special in (_LIKE_ESCAPE, "%", "_"):
        word = word.replace(special, _LIKE_ESCAPE + special)
    return word
