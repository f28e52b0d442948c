"""Time every dashboard page over HTTP on a seeded log, on SQLite and PostgreSQL.

Usage: python scripts/benchmark_dashboard.py [--rows 100000] [--db sqlite,postgres]
       [--repeat 5] [--only /klaster] [--postgres-url postgresql://postgres@127.0.0.1/test]

Seeds a fresh database with the reports' seeding code (scripts/seed_log.py: a year of
realistic questions and button presses), serves the dashboard on 127.0.0.1 with its clock at
the log's last day, logs in with a one-time link and requests each page `--repeat` times
(after one warm-up request, which is also printed), once the dashboard has prepared the
unanswered clusters it builds at start (the time that takes is printed too).
Prints the median and the worst time per page. PostgreSQL gets a database of its own, dropped
at the end. Targets (issue 8): every page < 300 ms, the clusters page < 1 s, at 100,000 rows.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import aiohttp  # noqa: E402
import sqlalchemy  # noqa: E402
from seed_log import END, seed  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.storage import create_engine  # noqa: E402
from bot.storage.engine import parse_url  # noqa: E402
from dashboard.server import serving  # noqa: E402

PAGES = (
    ("Ringkasan, 30 hari", "/ringkasan"),
    ("Ringkasan, semua waktu", "/ringkasan?since=all"),
    ("Ringkasan JSON, 30 hari", "/ringkasan.json"),
    ("Belum terjawab, 30 hari", "/klaster"),
    ("Belum terjawab, semua waktu", "/klaster?since=all"),
    ("Log, halaman 1", "/log"),
    ("Log, cari 'smart', semua waktu", "/log?since=all&q=smart"),
    ("Log, tidak terjawab, halaman 20", "/log?since=all&outcome=fallback&page=20"),
    ("Entri program.tujuan, semua waktu", "/entri/program.tujuan?since=all"),
)


async def measure(database_url: str, repeat: int,
                  only: str = "/") -> list[tuple[str, float, float, float]]:
    """(page, first ms, median ms, worst ms) for each page."""
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings.load(env={}, env_file=Path(folder) / "none",
                                 database_url=database_url, knowledge_dir=ROOT / "knowledge",
                                 knowledge_reload_seconds=0)
        async with serving(settings, port=0, clock=lambda: END) as running, \
                aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
            started = time.perf_counter()
            await asyncio.to_thread(running.warm_up.join)
            print(f"  clusters prepared at start in {time.perf_counter() - started:.1f} s",
                  flush=True)
            async with http.get(running.one_time_link()) as response:
                assert response.status == 200, response.status
            results = []
            for name, path in [page for page in PAGES if page[1].startswith(only)]:
                times = []
                for _ in range(repeat + 1):
                    started = time.perf_counter()
                    async with http.get(running.url + path) as response:
                        await response.read()
                        assert response.status == 200, (path, response.status)
                    times.append((time.perf_counter() - started) * 1000)
                results.append((name, times[0], statistics.median(times[1:]), max(times[1:])))
            return results


def seeded(database_url: str, rows: int) -> None:
    engine = create_engine(database_url)
    try:
        done = seed(engine, rows)
    finally:
        engine.dispose()
    print(f"  seeded {done.questions:,} questions and {done.events:,} presses in "
          f"{done.seconds:.0f} s", flush=True)


def run_sqlite(rows: int, repeat: int, only: str) -> list[tuple[str, float, float, float]]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'log.db'}"
        seeded(url, rows)
        return asyncio.run(measure(url, repeat, only))


def run_postgres(admin_url: str, rows: int, repeat: int,
                 only: str) -> list[tuple[str, float, float, float]]:
    admin = sqlalchemy.create_engine(parse_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"smartcity_bench_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        url = parse_url(admin_url).set(database=name).render_as_string(hide_password=False)
        seeded(url, rows)
        return asyncio.run(measure(url, repeat, only))
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--only", default="/", help="only pages whose path starts so")
    args = parser.parse_args()
    for database in args.db.split(","):
        print(f"{database}, {args.rows:,} questions:", flush=True)
        results = run_sqlite(args.rows, args.repeat, args.only) if database == "sqlite" else \
            run_postgres(args.postgres_url, args.rows, args.repeat, args.only)
        print("| page | first (ms) | median (ms) | worst (ms) |\n| --- | --- | --- | --- |")
        for name, first, median, worst in results:
            print(f"| {name} | {first:.0f} | {median:.0f} | {worst:.0f} |")
        print(flush=True)


if __name__ == "__main__":
    main()
