"""The blocking side of the query log: the database first, the spool when it is down.

`Sink` owns the engine, the spool and the file of rejected records. Its methods block, so the
writer calls them through `asyncio.to_thread`, one at a time; nothing here touches the event
loop. The engine is built by a factory and rebuilt (and re-migrated) after every failure,
which is also the seam tests use to take the database down and bring it back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.engine import describe_error, insert_ignoring_duplicates, is_bad_record
from bot.storage.errors import StorageUnavailable
from bot.storage.migrations import migrate
from bot.storage.models import EventRow, LogRecord, QuestionRecord, QuestionRow, sanitize, to_row
from bot.storage.spool import Spool

logger = logging.getLogger(__name__)

REPLAY_CHUNK_SIZE = 500

EngineFactory = Callable[[str], Engine]

_QUESTIONS = QuestionRow.__table__  # type: ignore[attr-defined]
_EVENTS = EventRow.__table__  # type: ignore[attr-defined]


class Sink:
    """Stores batches of records in the database, or in the spool while it is unavailable."""

    def __init__(self, database_url: str, spool_path: Path, engine_factory: EngineFactory):
        self._url = database_url
        self._engine_factory = engine_factory
        self._engine: Engine | None = None
        self.spool = Spool(spool_path)
        # Records the database refuses (bad data, not a bad connection) wait here for a human.
        suffix = spool_path.suffix or ".jsonl"
        self.rejects = Spool(spool_path.with_name(f"{spool_path.stem}.rejected{suffix}"))
        self.written = 0
        self.dropped = 0

    def load(self) -> None:
        """Count the records earlier runs left in the spool and the rejects file."""
        self.spool.load()
        self.rejects.load()

    def connect(self) -> str | None:
        """Connect and migrate; return None on success, else the reason it failed."""
        try:
            self._connected_engine()
        except StorageUnavailable as exc:
            self.close()
            return str(exc)
        return None

    def store(self, batch: Sequence[LogRecord]) -> str | None:
        """Replay the spool, then write the batch; if the database fails, spool the batch.

        Returns:
            None if the database took everything, else the reason it did not.
        """
        records = [sanitize(record) for record in batch]
        try:
            engine = self._connected_engine()
            self._replay(engine)
            self._insert(engine, records)
        except (StorageUnavailable, OSError) as exc:
            self.close()
            self._append(self.spool, records)
            return str(exc) or type(exc).__name__
        return None

    def spool_only(self, batch: Sequence[LogRecord]) -> None:
        """Append the batch to the spool without trying the database."""
        self._append(self.spool, [sanitize(record) for record in batch])

    def close(self) -> None:
        """Close the engine's connections; the next attempt builds a new engine."""
        engine, self._engine = self._engine, None
        if engine is not None:
            engine.dispose()

    def _connected_engine(self) -> Engine:
        """Return the engine, creating and migrating a new one after a failure."""
        if self._engine is None:
            try:
                engine = self._engine_factory(self._url)
            except (SQLAlchemyError, OSError) as exc:
                raise StorageUnavailable(f"cannot create engine: {describe_error(exc)}") from exc
            try:
                migrate(engine)
            except StorageUnavailable:
                engine.dispose()
                raise
            self._engine = engine
        return self._engine

    def _replay(self, engine: Engine) -> None:
        """Write the spooled records in order, then delete the spool."""
        if not self.spool.count:
            return
        total = self.spool.count
        for chunk in self.spool.read(REPLAY_CHUNK_SIZE):
            self._insert(engine, [sanitize(record) for record in chunk])
        self.spool.clear()
        logger.info("Replayed %d spooled query log records into the database", total)

    def _insert(self, engine: Engine, records: Sequence[LogRecord]) -> None:
        """Write records in one transaction; set aside records the database refuses."""
        if not records:
            return
        try:
            with engine.begin() as connection:
                _insert_records(connection, records)
        except SQLAlchemyError as exc:
            if not is_bad_record(exc):
                raise StorageUnavailable(describe_error(exc)) from exc
            logger.warning(
                "The database refused a query log batch (%s); retrying one by one",
                describe_error(exc),
            )
            self._insert_one_by_one(engine, records)
            return
        self.written += len(records)

    def _insert_one_by_one(self, engine: Engine, records: Sequence[LogRecord]) -> None:
        """Write records in separate transactions, moving refused ones to the rejects file."""
        for record in records:
            try:
                with engine.begin() as connection:
                    _insert_records(connection, [record])
            except SQLAlchemyError as exc:
                if not is_bad_record(exc):
                    raise StorageUnavailable(describe_error(exc)) from exc
                logger.error(
                    "The database refused query log record %s (%s); keeping it in %s",
                    record.id,
                    describe_error(exc),
                    self.rejects.path,
                )
                self._append(self.rejects, [record])
            else:
                self.written += 1

    def _append(self, spool: Spool, records: Sequence[LogRecord]) -> None:
        """Append records to a spool file; if even that fails, count them as dropped."""
        try:
            spool.append(records)
        except OSError:
            logger.exception(
                "Cannot write %s; %d query log records lost", spool.path, len(records)
            )
            self.dropped += len(records)


def _insert_records(connection: Connection, records: Sequence[LogRecord]) -> None:
    """Insert questions and events, skipping ids that are already stored."""
    questions = [to_row(r) for r in records if isinstance(r, QuestionRecord)]
    events = [to_row(r) for r in records if not isinstance(r, QuestionRecord)]
    insert_ignoring_duplicates(connection, _QUESTIONS, questions)
    insert_ignoring_duplicates(connection, _EVENTS, events)
