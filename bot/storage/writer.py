"""The query log writer: handlers record, one background task writes, nothing is lost.

Usage:
    async with QueryLog.open(settings.database_url, settings.spool_path) as log:
        log.record(QuestionRecord(...))  # synchronous, never blocks, never raises

`record` puts the record on an asyncio queue. A single writer task takes records off the
queue in batches (up to `batch_size`, or whatever arrived within `flush_interval` seconds)
and writes each batch in one transaction in a worker thread, off the event loop. When the
database is unavailable the batch is appended to the spool file instead, and the writer
retries the database with exponential backoff (`retry_interval` doubling up to
`max_retry_interval`); once it is back, the spool is replayed first, in order, and deleted.
Records carry their own primary key, so a replay interrupted half-way writes nothing twice.
Closing flushes what is pending, to the database or the spool.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.storage.engine import create_engine, describe_url, parse_url
from bot.storage.models import LogRecord
from bot.storage.sink import EngineFactory, Sink

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
FLUSH_INTERVAL_S = 0.5
RETRY_INTERVAL_S = 0.5
MAX_RETRY_INTERVAL_S = 5.0
QUEUE_SIZE = 10_000


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
class _Flush:
    """Queue marker: write everything before me now, then resolve `done`."""

    done: asyncio.Future[None]


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
        batch_size: int = BATCH_SIZE,
        flush_interval: float = FLUSH_INTERVAL_S,
        retry_interval: float = RETRY_INTERVAL_S,
        max_retry_interval: float = MAX_RETRY_INTERVAL_S,
        queue_size: int = QUEUE_SIZE,
    ) -> None:
        """Prepare the writer; `async with` (or `start()`) connects and starts it.

        Args:
            database_url: The `DATABASE_URL` setting (SQLite or PostgreSQL).
            spool_path: The `SPOOL_PATH` setting; rejected records go next to it.
            engine_factory: Builds an engine from the URL; called again after each failure,
                which is the seam tests use to take the database down and bring it back.
            batch_size: Most records written in one transaction.
            flush_interval: Seconds a record may wait for others to join its batch.
            retry_interval: Seconds before the first retry of an unavailable database.
            max_retry_interval: Longest wait between retries, in seconds.
            queue_size: Records held in memory before `record` starts dropping them.

        Raises:
            ValueError: If the database URL is invalid.
        """
        parse_url(database_url)
        self._url = database_url
        self._sink = Sink(database_url, Path(spool_path), engine_factory)
        self._queue: asyncio.Queue[LogRecord | _Flush | _Stop] = asyncio.Queue(queue_size)
        self._batch_size = batch_size
        self._flush_interval = flush_interval
        self._retry_interval = retry_interval
        self._max_retry_interval = max_retry_interval
        self._retry_delay = retry_interval
        self._retry_at = 0.0
        self._healthy: bool | None = None  # None: not tried yet
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._dropped = 0  # by `record`; the sink counts what it could not store

    @classmethod
    def open(cls, database_url: str, spool_path: Path | str, **options: Any) -> QueryLog:
        """Create a query log; reads well as `async with QueryLog.open(url, path) as log:`.

        Args:
            database_url: The `DATABASE_URL` setting.
            spool_path: The `SPOOL_PATH` setting.
            **options: Keyword arguments of `QueryLog()`.

        Returns:
            The query log, not started yet: `async with` (or `start()`) starts it.
        """
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
        return bool(self._healthy)

    @property
    def spooled(self) -> int:
        """Records waiting in the spool file for the database to come back."""
        return self._sink.spool.count

    def stats(self) -> QueryLogStats:
        """Return counters for the dashboard and health checks."""
        return QueryLogStats(
            healthy=self.healthy,
            queued=self._queue.qsize(),
            written=self._sink.written,
            spooled=self._sink.spool.count,
            dropped=self._dropped + self._sink.dropped,
            rejected=self._sink.rejects.count,
        )

    async def start(self) -> None:
        """Load the spool, connect and migrate (a down database is not an error), start writing.

        Raises:
            RuntimeError: If the log was started before.
        """
        if self._task is not None:
            raise RuntimeError("QueryLog.start() called twice")
        await asyncio.to_thread(self._sink.load)
        spool = self._sink.spool
        if spool.count:
            logger.info("%d query log records wait in %s", spool.count, spool.path)
        self._set_health(await asyncio.to_thread(self._sink.connect))
        self._task = asyncio.create_task(self._run(), name="query-log-writer")

    def record(self, item: LogRecord) -> None:
        """Queue a record for writing; returns at once and never raises.

        Call it from the event loop thread, after replying to the citizen. If the queue is full
        (the disk is failing too) or the log is closed, the record is dropped and counted.
        """
        try:
            if self._closing:
                self._drop("the query log is closed")
                return
            self._queue.put_nowait(item)
        except asyncio.QueueFull:
            self._drop("the query log queue is full")
        except Exception:  # a log must never break a reply
            logger.exception("Cannot queue a query log record")
            self._dropped += 1

    async def flush(self) -> None:
        """Wait until every record queued so far is in the database or the spool."""
        if self._task is None or self._task.done():
            return
        done = asyncio.get_running_loop().create_future()
        await self._queue.put(_Flush(done))
        await asyncio.wait([done, self._task], return_when=asyncio.FIRST_COMPLETED)

    async def close(self) -> None:
        """Write what is pending (to the spool if the database is down) and stop the writer."""
        self._closing = True
        if self._task is None:
            return
        if not self._task.done():
            await self._queue.put(_Stop())
        await self._task
        await asyncio.to_thread(self._sink.close)

    def _drop(self, reason: str) -> None:
        """Count a dropped record, logging the first and then every thousandth."""
        self._dropped += 1
        if self._dropped == 1 or self._dropped % 1000 == 0:
            logger.warning("Dropped a query log record (%s); %d so far", reason, self._dropped)

    async def _run(self) -> None:
        """Writer task: collect a batch, persist it, wake up flushers; until told to stop."""
        while True:
            batch, waiters, stop = await self._collect()
            try:
                await self._persist(batch)
            except Exception:  # keep the writer alive whatever happens
                logger.exception("Query log writer failed; %d records lost", len(batch))
                self._dropped += len(batch)
            for waiter in waiters:
                if not waiter.done():
                    waiter.set_result(None)
            if stop:
                return

    async def _collect(self) -> tuple[list[LogRecord], list[asyncio.Future[None]], bool]:
        """Wait for the first record (or the next retry), then gather a batch.

        Returns:
            The records, the flush futures to resolve afterwards, and whether to stop.
        """
        batch: list[LogRecord] = []
        waiters: list[asyncio.Future[None]] = []
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(self._idle_timeout(loop.time())):
                item = await self._queue.get()
        except TimeoutError:
            return batch, waiters, False  # time to retry the database and replay the spool
        deadline = loop.time() + self._flush_interval
        while True:
            if isinstance(item, _Stop):
                return batch, waiters, True
            if isinstance(item, _Flush):
                waiters.append(item.done)
                return batch, waiters, False
            batch.append(item)
            if len(batch) >= self._batch_size:
                return batch, waiters, False
            try:
                item = self._queue.get_nowait()
            except asyncio.QueueEmpty:
                try:
                    async with asyncio.timeout_at(deadline):
                        item = await self._queue.get()
                except TimeoutError:
                    return batch, waiters, False

    def _idle_timeout(self, now: float) -> float | None:
        """Seconds to wait for a record before retrying the database; None: no retry due."""
        if self._healthy and not self._sink.spool.count:
            return None
        return max(0.0, self._retry_at - now)

    async def _persist(self, batch: list[LogRecord]) -> None:
        """Write a batch (and any spool) to the database, or to the spool when it is down."""
        if not self._healthy and asyncio.get_running_loop().time() < self._retry_at:
            # Known to be down: spool at once rather than wait for another connect timeout.
            if batch:
                await asyncio.to_thread(self._sink.spool_only, batch)
            return
        if self._healthy and not batch and not self._sink.spool.count:
            return  # nothing to write, nothing to replay, nothing to retry
        self._set_health(await asyncio.to_thread(self._sink.store, batch))

    def _set_health(self, failure: str | None) -> None:
        """Record the outcome of a database attempt and schedule the next retry."""
        if failure is None:
            if self._healthy is False:
                logger.info("Query log database is available again")
            self._healthy = True
            self._retry_delay = self._retry_interval
            return
        if self._healthy is not False:
            logger.warning(
                "Query log database %s is unavailable (%s); spooling records to %s",
                describe_url(self._url),
                failure,
                self._sink.spool.path,
            )
        self._healthy = False
        logger.debug("Query log database: next attempt in %.3f s", self._retry_delay)
        self._retry_at = asyncio.get_running_loop().time() + self._retry_delay
        self._retry_delay = min(self._retry_delay * 2, self._max_retry_interval)
