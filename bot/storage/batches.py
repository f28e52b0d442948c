"""Where a batch of query log records goes: the database, or the spool while it is down.

`BatchStore` is the writer task's half of `QueryLog` (see `bot.storage.writer`): it writes a
batch after replaying the spool, spools the batch when the database fails or hangs (each call
runs in a thread abandoned after `timeout` seconds), keeps the health state and the retry
schedule, and runs the maintenance statements (deleting one user's records, purging old ones).
Only the writer task calls it, one call at a time.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from bot.storage.deadline import Abandoned, call_with_deadline
from bot.storage.engine import describe_url
from bot.storage.errors import StorageUnavailable
from bot.storage.models import LogRecord, sanitize
from bot.storage.retention import PURGE_CHUNK, Deleted
from bot.storage.sink import Database, EngineFactory
from bot.storage.spool import Spool

logger = logging.getLogger(__name__)
T = TypeVar("T")

REPLAY_CHUNK_SIZE = 500
MAX_ABANDONED_CALLS = 4  # while this many calls hang, do not start another: spool


class BatchStore:
    """Stores batches in the database or the spool, and knows whether the database is up."""

    def __init__(self, database_url: str, spool_path: Path, engine_factory: EngineFactory, *,
                 timeout: float, retry_interval: float, max_retry_interval: float) -> None:
        self._url = database_url
        self._timeout = timeout
        self._db = Database(database_url, engine_factory, timeout)
        self.spool = Spool(spool_path)
        # Records the database refuses (bad data, not a bad connection) wait here for a human.
        suffix = spool_path.suffix or ".jsonl"
        self.rejects = Spool(spool_path.with_name(f"{spool_path.stem}.rejected{suffix}"))
        self._retry_interval = retry_interval
        self._max_retry_interval = max_retry_interval
        self._retry_delay = retry_interval
        self._retry_at = 0.0
        self._healthy: bool | None = None  # None: not tried yet
        self._abandoned = Abandoned()
        self.closing = False  # set by QueryLog.close: stop replaying, spool after a failure
        self.written = 0
        self.dropped = 0  # only when even the spool file cannot be written

    @property
    def healthy(self) -> bool:
        """Whether the last attempt to use the database succeeded."""
        return bool(self._healthy)

    async def start(self) -> None:
        """Count what earlier runs left in the spool, then connect and migrate (or fail)."""
        await asyncio.to_thread(self.spool.load)
        await asyncio.to_thread(self.rejects.load)
        if self.spool.count:
            logger.info("%d query log records wait in %s", self.spool.count, self.spool.path)
        try:
            await self._db_call(self._db.connect)
        except StorageUnavailable as exc:
            self._fail(exc)
        else:
            self._set_health(None)

    def close(self) -> None:
        """Let go of the engine (its idle connections are closed in the background)."""
        engine = self._db.abandon()
        if engine is not None:
            _dispose_in_background(engine)

    async def delete_user(self, user_key: str) -> int:
        """Delete one user's records from the spool and the database; return how many.

        A write abandoned during an outage may still commit when the network heals, and would
        bring records back after the deletion; so the deletion waits for such writes to end,
        and fails rather than run while one may still land.

        Raises:
            StorageUnavailable: If the database cannot be reached (the spooled ones are gone).
        """
        ids = set(await asyncio.to_thread(self.spool.remove_user, user_key))
        try:
            if not await self._abandoned.settled(self._timeout):
                raise StorageUnavailable("a write abandoned earlier may still be stored")
            await self._db_call(self._db.connect)
            await self._replay()
            ids.update(await self._db_call(lambda: self._db.delete_user(user_key)))
        except StorageUnavailable as exc:
            self._fail(exc)
            raise
        self._set_health(None)
        return len(ids)

    async def purge(self, cutoff: datetime, *, dry_run: bool = False) -> Deleted:
        """Delete (or count) the stored records older than `cutoff`.

        Raises:
            StorageUnavailable: If the database cannot be reached.
        """
        try:
            await self._db_call(self._db.connect)
            if dry_run:
                deleted = await self._db_call(lambda: self._db.count_older(cutoff))
            else:
                deleted = Deleted()
                while True:  # in chunks, each within the timeout
                    chunk = await self._db_call(lambda: self._db.purge_chunk(cutoff))
                    deleted = deleted + chunk
                    if max(chunk.questions, chunk.events) < PURGE_CHUNK:
                        break
        except StorageUnavailable as exc:
            self._fail(exc)
            raise
        self._set_health(None)
        return deleted

    def idle_timeout(self, now: float) -> float | None:
        """Seconds to wait for a record before retrying the database; None: no retry due."""
        if self._healthy and not self.spool.count:
            return None
        return max(0.0, self._retry_at - now)

    async def persist(self, batch: list[LogRecord]) -> None:
        """Write the spool and then the batch to the database, or the batch to the spool."""
        if self._healthy and not batch and not self.spool.count:
            return  # nothing to write, nothing to replay, nothing to retry
        if self._abandoned.alive >= MAX_ABANDONED_CALLS:
            # The database swallows calls: do not pile up more threads, try again later.
            self._fail(StorageUnavailable(f"{MAX_ABANDONED_CALLS} database calls still hang"))
            await self.to_spool(batch)
            return
        if self._healthy is False and (
                self.closing or asyncio.get_running_loop().time() < self._retry_at):
            await self.to_spool(batch)  # known to be down: no need to wait for a timeout
            return
        try:
            await self._db_call(self._db.connect)
            await self._replay()
            await self._insert(batch)
        except StorageUnavailable as exc:
            self._fail(exc)
            await self.to_spool(batch)
        else:
            self._set_health(None)

    async def _replay(self) -> None:
        """Store the spooled records in order (an interrupted replay first), then delete them.

        Raises:
            StorageUnavailable: If the database fails; the rest stays in the spool.
        """
        for _ in range(2):  # a file left by an interrupted replay, then the spool itself
            path = await asyncio.to_thread(self.spool.take)
            if path is None:
                return
            offset, total = 0, 0
            while not self.closing:  # closing: the next start replays the rest
                chunk, offset = await asyncio.to_thread(
                    self.spool.read_chunk, path, offset, REPLAY_CHUNK_SIZE)
                if not chunk:
                    await asyncio.to_thread(self.spool.finish, path)
                    logger.info("Replayed %d spooled query log records into the database",
                                total)
                    break
                await self._insert(chunk)
                total += len(chunk)

    async def _insert(self, records: list[LogRecord]) -> None:
        """Store records in one transaction; set refused ones aside in the rejects file."""
        if not records:
            return
        refused = await self._db_call(lambda: self._db.insert(records))
        self.written += len(records) - len(refused)
        if refused:
            logger.error("Keeping %d refused query log records in %s", len(refused),
                         self.rejects.path)
            await asyncio.to_thread(self.rejects.append, refused)

    async def to_spool(self, records: list[LogRecord]) -> None:
        """Append records (masked) to the spool; if even that fails, count them as dropped."""
        if not records:
            return
        try:
            await asyncio.to_thread(lambda: self.spool.append([sanitize(r) for r in records]))
        except OSError:
            logger.exception("Cannot write %s; %d query log records lost", self.spool.path,
                             len(records))
            self.dropped += len(records)

    async def _db_call(self, function: Callable[[], T]) -> T:
        """Run a blocking database call in a thread, abandoned after `timeout` seconds."""
        return await call_with_deadline(function, self._timeout, abandoned=self._abandoned,
                                        name="query-log-db")

    def _fail(self, error: StorageUnavailable) -> None:
        """Forget the engine (it may hang) and schedule a retry."""
        self.close()
        self._set_health(str(error) or type(error).__name__)

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
                describe_url(self._url), failure, self.spool.path)
        self._healthy = False
        logger.debug("Query log database: next attempt in %.3f s", self._retry_delay)
        self._retry_at = asyncio.get_running_loop().time() + self._retry_delay
        self._retry_delay = min(self._retry_delay * 2, self._max_retry_interval)




def _dispose_in_background(engine: Any) -> None:
    """Close an engine's idle connections in a daemon thread: it may hang, the loop must not."""
    threading.Thread(target=engine.dispose, name="query-log-dispose", daemon=True).start()
