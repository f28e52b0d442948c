"""A coroutine that runs in the background for as long as an `async with` block does.

The bot's periodic jobs (the knowledge watcher, the daily purge) are tasks tied to the life of
the services: started on entry, cancelled and awaited on exit, so none outlives the bot.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager, suppress
from typing import Any


@asynccontextmanager
async def running(job: Coroutine[Any, Any, None], name: str) -> AsyncIterator[None]:
    """Run `job` as a task named `name` while the block runs; cancel it afterwards."""
    task = asyncio.create_task(job, name=name)
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
