"""What every dashboard handler reaches: one frozen `Dashboard`, through typed keys.

`DASHBOARD` (an `AppKey`) holds the services of the app; `STAFF` (a `RequestKey`) the session
of the logged-in staff member, set by the authentication middleware before any page runs;
`run_report` runs a report on the dashboard's own few threads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import ParamSpec, TypeVar

import jinja2
from aiohttp import web
from argon2 import PasswordHasher
from sqlalchemy import Engine

from bot.knowledge_editor import KnowledgeEditor
from bot.matcher import Matcher
from bot.staff import SessionLimits, StaffSession
from dashboard.login_limits import LoginLimiter
from dashboard.one_time import OneTimeLogins


@dataclass(frozen=True)
class Dashboard:
    """The dashboard's services, built once by `dashboard.server`."""

    engine: Engine
    secret: bytes
    limits: SessionLimits
    templates: jinja2.Environment
    matcher: Callable[[], Matcher]  # the knowledge served now (it may be reloaded)
    clock: Callable[[], datetime]  # aware UTC; tests move it
    logins: LoginLimiter
    one_time: OneTimeLogins
    hasher: PasswordHasher
    queries: ThreadPoolExecutor  # the report queries: a few at a time, never all cores
    editor: KnowledgeEditor | None = None  # None: the knowledge is read only here


DASHBOARD: web.AppKey[Dashboard] = web.AppKey("dashboard", Dashboard)
STAFF: web.RequestKey[StaffSession] = web.RequestKey("staff", StaffSession)


P = ParamSpec("P")
T = TypeVar("T")


async def run_report(request: web.Request, report: Callable[P, T], *args: P.args,
                **kwargs: P.kwargs) -> T:
    """Run a report (blocking database work) on the dashboard's query threads.

    The pool is small (REPORT_THREADS): a page's reports still run side by side, but staff
    clicking around can never take every core from the bot that shares the process.
    """
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.app[DASHBOARD].queries,
                                      partial(report, *args, **kwargs))


def dashboard_of(request: web.Request) -> Dashboard:
    """The dashboard serving a request."""
    return request.app[DASHBOARD]


def staff_of(request: web.Request) -> StaffSession:
    """The logged-in staff member (every page but /login runs behind the middleware)."""
    return request[STAFF]
