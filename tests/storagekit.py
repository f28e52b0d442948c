"""Fixtures and helpers for the query log tests (tests/test_storage_*.py).

Core tests run against SQLite and, marked `postgres`, against PostgreSQL (`database_url`). An
outage is simulated through the writer's engine factory: while "down" it returns an engine for a
PostgreSQL port nothing listens on, so every connection is refused. Loaded from conftest.py
through `pytest_plugins`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from bot.storage import QuestionRecord, create_engine

DOWN_URL = "postgresql://postgres@127.0.0.1:1/down"
FAST = {"flush_interval": 0.01, "retry_interval": 0.02, "max_retry_interval": 0.05}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests on a SQLite file (in a folder yet to be created) and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'log.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A separate engine to inspect what the writer stored."""
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def spool_path(tmp_path: Path) -> Path:
    """Where the spool goes; its folder does not exist yet."""
    return tmp_path / "spool" / "spool.jsonl"


class Outage:
    """Engine factory whose database is down while `down` is True (set it to switch)."""

    def __init__(self, down: bool = True) -> None:
        self.down = down
        self.tries = 0  # engines built while down: each is one attempt to reach the database

    def __call__(self, url: str, **options: Any) -> Engine:
        self.tries += self.down
        return create_engine(DOWN_URL if self.down else url, **options)


def question(**overrides: Any) -> QuestionRecord:
    """A question record with plausible defaults."""
    values: dict[str, Any] = {
        "user_key": "k" * 64,
        "chat_type": "private",
        "channel": "private",
        "question": "apa itu smart city?",
        "normalized": "apa itu smart city",
        "outcome": "answer",
        "entry_id": "definisi",
        "score": 91.5,
        "margin": 12.0,
        "suggestions": ("tujuan", "peserta"),
        "latency_ms": 12,
        "knowledge_version": "v1",
    }
    values.update(overrides)
    return QuestionRecord(**values)


def stored(engine: Engine, table: str = "questions") -> list[dict[str, Any]]:
    """All rows of a table, oldest first."""
    with engine.connect() as connection:
        rows = connection.execute(text(f"SELECT * FROM {table} ORDER BY created_at, id"))  # noqa: S608
        return [dict(row._mapping) for row in rows]


async def wait_until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    """Poll a condition every 10 ms until it holds; fail if it never does (a hang guard)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {seconds} s")
        await asyncio.sleep(0.01)


def lines(path: Path) -> list[str]:
    """The lines of a small file, or [] when it does not exist (the spool is gone)."""
    return path.read_text().splitlines() if path.exists() else []


def write_file(path: Path, content: str) -> None:
    """Create a file and its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
