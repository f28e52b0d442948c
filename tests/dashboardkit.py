"""Fixtures for dashboard tests: a served dashboard on 127.0.0.1:0, a clock tests move, staff.

`dashboard` serves the real app (`dashboard.server.serving`) on the test's database (SQLite,
or PostgreSQL through `dashboard_db`), with a cheap password hasher; `Browser` is an HTTP
client with its own cookie jar that logs in through the form like a person would.
Loaded from conftest.py through `pytest_plugins`.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from argon2 import PasswordHasher
from botkit import make_settings

from bot.config import Settings
from bot.matcher import Matcher
from bot.staff import Role, add_staff
from bot.storage import create_engine, migrate
from dashboard.server import RunningDashboard, serving

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
T0 = datetime(2026, 3, 2, 1, 0, tzinfo=UTC)  # 08:00 WIB
PASSWORD = "sandi-staf-rahasia"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Clock:
    """Aware UTC now, moved by the test."""

    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def dashboard_clock() -> Clock:
    return Clock()


@pytest.fixture
def dashboard_settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings for a dashboard on SQLite and, marked `postgres`, on PostgreSQL."""
    return make_settings(tmp_path, database_url=database_url)


def add_account(settings: Settings, name: str, role: Role = Role.VIEWER,
                password: str = PASSWORD) -> None:
    engine = create_engine(settings.database_url.get_secret_value())
    try:
        migrate(engine)
        add_staff(engine, name, password, role, hasher=FAST_HASHER)
    finally:
        engine.dispose()


@pytest.fixture
async def dashboard(dashboard_settings: Settings, matcher: Matcher,
                    dashboard_clock: Clock) -> AsyncIterator[RunningDashboard]:
    """The dashboard, served on a free port, with the accounts "budi" (viewer) and "siti"."""
    add_account(dashboard_settings, "budi")
    add_account(dashboard_settings, "siti", Role.EDITOR)
    async with serving(dashboard_settings, matcher=lambda: matcher, port=0, clock=dashboard_clock,
                       hasher=FAST_HASHER) as running:
        yield running


@dataclass
class Browser:
    """An HTTP client with a cookie jar, pointed at one dashboard."""

    base: str
    session: aiohttp.ClientSession
    pages: list[str] = field(default_factory=list)

    async def get(self, path: str, **kwargs: Any) -> aiohttp.ClientResponse:
        kwargs.setdefault("allow_redirects", False)
        response = await self.session.get(self.base + path, **kwargs)
        await response.read()
        return response

    async def csrf(self, path: str = "/login") -> str:
        response = await self.session.get(self.base + path)
        found = _CSRF.search(await response.text())
        assert found is not None, f"no CSRF token on {path}"
        return found.group(1)

    async def post(self, path: str, data: dict[str, str], *,
                   token_from: str | None = "/login") -> aiohttp.ClientResponse:
        form = dict(data)
        if token_from is not None:
            form["csrf_token"] = await self.csrf(token_from)
        response = await self.session.post(self.base + path, data=form, allow_redirects=False)
        await response.read()
        return response

    async def login(self, name: str = "budi", password: str = PASSWORD,
                    next_page: str = "/") -> aiohttp.ClientResponse:
        return await self.post("/login", {"name": name, "password": password,
                                          "next": next_page})


@pytest.fixture
async def browser(dashboard: RunningDashboard) -> AsyncIterator[Browser]:
    jar = aiohttp.CookieJar(unsafe=True)  # cookies for 127.0.0.1
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        yield Browser(dashboard.url, session)
