"""Benchmark every report on a seeded question log, on SQLite and PostgreSQL.

Usage: python scripts/benchmark_reports.py [--rows 100000 1000000]
           [--backend sqlite postgresql] [--repeat 3] [--postgres-url URL]

For each backend and size, a fresh database is seeded with realistic rows
(scripts/seed_log.py), then each report runs `--repeat` times over the whole log and over the
last 30 days; the median is printed in milliseconds. The clusters are timed cold (a fresh
process's first call builds the grouping) and warm (later calls add only new texts). The
PostgreSQL server is SMARTCITY_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1/test);
a database `smartcity_bench_<rows>` is created there and dropped afterwards.
Prints figures; asserts nothing (targets: every report < 300 ms, clusters < 1 s at 100,000).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import sqlalchemy  # noqa: E402
from seed_log import END, seed  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from bot import reports  # noqa: E402
from bot.knowledge import load_knowledge  # noqa: E402
from bot.matcher import Matcher  # noqa: E402
from bot.reports import ReportFilter  # noqa: E402
from bot.reports.clusters import clear_cache  # noqa: E402
from bot.storage import create_engine  # noqa: E402
from bot.storage.engine import parse_url  # noqa: E402

POSTGRES_URL = os.environ.get("SMARTCITY_TEST_POSTGRES_URL",
                              "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def database(backend: str, rows: int, folder: Path) -> Iterator[str]:
    """A fresh, empty database URL for one run."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'bench_{rows}.db'}"
        return
    admin_url = parse_url(POSTGRES_URL)
    admin = sqlalchemy.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"smartcity_bench_{rows}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def cases(matcher: Matcher) -> list[tuple[str, Callable[[Engine, ReportFilter], Any]]]:
    """Every report the dashboard and CLI show, as (name, call)."""
    return [
        ("overview", reports.overview),
        ("volume per day", reports.volume),
        ("outcome mix per week", lambda e, f: reports.outcome_mix(e, f, "week")),
        ("channels", reports.channels),
        ("top entries", reports.top_entries),
        ("feedback per entry", reports.feedback_by_entry),
        ("suggestion picks", reports.suggestion_picks),
        ("latency", reports.latency),
        ("places", reports.places),
        ("log page 1", reports.question_log),
        ("log page 100", lambda e, f: reports.question_log(e, f, page=100)),
        ("log search 'bus listrik'",
         lambda e, f: reports.question_log(e, ReportFilter(f.start, f.end,
                                                           search="bus listrik"))),
        ("log fallback only", lambda e, f: reports.question_log(
            e, ReportFilter(f.start, f.end, outcomes=frozenset({"fallback"})))),
        ("log rated down", lambda e, f: reports.question_log(
            e, ReportFilter(f.start, f.end, feedback="down"))),
        ("entry detail", lambda e, f: reports.entry_detail(e, "program.biaya", f)),
        ("clusters (warm)", lambda e, f: reports.unanswered_clusters(e, f, matcher)),
    ]


def timed(call: Callable[[], Any], repeat: int) -> float:
    """The median wall time of `repeat` calls, in ms."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(backend: str, rows: int, repeat: int, matcher: Matcher, folder: Path) -> None:
    """Seed one database and print the time of each report."""
    with database(backend, rows, folder) as url:
        engine = create_engine(url)
        seeded = seed(engine, rows)
        print(f"\n{backend}, {seeded.questions:,} questions and {seeded.events:,} presses "
              f"(seeded in {seeded.seconds:.0f} s)")
        filters = {"all": ReportFilter(), "30 days": ReportFilter(start=END - timedelta(days=30))}
        clear_cache()
        started = time.perf_counter()
        reports.unanswered_clusters(engine, filters["all"], matcher)
        cold = (time.perf_counter() - started) * 1000
        print(f"{'report':28} {'all (ms)':>10} {'30 days (ms)':>13}")
        print(f"{'clusters (cold, first call)':28} {cold:10.0f} {'':>13}")
        for name, call in cases(matcher):
            figures = [timed(lambda c=call, f=flt: c(engine, f), repeat)
                       for flt in filters.values()]
            print(f"{name:28} {figures[0]:10.0f} {figures[1]:13.0f}", flush=True)
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--backend", nargs="+", default=["sqlite", "postgresql"],
                        choices=["sqlite", "postgresql"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    matcher = Matcher(load_knowledge(ROOT / "knowledge"))
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            for backend in args.backend:
                run(backend, rows, args.repeat, matcher, Path(folder))


if __name__ == "__main__":
    main()
