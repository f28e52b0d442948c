"""What the query log stores: record types for handlers, and the tables they land in.

Handlers build immutable `QuestionRecord` and `EventRecord` values and hand them to
`QueryLog.record`. A record's `id` exists from the moment it is created, so a reply can carry
it in its feedback buttons before the record reaches the database. `QuestionRow` and
`EventRow` describe the same data as SQLModel tables for queries; the tables themselves are
created by `bot.storage.migrations`, never by `create_all`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Dialect, Float, Integer, Text
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from bot.callback_data import loggable_event_value, loggable_payload, loggable_record_id
from bot.privacy import mask_personal_data
from bot.record_ids import new_record_id


class ChatType(StrEnum):
    """Where a message came from, as Telegram names it (plus "inline" for inline queries)."""

    PRIVATE = "private"
    GROUP = "group"
    SUPERGROUP = "supergroup"
    CHANNEL = "channel"
    INLINE = "inline"


class Channel(StrEnum):
    """How the question reached the bot."""

    PRIVATE = "private"
    GROUP = "group"
    INLINE = "inline"
    DEEPLINK = "deeplink"


class EventKind(StrEnum):
    """Which kind of button a citizen pressed."""

    FEEDBACK = "feedback"
    SUGGESTION = "suggestion"
    RELATED = "related"
    MENU = "menu"
    PAGE = "page"


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class QuestionRecord:
    """One handled message, inline query or deep link.

    `question` should already be masked with `bot.privacy.mask_personal_data`, and
    `normalized` be the normalised masked question; the writer masks them again before storing
    anything, and stores a `payload` that is not a deep-link payload as a fixed marker.
    """

    user_key: str
    chat_type: str
    channel: str
    question: str
    outcome: str  # a bot.outcome.Outcome value (stored as text)
    normalized: str | None = None
    payload: str | None = None
    entry_id: str | None = None
    score: float | None = None
    margin: float | None = None
    suggestions: tuple[str, ...] = ()
    latency_ms: int | None = None
    knowledge_version: str | None = None
    id: str = field(default_factory=new_record_id)
    created_at: datetime = field(default_factory=utc_now)


@dataclass(frozen=True, slots=True, kw_only=True)
class EventRecord:
    """One button press; `query_id` is the `id` of the question whose reply had the button.

    Both `query_id` and `value` come from callback data a client can forge: the writer stores
    anything that is not in the bot's own format as a fixed marker.
    """

    user_key: str
    kind: str
    query_id: str | None = None
    value: str | None = None
    id: str = field(default_factory=new_record_id)
    created_at: datetime = field(default_factory=utc_now)


LogRecord = QuestionRecord | EventRecord

# What citizens (or their clients) wrote, field by field: checked against the bot's own format
# where there is one, then masked, whatever the caller did.
_CHECKS: dict[str, Callable[[str], str]] = {
    "question": mask_personal_data,
    "normalized": mask_personal_data,
    "payload": lambda text: mask_personal_data(loggable_payload(text)),
    "query_id": loggable_record_id,
    "value": lambda text: mask_personal_data(loggable_event_value(text)),
}


def sanitize(record: LogRecord) -> LogRecord:
    """Return the record as it may be stored: personal data masked, text storable anywhere.

    Every text column a citizen can influence goes through `_CHECKS`. PostgreSQL rejects NUL
    characters and no driver can encode lone surrogates, either of which a Telegram client can
    send; both are removed here rather than failing the whole batch.
    """
    changes: dict[str, Any] = {}
    for spec in fields(record):
        value = getattr(record, spec.name)
        if not isinstance(value, str):
            continue
        cleaned = _storable_text(value)
        check = _CHECKS.get(spec.name)
        if check is not None:
            cleaned = check(cleaned)
        if cleaned != value:
            changes[spec.name] = cleaned
    return replace(record, **changes) if changes else record


def _storable_text(value: str) -> str:
    """Drop NUL characters and replace lone surrogates with "?"."""
    value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def to_row(record: LogRecord) -> dict[str, Any]:
    """Return the column values of a record, ready for an INSERT."""
    row = {spec.name: getattr(record, spec.name) for spec in fields(record)}
    if isinstance(record, QuestionRecord):
        row["suggestions"] = list(record.suggestions)
    return row


class UtcDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as naive UTC; read them back as aware UTC.

    SQLite has no time zones and the two databases disagree on what they return, so both store
    `TIMESTAMP` in UTC and the conversion happens here, for writes and comparisons alike.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to naive UTC (a naive value is taken to be UTC already)."""
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Mark the stored naive UTC value as UTC."""
        return value.replace(tzinfo=UTC) if value is not None else None


class JsonList(TypeDecorator[list[str]]):
    """A list of strings stored as JSON text (portable across SQLite and PostgreSQL)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: list[str] | None, dialect: Dialect) -> str | None:
        """Serialise the list."""
        return json.dumps(list(value)) if value is not None else None

    def process_result_value(self, value: str | None, dialect: Dialect) -> list[str] | None:
        """Parse the stored JSON."""
        return json.loads(value) if value is not None else None


class QuestionRow(SQLModel, table=True):
    """The `questions` table: one row per `QuestionRecord`."""

    __tablename__ = "questions"

    id: str = Field(primary_key=True, sa_type=Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    user_key: str = Field(sa_type=Text)
    chat_type: str = Field(sa_type=Text)
    channel: str = Field(sa_type=Text)
    payload: str | None = Field(default=None, sa_type=Text)
    question: str = Field(sa_type=Text)
    normalized: str | None = Field(default=None, sa_type=Text)
    outcome: str = Field(sa_type=Text)
    entry_id: str | None = Field(default=None, sa_type=Text)
    score: float | None = Field(default=None, sa_type=Float)
    margin: float | None = Field(default=None, sa_type=Float)
    suggestions: list[str] = Field(default_factory=list, sa_type=JsonList)
    latency_ms: int | None = Field(default=None, sa_type=Integer)
    knowledge_version: str | None = Field(default=None, sa_type=Text)


class EventRow(SQLModel, table=True):
    """The `button_events` table: one row per `EventRecord`."""

    __tablename__ = "button_events"

    id: str = Field(primary_key=True, sa_type=Text)
    created_at: datetime = Field(sa_type=UtcDateTime)
    user_key: str = Field(sa_type=Text)
    query_id: str | None = Field(default=None, sa_type=Text)
    kind: str = Field(sa_type=Text)
    value: str | None = Field(default=None, sa_type=Text)
