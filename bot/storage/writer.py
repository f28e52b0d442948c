"""The query log writer: handlers record, one background task writes, nothing is lost.

Usage:
    async with QueryLog.open(settings.database_url, settings.spool_path) as log:
        log.record(QuestionRecord(...))  # synchronous, never blocks, never raises

`record` puts the record on a bounded asyncio queue (when it is full, or the log is closed, the
record is appended to the spool file at once instead: never dropped). A single writer task takes
records off the queue in batches (up to `batch_size`, or whatever arrived within
`flush_interval` seconds) and writes each batch in one transaction in a worker thread, off the
event loop. A call that does not finish within `timeout` seconds is abandoned (see
`bot.storage.deadline`); then, as when the database refuses the connection, the batch goes to
the spool, one warning is logged, and the database is retried with exponential backoff
(`retry_interval` doubling up to `max_retry_interval`). Once it answers again the spool is
replayed first, in order, and deleted. Records carry their own primary key, so a replay
interrupted half-way, or a write that was abandoned and committed after all, stores nothing twice.
Closing writes what is pending, to the database or the spool, within a few seconds.
Deleting one user's records and purging old ones run in the same task, after the records queued
before them. Where a batch goes is decided by `bot.storage.batches.BatchStore`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from bot.storage.batches import BatchStore
from bot.storage.engine import DATABASE_TIMEOUT_S, create_engine, parse_url
from bot.storage.errors import StorageUnavailable
from bot.storage.models import LogRecord, sanitize
from bot.storage.retention import Deleted, retention_cutoff
from bot.storage.sink import EngineFactory

logger = logging.getLogger(__name__)
T = TypeVar("T")

BATCH_SIZE = 100
FLUSH_INTERVAL_S = 0.5
RETRY_INTERVAL_S = 0.5
MAX_RETRY_INTERVAL_S = 5.0
QUEUE_SIZE = 10_000
CLOSE_MARGIN_S = 2.0  # closing waits for one abandoned call plus this, then spools the rest
MAX_CLOSE_WAIT_S = 7.0  # whatever the timeout: SIGTERM must end the process within 10 s


@dataclass(frozen=True)
class QueryLogStats:
    """A snapshot of the writer's state, for the dashboard and health checks."""

    healthy: bool
    queued: int
    written: int
    spooled: int
    dropped: int
    rejected: int


@dataclass(frozen=True)
class _Call:
    """Queue marker: once the records before me are stored, run `action`, resolve `done`."""

    action: Callable[[], Awaitable[Any]]
    done: asyncio.Future[Any]


class _Stop:
    """Queue marker: write everything before me, then end the writer task."""


