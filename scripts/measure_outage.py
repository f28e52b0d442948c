"""Measure what a silent database outage costs: time until spooling, replies, SIGTERM.

Usage: python scripts/measure_outage.py [--timeout 5] [--postgres URL] [--skip-postgres]

For SQLite (the file locked by another connection) and PostgreSQL (behind a black-holing TCP
proxy, tests/netkit.py), with DATABASE_TIMEOUT_SECONDS=`--timeout`:

- spooling starts: seconds from the first record written during the outage until it is in the
  spool file (the writer's call is abandoned after the timeout);
- reply during the outage: seconds from a question to its answer in a `smartcity-bot run`
  process while the database is silent (compare with the reply before the outage);
- SIGTERM to exit: seconds from SIGTERM to the end of that process, questions pending;
- lost: records neither in the database nor in the spool afterwards (must be 0).

PostgreSQL needs a server (default SMARTCITY_TEST_POSTGRES_URL or
postgresql://postgres@127.0.0.1:5432/test); a scratch database is created and dropped. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import secrets
import signal
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import sqlalchemy  # noqa: E402
from netkit import SilentOutage, silent_outage_of  # noqa: E402
from processkit import bot_environment, bot_process  # noqa: E402

from bot.storage import QueryLog, QuestionRecord  # noqa: E402
from bot.storage.engine import parse_url  # noqa: E402
from bot.storage.spool import Spool  # noqa: E402

DEFAULT_POSTGRES = os.environ.get("SMARTCITY_TEST_POSTGRES_URL",
                                  "postgresql://postgres@127.0.0.1:5432/test")
QUESTIONS = ("apa itu smart city", "apa saja pilar smart city", "kapan smart city dimulai",
             "bagaimana cara daerah bergabung", "apa itu smart governance")


@contextmanager
def scratch_postgres(admin_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database for one run, dropped afterwards."""
    admin = sqlalchemy.create_engine(parse_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"smartcity_outage_{secrets.token_hex(4)}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield parse_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


async def until(condition: object, guard: float = 60.0) -> float:
    """Poll `condition()` every 5 ms; return the seconds it took (raise after `guard`)."""
    started = time.perf_counter()
    while not condition():  # type: ignore[operator]
        if time.perf_counter() - started > guard:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.005)
    return time.perf_counter() - started


def question(text: str) -> QuestionRecord:
    return QuestionRecord(user_key="k" * 64, chat_type="private", channel="private",
                          question=text, outcome="answer")


async def time_to_spool(outage: SilentOutage, spool: Path, db_timeout: float) -> float:
    """Seconds from a record made during the outage to its line in the spool."""
    async with QueryLog(outage.url, spool, timeout=db_timeout) as log:
        log.record(question("sebelum"))
        await log.flush()
        outage.begin()
        log.record(question("saat gangguan"))
        spent = await until(lambda: log.spooled >= 1)
    outage.end()
    Spool(spool).clear()
    return spent


def stored_questions(database_url: str) -> set[str]:
    engine = sqlalchemy.create_engine(parse_url(database_url))
    try:
        with engine.connect() as connection:
            return set(connection.exec_driver_sql("SELECT question FROM questions").scalars())
    finally:
        engine.dispose()


async def process_figures(outage: SilentOutage, workdir: Path,
                          db_timeout: float) -> dict[str, float]:
    """Replies before and during the outage, SIGTERM to exit, and records lost."""
    spool = workdir / "proc-spool.jsonl"
    env = bot_environment(workdir, DATABASE_URL=outage.url, SPOOL_PATH=str(spool),
                          DATABASE_TIMEOUT_SECONDS=str(db_timeout))
    async with bot_process(workdir, env) as running:
        started = time.perf_counter()
        await running.ask("halo")
        before = time.perf_counter() - started
        await until(lambda: "halo" in stored_questions(outage.direct_url))
        outage.begin()
        during = []
        for number, text in enumerate(QUESTIONS):
            started = time.perf_counter()
            await running.ask(text, chat_id=5000 + number)
            during.append(time.perf_counter() - started)
        started = time.perf_counter()
        code, _rest = await running.stop(signal.SIGTERM)
        stop = time.perf_counter() - started
    outage.end()
    kept = stored_questions(outage.direct_url) | {
        r.question for chunk in Spool(spool).read(100) for r in chunk
        if isinstance(r, QuestionRecord)}
    lost = len({"halo", *QUESTIONS} - kept)
    return {"reply_before": before, "reply_during": max(during), "sigterm": stop,
            "exit_code": code, "lost": lost}


@asynccontextmanager
async def outage_for(kind: str, workdir: Path, postgres: str) -> AsyncIterator[SilentOutage]:
    if kind == "sqlite":
        async with silent_outage_of(f"sqlite:///{workdir / 'log.db'}") as outage:
            yield outage
        return
    with scratch_postgres(postgres) as url:
        async with silent_outage_of(url) as outage:
            yield outage


async def measure(kind: str, postgres: str, db_timeout: float) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        async with outage_for(kind, workdir, postgres) as outage:
            figures = {"spooling": await time_to_spool(outage, workdir / "spool.jsonl",
                                                       db_timeout)}
            figures.update(await process_figures(outage, workdir, db_timeout))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=5.0,
                        help="DATABASE_TIMEOUT_SECONDS (default 5, the shipped default)")
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    kinds = ["sqlite"] if args.skip_postgres else ["sqlite", "postgres"]
    print(f"DATABASE_TIMEOUT_SECONDS={args.timeout:g}")
    print("| database | outage | spooling starts | reply before | reply during (max of 5) "
          "| SIGTERM to exit | exit code | records lost |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for kind in kinds:
        f = asyncio.run(measure(kind, args.postgres, args.timeout))
        outage = "file locked by another connection" if kind == "sqlite" else \
            "black-holing TCP proxy"
        print(f"| {kind} | {outage} | {f['spooling']:.2f} s | {f['reply_before'] * 1000:.0f} ms "
              f"| {f['reply_during'] * 1000:.0f} ms | {f['sigterm']:.2f} s "
              f"| {f['exit_code']:.0f} | {f['lost']:.0f} |")


if __name__ == "__main__":
    main()
