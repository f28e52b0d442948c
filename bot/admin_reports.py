"""The figures behind /statistik and /belumterjawab, from the reports every front end uses.

The admin commands show the same numbers as the dashboard and `smartcity-bot report` because
they call the same `bot.reports` functions with a `ReportFilter`. Each call opens its own
read-only engine on DATABASE_URL and closes it; the functions block, so the handlers run them
in a thread. They raise `StorageUnavailable` (or its `SchemaMissing`) when the log cannot be
read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Engine

from bot.matcher import Matcher
from bot.reports import Clusters, Overview, ReportFilter, overview, unanswered_clusters
from bot.storage import create_engine

STATISTICS_WINDOWS = (("Hari ini", "1d"), ("7 hari terakhir", "7d"))  # label, `since`
UNANSWERED_SINCE_DAYS = 7  # /belumterjawab without a number of days
MAX_UNANSWERED_DAYS = 90
UNANSWERED_SHOWN = 5  # clusters in one Telegram message
T = TypeVar("T")


@dataclass(frozen=True)
class Window:
    """The figures of one period."""

    label: str  # "Hari ini", "7 hari terakhir"
    figures: Overview


def _reading(database_url: str, read: Callable[[Engine], T]) -> T:
    engine = create_engine(database_url)
    try:
        return read(engine)
    finally:
        engine.dispose()


def statistics(database_url: str, now: datetime) -> list[Window]:
    """Questions, outcomes and feedback of today and of the last 7 days (WIB days)."""
    def read(engine: Engine) -> list[Window]:
        return [Window(label, overview(engine, ReportFilter.from_params({"since": since},
                                                                       now=now)))
                for label, since in STATISTICS_WINDOWS]
    return _reading(database_url, read)


def unanswered(database_url: str, matcher: Matcher, now: datetime,
               days: int = UNANSWERED_SINCE_DAYS) -> Clusters:
    """The largest clusters of unanswered questions of the last `days` days."""
    flt = ReportFilter.from_params({"since": f"{days}d"}, now=now)
    return _reading(database_url,
                    lambda engine: unanswered_clusters(engine, flt, matcher, UNANSWERED_SHOWN))