class QueryLog:
    """Asynchronous, batching, spooling writer of question and button-press records."""

    def __init__(
        self,
        database_url: str,
        spool_path: Path | str,
        *,
        engine_factory: EngineFactory = create_engine,
        timeout: float = DATABASE_TIMEOUT_S,
        batch_size: int = BATCH_SIZE,
        flush_interval: float = FLUSH_INTERVAL_S,
        retry_interval: float = RETRY_INTERVAL_S,
        max_retry_interval: float = MAX_RETRY_INTERVAL_S,
        queue_size: int = QUEUE_SIZE,
    ) -> None:
        """Prepare the writer; `async with` (or `start()`) connects and starts it.

        Args:
            database_url: The `DATABASE_URL` setting (SQLite or PostgreSQL).
            spool_path: The `SPOOL_PATH` setting; refused records go next to it.
            engine_factory: Builds an engine from the URL (and `timeout=`); called again after
                each failure, which is the seam tests use to take the database down.
            timeout: The `DATABASE_TIMEOUT_SECONDS` setting: how long one call may take.
            batch_size: Most records written in one transaction.
            flush_interval: Seconds a record may wait for others to join its batch.
            retry_interval: Seconds before the first retry of an unavailable database.
            max_retry_interval: Longest wait between retries, in seconds.
            queue_size: Records held in memory; more go straight to the spool.

        Raises:
            ValueError: If the database URL is invalid.
        """
        parse_url(database_url)
        self._timeout = timeout
        self._store = BatchStore(database_url, Path(spool_path), engine_factory, timeout=timeout,
                                 retry_interval=retry_interval,
                                 max_retry_interval=max_retry_interval)
        self._queue: asyncio.Queue[LogRecord | _Call | _Stop] = asyncio.Queue(queue_size)
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._task: asyncio.Task[None] | None = None
        self._in_flight: list[LogRecord] = []  # the batch being stored, spooled if abandoned
        self._overflowed = 0

    @classmethod
    def open(cls, database_url: str, spool_path: Path | str, **options: Any) -> QueryLog:
        """Create a query log; reads well as `async with QueryLog.open(url, path) as log:`."""
        return cls(database_url, spool_path, **options)

    async def __aenter__(self) -> QueryLog:
        """Start the writer for the duration of an `async with` block."""
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Flush and stop the writer."""
        await self.close()

    @property
    def healthy(self) -> bool:
        """Whether the last attempt to use the database succeeded."""
        return self._store.healthy

    @property
    def spooled(self) -> int:
        """Records waiting in the spool file for the database to come back."""
        return self._store.spool.count

    def stats(self) -> QueryLogStats:
        """Return counters for the dashboard and health checks."""
        store = self._store
        return QueryLogStats(healthy=store.healthy, queued=self._queue.qsize(),
                             written=store.written, spooled=store.spool.count,
                             dropped=store.dropped, rejected=store.rejects.count)

    async def start(self) -> None:
        """Load the spool, connect and migrate (a down database is not an error), start writing.

        Raises:
            RuntimeError: If the log was started before.
        """
        if self._task is not None:
            raise RuntimeError("QueryLog.start() called twice")
        await self._store.start()
        self._task = asyncio.create_task(self._run(), name="query-log-writer")

    def record(self, item: LogRecord) -> None:
        """Queue a record for writing; returns at once and never raises.

        Call it from the event loop thread, after replying to the citizen. If the queue is full
        or the log is closed, the record is appended to the spool file right away.
        """
        try:
            if not self._store.closing:
                try:
                    self._queue.put_nowait(item)
                    return
                except asyncio.QueueFull:
                    pass
            self._spool_now(item)
        except Exception:  # a log must never break a reply
            logger.exception("Cannot queue a query log record")
            self._store.dropped += 1

    async def flush(self) -> None:
        """Wait until every record queued so far is in the database or the spool."""
        with suppress(StorageUnavailable):
            await self._submit(_nothing)

    async def delete_user(self, user_key: str) -> int:
        """Delete every record of one user: stored, spooled or still queued; return how many.

        Raises:
            StorageUnavailable: If the database cannot be reached now (try again later).
        """
        return await self._submit(lambda: self._store.delete_user(user_key))

    async def purge(self, retention_days: int, *, now: datetime | None = None,
                    dry_run: bool = False) -> Deleted:
        """Delete (or count) the stored records older than `retention_days` days.

        Raises:
            StorageUnavailable: If the database cannot be reached now.
        """
        cutoff = retention_cutoff(retention_days, now)
        return await self._submit(lambda: self._store.purge(cutoff, dry_run=dry_run))

    async def close(self) -> None:
        """Write what is pending (to the spool if the database is down) and stop the writer.

        Takes at most `timeout` + CLOSE_MARGIN_S seconds (MAX_CLOSE_WAIT_S at the most): a
        writer still stuck then is cancelled and what it held is spooled.
        """
        self._store.closing = True
        task = self._task
        if task is None:
            return
        try:
            async with asyncio.timeout(min(self._timeout + CLOSE_MARGIN_S, MAX_CLOSE_WAIT_S)):
                if not task.done():
                    await self._queue.put(_Stop())
                await asyncio.shield(task)
        except TimeoutError:
            logger.warning("The query log writer did not finish in time; spooling the rest")
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
            queued = [item for item in _drain(self._queue) if not isinstance(item, _Call | _Stop)]
            await self._store.to_spool(self._in_flight + queued)
        self._store.close()

    async def _submit(self, action: Callable[[], Awaitable[T]]) -> T:
        """Run `action` in the writer task after the records queued before it are stored.

        Raises:
            StorageUnavailable: If the writer is not running.
        """
        task = self._task
        if task is None or task.done():
            raise StorageUnavailable("the query log is not running")
        done: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        await self._queue.put(_Call(action, done))
        waiting: list[asyncio.Future[Any]] = [done, task]
        await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        if not done.done():
            raise StorageUnavailable("the query log stopped")
        return done.result()

    def _spool_now(self, item: LogRecord) -> None:
        """Append one record to the spool from the event loop (queue full or log closed)."""
        try:
            self._store.spool.append([sanitize(item)])
        except OSError:
            logger.exception("Cannot write %s; a query log record is lost", self._store.spool.path)
            self._store.dropped += 1
            return
        self._overflowed += 1
        if self._overflowed == 1 or self._overflowed % 1000 == 0:
            logger.warning("The query log queue is full or closed: %d records spooled directly",
                           self._overflowed)

    async def _run(self) -> None:
        """Writer task: collect a batch, persist it, run queued calls; until told to stop."""
        while True:
            batch, calls, stop = await self._collect()
            self._in_flight = batch
            try:
                await self._store.persist(batch)
            except Exception:  # keep the writer alive whatever happens
                logger.exception("Query log writer failed; spooling %d records", len(batch))
                await self._store.to_spool(batch)
            self._in_flight = []
            for call in calls:
                await _settle(call)
            if stop:
                return

    async def _collect(self) -> tuple[list[LogRecord], list[_Call], bool]:
        """Wait for the first record (or the next retry), then gather a batch.

        Returns:
            The records, the calls to run afterwards, and whether to stop.
        """
        batch: list[LogRecord] = []
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self._store.idle_timeout(loop.time())):
                item = await self._queue.get()
        except TimeoutError:
            return batch, [], False  # time to retry the database and replay the spool
        deadline = loop.time() + self._flush_interval
        while True:
            if isinstance(item, _Stop):
                return batch, [], True
            if isinstance(item, _Call):
                return batch, [item], False
            batch.append(item)
            if len(batch) >= self._batch_size:
                return batch, [], False
            try:
                item = self._queue.get_nowait()
            except asyncio.QueueEmpty:
                try:
                    async with asyncio.timeout_at(deadline):
                        item = await self._queue.get()
                except TimeoutError:
                    return batch, [], False


async def _nothing() -> None:
    """The action of a flush: everything before it is stored, nothing else to do."""


async def _settle(call: _Call) -> None:
    """Run a queued call and hand its result (or error) to whoever waits for it."""
    try:
        result = await call.action()
    except Exception as exc:  # handed to the caller, which translates it
        if not call.done.done():
            call.done.set_exception(exc)
        return
    if not call.done.done():
        call.done.set_result(result)


def _drain(queue: asyncio.Queue[Any]) -> list[Any]:
    """Take everything out of a queue without waiting."""
    items = []
    while True:
        try:
            items.append(queue.get_nowait())
        except asyncio.QueueEmpty:
            return items
