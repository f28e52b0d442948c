"""Start the dashboard: settings in, a listening web server out (one async context).

`serving` opens the database (migrating it, so the staff tables exist), ends expired sessions
and those of earlier one-time logins, builds the services and serves the app on
DASHBOARD_HOST:DASHBOARD_PORT until the block ends; meanwhile a background thread prepares the
unanswered clusters. `smartcity-bot run` passes the knowledge
the bot serves; `smartcity-bot dashboard` loads (and watches) it here. Editors' knowledge edits
go to that knowledge and reload it at once (a bot in another process reloads it when its
watcher sees the file change).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web
from argon2 import PasswordHasher
from sqlalchemy import Engine

from bot.config import Settings, is_loopback
from bot.knowledge_editor import KnowledgeEditor
from bot.knowledge_watch import KnowledgeHolder, load_state, watching
from bot.matcher import Matcher
from bot.reports import ReportFilter
from bot.reports.filters import since_start
from bot.staff import SessionLimits, purge_sessions
from bot.staff.accounts import HASHER
from bot.storage import StorageUnavailable, create_engine, migrate
from bot.storage.models import utc_now
from dashboard.app import create_app
from dashboard.context import Dashboard
from dashboard.login_limits import LoginLimiter
from dashboard.one_time import LINK_PATH, OneTimeLogins
from dashboard.pages.clusters import clusters_report
from dashboard.pages.common import DEFAULT_SINCE
from dashboard.render import make_templates
from dashboard.security import LOOPBACK_HOSTS

logger = logging.getLogger(__name__)

# Threads that run report queries: two let a page's reports overlap (measured faster than one
# or seven on this project's 2-core machine) and leave the bot's event loop a core.
REPORT_THREADS = 2


@dataclass(frozen=True)
class RunningDashboard:
    """A dashboard that listens: its address and its services."""

    url: str
    dashboard: Dashboard
    warm_up: threading.Thread  # prepares the unanswered clusters; benchmarks wait for it

    def one_time_link(self) -> str:
        """A new link that logs one browser in once, as the temporary local account."""
        return self.url + LINK_PATH + self.dashboard.one_time.issue()


def session_secret(settings: Settings) -> bytes:
    """DASHBOARD_SECRET, or a random one for this run (sessions then end at restart)."""
    secret = settings.dashboard_secret.get_secret_value()
    if not secret:
        # Expected with the simulator; with a real bot, staff would log in after each restart.
        logger.log(logging.INFO if settings.simulator_mode else logging.WARNING,
                   "DASHBOARD_SECRET is empty: using a random one, so dashboard sessions end "
                   "when this process stops")
        return secrets.token_bytes(32)
    return secret.encode()


def build_dashboard(settings: Settings, engine: Engine, matcher: Callable[[], Matcher], *,
                    knowledge: KnowledgeHolder | None = None,
                    clock: Callable[[], datetime] = utc_now,
                    hasher: PasswordHasher = HASHER) -> Dashboard:
    """The dashboard's services from settings and an engine.

    With `knowledge` (the holder `matcher` reads) editors may edit it; without, the
    knowledge is read only.
    """
    editor = KnowledgeEditor(knowledge, settings, engine, clock=clock) \
        if knowledge is not None else None
    return Dashboard(
        engine=engine, secret=session_secret(settings),
        limits=SessionLimits(idle=timedelta(minutes=settings.dashboard_idle_minutes),
                             absolute=timedelta(hours=settings.dashboard_session_hours)),
        templates=make_templates(), matcher=matcher, clock=clock, logins=LoginLimiter(),
        one_time=OneTimeLogins(), hasher=hasher,
        queries=ThreadPoolExecutor(REPORT_THREADS, thread_name_prefix="dashboard-report"),
        editor=editor)


def reading(holder: KnowledgeHolder) -> Callable[[], Matcher]:
    """The knowledge a holder serves at each call (it may be reloaded meanwhile)."""
    return lambda: holder.current.matcher


def warm_clusters(dashboard: Dashboard) -> None:
    """Build the unanswered-clusters grouping now, so the first visit does not wait for it.

    It takes about a second per 100,000 logged questions, once per process; later calls only
    add new questions. Runs in a daemon thread: stopping the process never waits for it.
    """
    flt = ReportFilter(start=since_start(DEFAULT_SINCE, dashboard.clock()))
    try:
        clusters_report(dashboard, flt)
    except StorageUnavailable as exc:  # no log yet, or the database is down: built later
        logger.debug("Clusters not prepared at start: %s", exc)
    except Exception:  # a warm-up must never take the dashboard down
        logger.exception("Preparing the unanswered clusters failed")


def prepare_database(dashboard: Dashboard) -> None:
    """Migrate (the staff tables must exist) and end stale and one-time sessions."""
    migrate(dashboard.engine)
    purge_sessions(dashboard.engine, now=dashboard.clock(), limits=dashboard.limits,
                   temporary=True)


@asynccontextmanager
async def serving(settings: Settings, *, knowledge: KnowledgeHolder | None = None,
                  matcher: Callable[[], Matcher] | None = None, port: int | None = None,
                  clock: Callable[[], datetime] = utc_now,
                  hasher: PasswordHasher = HASHER) -> AsyncIterator[RunningDashboard]:
    """Serve the dashboard while the block runs.

    Args:
        settings: The settings (DATABASE_URL, DASHBOARD_*, KNOWLEDGE_DIR).
        knowledge: The knowledge the bot serves, which editors edit (`smartcity-bot run`).
        matcher: Read-only knowledge instead (tests); with neither, KNOWLEDGE_DIR is loaded
            and watched here, and editors edit it.
        port: Overrides DASHBOARD_PORT (0: a free port).
        clock: Aware UTC now (tests move it).
        hasher: The password hasher (tests use cheap parameters).

    A database that is down at start is logged, not fatal: the bot beside it keeps running and
    the pages answer 503 until it is back.

    Raises:
        KnowledgeError: If the knowledge base is invalid (only when loaded here).
        OSError: If the address cannot be bound.
    """
    async with AsyncExitStack() as stack:
        if knowledge is not None:
            matcher = reading(knowledge)
        elif matcher is None:
            knowledge = KnowledgeHolder(await asyncio.to_thread(load_state, settings))
            await stack.enter_async_context(watching(knowledge, settings))
            matcher = reading(knowledge)
        engine = create_engine(settings.database_url.get_secret_value())
        stack.callback(engine.dispose)
        dashboard = build_dashboard(settings, engine, matcher, knowledge=knowledge, clock=clock,
                                    hasher=hasher)
        stack.callback(dashboard.queries.shutdown, wait=False, cancel_futures=True)
        try:
            await asyncio.to_thread(prepare_database, dashboard)
        except StorageUnavailable as exc:  # the bot runs on (spooling); pages say so
            logger.warning("Dashboard database unavailable at start: %s", exc)
        host = settings.dashboard_host
        app = create_app(dashboard, allowed_hosts=LOOPBACK_HOSTS | {host.lower()}
                         if is_loopback(host) else None)
        runner = web.AppRunner(app, access_log=None)  # URLs hold search words: not logged
        await runner.setup()
        stack.push_async_callback(runner.cleanup)
        site = web.TCPSite(runner, host, settings.dashboard_port if port is None else port)
        await site.start()
        bound = runner.addresses[0][1]
        shown = f"[{host}]" if ":" in host else host
        warm_up = threading.Thread(target=warm_clusters, args=(dashboard,),
                                   name="warm-clusters", daemon=True)
        warm_up.start()
        yield RunningDashboard(f"http://{shown}:{bound}", dashboard, warm_up)
