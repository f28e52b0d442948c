"""The daily purge: the running bot deletes query log records older than LOG_RETENTION_DAYS.

It runs once when the bot starts and then every PURGE_EVERY_S seconds, through the query log
writer (so it never races a batch). When the database is unavailable it tries again after
PURGE_RETRY_S. `smartcity-bot log purge` does the same on demand (see `cli.log`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.background import running
from bot.storage import QueryLog, StorageUnavailable

logger = logging.getLogger(__name__)

PURGE_EVERY_S = 24 * 60 * 60.0
PURGE_RETRY_S = 60 * 60.0


@asynccontextmanager
async def daily_purge(log: QueryLog, retention_days: int, *,
                      every: float = PURGE_EVERY_S) -> AsyncIterator[None]:
    """Purge old records now and every `every` seconds while the block runs."""
    async with running(_purge_forever(log, retention_days, every), "log-purge"):
        yield


async def _purge_forever(log: QueryLog, retention_days: int, every: float) -> None:
    """Purge, wait, repeat; a failure is logged and retried sooner."""
    while True:
        wait = every
        try:
            deleted = await log.purge(retention_days)
        except StorageUnavailable as exc:
            logger.warning("Could not delete query log records older than %d days (%s); "
                           "trying again later", retention_days, exc)
            wait = min(every, PURGE_RETRY_S)
        else:
            if deleted.total:
                logger.info("Deleted %d questions and %d button events older than %d days "
                            "(LOG_RETENTION_DAYS)", deleted.questions, deleted.events,
                            retention_days)
        await asyncio.sleep(wait)
