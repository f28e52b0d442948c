"""Fixtures for end-to-end bot tests: the real PTB Application against the local Bot API server.

Layers: `settings` (tmp paths) -> `matcher` (the shipped knowledge, loaded once per worker)
-> `outage` (the query log's engine seam) -> `bot` (local API on 127.0.0.1:0, services, the
application polling it). `BotHarness` plays the citizen and reads what the bot stored.
Loaded from conftest.py through `pytest_plugins`.

Replies are checked against what the knowledge says (`shows`: the reply begins with the
entry's answer), never against sentences copied from it: admins reword answers, and a test
must not fail because they did.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from storagekit import Outage, wait_until

from bot.app import build_application, open_services, polling
from bot.config import Settings
from bot.knowledge import load_knowledge
from bot.matcher import Matcher
from bot.services import Services
from bot.storage import create_engine
from bot.telegram_context import BotApplication
from bot.telegram_html import visible_text
from simulator import LocalBotApi, SimMessage
from simulator.records import CallbackQueryRecord

ROOT = Path(__file__).resolve().parent.parent
USER = 1001
OPENING_WORDS = 10  # enough to tell two answers apart


def opening(matcher: Matcher, entry_id: str, words: int = OPENING_WORDS) -> str:
    """The first words of an entry's answer as a citizen sees it."""
    entry = matcher.entry(entry_id)
    assert entry is not None, f"no entry {entry_id!r}"
    return " ".join(visible_text(matcher.render(entry)).split()[:words])


def shows(text: str, matcher: Matcher, entry_id: str) -> bool:
    """Whether a reply's visible text begins with the entry's answer."""
    return " ".join(text.split()).startswith(opening(matcher, entry_id))


def make_settings(tmp_path: Path, **overrides: Any) -> Settings:
    """Settings for one test: no .env, a SQLite log and spool under tmp_path."""
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{tmp_path / 'log.db'}",
        "spool_path": tmp_path / "spool.jsonl",
        "knowledge_dir": ROOT / "knowledge",
        "flood_max_messages": 30,
        "dashboard_port": 0,  # tests that want the dashboard pass a free port
    }
    values.update(overrides)
    return Settings.load(env={}, env_file=tmp_path / "no.env", **values)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Per-test settings (override the fixture in a module to change them)."""
    return make_settings(tmp_path)


@pytest.fixture(scope="session")
def matcher() -> Matcher:
    """The shipped knowledge base, loaded once per worker (it is immutable)."""
    return Matcher(load_knowledge(ROOT / "knowledge"))


@pytest.fixture
def outage(request: pytest.FixtureRequest) -> Outage:
    """The switch that takes the query log's database down and brings it back.

    Parametrize it indirectly with True to start the bot while the database is down.
    """
    return Outage(down=getattr(request, "param", False))


@pytest.fixture
def privacy_mode() -> bool:
    """Telegram's group privacy mode in the local API (modules may override)."""
    return True


@dataclass
class BotHarness:
    """The running bot and the citizen's side of the local Bot API server."""

    api: LocalBotApi
    application: BotApplication
    services: Services
    settings: Settings

    def shows(self, text: str, entry_id: str) -> bool:
        """Whether a reply's text begins with the answer of `entry_id` (as served now)."""
        return shows(text, self.services.matcher, entry_id)

    async def ask(self, text: str, chat_id: int = USER, **kwargs: Any) -> SimMessage:
        """Send text and return the bot's (first) reply."""
        await self.api.send_text(chat_id, text, **kwargs)
        return await self.api.wait_for_bot_message(chat_id)

    async def press(self, message: SimMessage, data: str,
                    user_id: int | None = None) -> CallbackQueryRecord:
        """Press the button with callback `data` (or the first starting with it)."""
        chosen = next(d for d in message.callback_data if d == data or d.startswith(data))
        return await self.api.press(message.chat_id, message.message_id, chosen, user_id=user_id)

    async def answered(self, query: CallbackQueryRecord) -> dict[str, Any]:
        """Wait until the bot answered the callback query; return the answer."""
        await wait_until(lambda: query.answered)
        assert query.answer is not None
        return query.answer

    async def idle(self, seconds: float = 5.0) -> None:
        """Wait until every update sent so far has been fetched and handled."""
        await wait_until(lambda: not self.api.state.updates, seconds)
        await all_handled(self.application, seconds)

    def bot_messages(self, chat_id: int = USER) -> list[SimMessage]:
        """Every bot message in a chat."""
        return [m for m in self.api.messages(chat_id) if m.sender == "bot"]

    async def rows(self, table: str = "questions", expect: int = 1) -> list[dict[str, Any]]:
        """A table's rows, oldest first, once at least `expect` are stored.

        The reply is sent before its record is handed to the log, so a test that has seen the
        reply may still have to wait a moment for the record.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5.0
        while True:
            await self.services.query_log.flush()
            rows = stored(self.settings.database_url.get_secret_value(), table)
            if len(rows) >= expect or loop.time() > deadline:
                return rows
            await asyncio.sleep(0.01)


async def all_handled(application: BotApplication, seconds: float = 5.0) -> None:
    """Wait until every update put on the queue so far has been handled (replies sent)."""
    await wait_until(lambda: application.update_queue.empty()
                     and application.update_processor.current_concurrent_updates == 0, seconds)


def stored(database_url: str, table: str) -> list[dict[str, Any]]:
    """All rows of a query log table, oldest first ([] before the table exists)."""
    engine = create_engine(database_url)
    try:
        if not inspect(engine).has_table(table):
            return []
        with engine.connect() as connection:
            rows = connection.execute(text(f"SELECT * FROM {table} ORDER BY created_at, id"))  # noqa: S608
            return [dict(row._mapping) for row in rows]
    finally:
        engine.dispose()


class FakeClock:
    """Monotonic seconds that only move when a test moves them (`clock.now += 301`)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Callable[[], float]:
    """Monotonic seconds for the flood guard and the conversation memory (modules may pass a
    settable fake)."""
    return time.monotonic


@pytest.fixture
async def bot(settings: Settings, matcher: Matcher, outage: Outage, privacy_mode: bool,
              clock: Callable[[], float]) -> AsyncIterator[BotHarness]:
    """The real application, polling the local Bot API server, with a SQLite query log."""
    async with LocalBotApi(privacy_mode=privacy_mode) as api, \
            open_services(settings, matcher=matcher, engine_factory=outage,
                          clock=clock) as services:
        application = build_application(services, token=api.token, base_url=api.base_url)
        async with polling(application, poll_interval=0.0, poll_timeout=1):
            yield BotHarness(api, application, services, settings)
