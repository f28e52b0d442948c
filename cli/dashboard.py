"""`smartcity-bot dashboard`: the staff dashboard alone, on DASHBOARD_HOST:DASHBOARD_PORT.

For a dashboard on another machine than the bot, or while the bot runs elsewhere against the
same database. `smartcity-bot run` starts the same dashboard beside the bot.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.config import Settings
from bot.knowledge import KnowledgeError
from bot.storage import StorageUnavailable
from cli.errors import knowledge_refused
from cli.serving import serve_until_stopped
from dashboard.server import RunningDashboard, serving

logger = logging.getLogger(__name__)


@asynccontextmanager
async def announced(settings: Settings) -> AsyncIterator[RunningDashboard]:
    """The dashboard, with its address on the console once it listens."""
    async with serving(settings) as running:
        print(f"Dasbor staf: {running.url}/ (akun: smartcity-bot staff add NAMA)", flush=True)
        yield running


def run_dashboard(settings: Settings) -> int:
    """Serve the dashboard until stopped; return the exit code."""
    try:
        asyncio.run(serve_until_stopped(announced(settings)))
    except KnowledgeError as exc:
        knowledge_refused(exc)
        return 1
    except StorageUnavailable as exc:
        print(f"The database is unavailable: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"Cannot serve the dashboard on {settings.dashboard_host}:"
              f"{settings.dashboard_port} ({exc}); change DASHBOARD_HOST or DASHBOARD_PORT.",
              file=sys.stderr)
        return 1
    return 0
