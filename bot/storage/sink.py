"""The blocking side of the query log: one engine at a time, and the statements it runs.

`Database` owns the engine. Its methods block (and may block for ever on a silent network), so
the writer calls each one through `bot.storage.deadline.call_with_deadline` and abandons it when
it takes too long. After any failure the writer calls `abandon`: the next call builds (and
migrates) a new engine from the factory, which is also the seam tests use to take the database
down and bring it back. Nothing here touches the spool or the event loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.engine import describe_error, insert_ignoring_duplicates, is_bad_record
from bot.storage.errors import StorageUnavailable
from bot.storage.migrations import migrate
from bot.storage.models import EventRow, LogRecord, QuestionRecord, QuestionRow, sanitize, to_row
from bot.storage.retention import (
    Deleted,
    count_older_than,
    delete_user_records,
    purge_chunk,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Builds an engine from the DATABASE_URL and `timeout=` seconds (see `create_engine`).
EngineFactory = Callable[..., Engine]

_QUESTIONS = QuestionRow.__table__  # type: ignore[attr-defined]
_EVENTS = EventRow.__table__  # type: ignore[attr-defined]


class Database:
    """The query log database, reached through an engine rebuilt after every failure."""

    def __init__(self, database_url: str, engine_factory: EngineFactory, timeout: float):
        self._url = database_url
        self._engine_factory = engine_factory
        self._timeout = timeout
        self._engine: Engine | None = None
        self._lock = threading.Lock()  # an abandoned call may still be running

    def connect(self) -> None:
        """Make sure there is a migrated engine.

        Raises:
            StorageUnavailable: If the database cannot be reached or migrated.
        """
        self._connected_engine()

    def insert(self, records: Sequence[LogRecord]) -> list[LogRecord]:
        """Store records in one transaction (ids already stored are skipped).

        Returns:
            The records the database refused as bad data (the others are stored).

        Raises:
            StorageUnavailable: If the database is unavailable; nothing is stored then.
        """
        rows = [sanitize(record) for record in records]
        if not rows:
            return []
        engine = self._connected_engine()
        try:
            with engine.begin() as connection:
                _insert_records(connection, rows)
        except SQLAlchemyError as exc:
            if not is_bad_record(exc):
                raise StorageUnavailable(describe_error(exc)) from exc
            logger.warning("The database refused a query log batch (%s); retrying one by one",
                           describe_error(exc))
            return self._insert_one_by_one(engine, rows)
        return []

    def delete_user(self, user_key: str) -> frozenset[str]:
        """Delete every stored record of one user; return their ids."""
        return self._run(lambda engine: delete_user_records(engine, user_key))

    def purge_chunk(self, cutoff: datetime) -> Deleted:
        """Delete some of the records older than `cutoff` (see `retention.purge_chunk`)."""
        return self._run(lambda engine: purge_chunk(engine, cutoff))

    def count_older(self, cutoff: datetime) -> Deleted:
        """Count the records older than `cutoff`."""
        return self._run(lambda engine: count_older_than(engine, cutoff))

    def abandon(self) -> Engine | None:
        """Forget the engine after a failure and return it (to be disposed off the loop)."""
        with self._lock:
            engine, self._engine = self._engine, None
        return engine

    def close(self) -> None:
        """Close the engine's idle connections."""
        engine = self.abandon()
        if engine is not None:
            engine.dispose()

    def _run(self, work: Callable[[Engine], T]) -> T:
        """Run a maintenance statement, turning database errors into StorageUnavailable."""
        engine = self._connected_engine()
        try:
            return work(engine)
        except SQLAlchemyError as exc:
            raise StorageUnavailable(describe_error(exc)) from exc

    def _connected_engine(self) -> Engine:
        """Return the engine, creating and migrating a new one after a failure."""
        with self._lock:
            if self._engine is not None:
                return self._engine
        try:
            engine = self._engine_factory(self._url, timeout=self._timeout)
        except (SQLAlchemyError, OSError, ValueError) as exc:
            raise StorageUnavailable(f"cannot create engine: {describe_error(exc)}") from exc
        try:
            migrate(engine)
        except StorageUnavailable:
            engine.dispose()
            raise
        with self._lock:
            self._engine = engine
        return engine

    def _insert_one_by_one(self, engine: Engine, records: Sequence[LogRecord]) -> list[LogRecord]:
        """Store records in separate transactions; return the ones the database refuses."""
        refused = []
        for record in records:
            try:
                with engine.begin() as connection:
                    _insert_records(connection, [record])
            except SQLAlchemyError as exc:
                if not is_bad_record(exc):
                    raise StorageUnavailable(describe_error(exc)) from exc
                logger.error("The database refused query log record %s (%s)", record.id,
                             describe_error(exc))
                refused.append(record)
        return refused


def _insert_records(connection: Connection, records: Sequence[LogRecord]) -> None:
    """Insert questions and events, skipping ids that are already stored."""
    questions = [to_row(r) for r in records if isinstance(r, QuestionRecord)]
    events = [to_row(r) for r in records if not isinstance(r, QuestionRecord)]
    insert_ignoring_duplicates(connection, _QUESTIONS, questions)
    insert_ignoring_duplicates(connection, _EVENTS, events)
