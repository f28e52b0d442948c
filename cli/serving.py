"""Serve an async context (the bot, the dashboard, or both) until SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import signal
from contextlib import AbstractAsyncContextManager
from typing import Any


async def serve_until_stopped(service: AbstractAsyncContextManager[Any]) -> None:
    """Enter `service`, wait for SIGINT or SIGTERM, then leave it (which stops it cleanly)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        async with service:
            await stop.wait()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
