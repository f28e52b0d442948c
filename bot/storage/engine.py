"""Database engines for the query log, and the few places where SQLite and PostgreSQL differ.

`create_engine` accepts the `DATABASE_URL` setting as written ("sqlite:///data/smartcity.db",
"postgresql://user@host/db") and returns an engine that behaves the same on both: real
transactions (also for DDL on SQLite), and a SQLite file created on demand, readable only by its
owner (0600), in a folder created on demand.

A database that stops answering must never hold a writer for long, so every connection carries
timeouts. PostgreSQL: a connect timeout, server-side statement, lock and idle-in-transaction
timeouts, and TCP keepalives plus a TCP user timeout so a dead peer is noticed on an idle or a
sending connection. SQLite: a busy timeout (how long to wait for another process's lock). What
no timeout can catch (packets silently dropped by a paused proxy, whose kernel still
acknowledges them) is caught one level up: the writer runs each call in a thread it abandons
after `timeout` seconds (see `bot.storage.deadline`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy
from sqlalchemy import Connection, Engine, Table, event, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DataError, IntegrityError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

DATABASE_TIMEOUT_S = 5.0  # default for a call to the database (the DATABASE_TIMEOUT setting)
MIN_CONNECT_TIMEOUT_S = 2  # libpq counts whole seconds and treats less than 2 as 2
LOCK_TIMEOUT_SHARE = 0.5  # of the timeout a statement may wait for a lock (SQLite: busy)
IDLE_IN_TRANSACTION_S = 30  # the server ends a transaction whose client went silent
KEEPALIVE_IDLE_S = 10  # TCP keepalive: first probe after this much silence
KEEPALIVE_INTERVAL_S = 5
KEEPALIVE_COUNT = 3
# Sent data unacknowledged this long closes the connection (a partition while writing).
TCP_USER_TIMEOUT_MS = (KEEPALIVE_IDLE_S + KEEPALIVE_INTERVAL_S * KEEPALIVE_COUNT) * 1000
FILE_MODE = 0o600  # the log and the spool hold citizens' questions: owner only
# Execution option: begin SQLite transactions with BEGIN IMMEDIATE (take the write lock at
# once), so two processes migrating the same file queue up instead of failing half-way.
SQLITE_IMMEDIATE = "smartcity_sqlite_immediate"


def parse_url(database_url: str) -> URL:
    """Parse a database URL and pick the psycopg 3 driver for plain `postgresql://`.

    Args:
        database_url: The `DATABASE_URL` setting.

    Returns:
        The SQLAlchemy URL.

    Raises:
        ValueError: If the URL cannot be parsed or names another database (the message never
            contains the URL, which may hold a password).
    """
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise ValueError("DATABASE_URL is not a valid database URL") from None
    backend = url.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(f"DATABASE_URL names {backend!r}; use sqlite:// or postgresql://")
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def describe_url(database_url: str) -> str:
    """Return the URL with its password hidden, for log messages."""
    try:
        return parse_url(database_url).render_as_string(hide_password=True)
    except ValueError:
        return "<invalid database URL>"


def create_engine(database_url: str, *, timeout: float = DATABASE_TIMEOUT_S) -> Engine:
    """Create an engine for SQLite or PostgreSQL; does not connect yet.

    Args:
        database_url: The `DATABASE_URL` setting.
        timeout: Seconds one statement (or a PostgreSQL connect) may take; a lock is waited
            for half as long.

    Returns:
        A SQLAlchemy engine with transactional DDL on SQLite.

    Raises:
        ValueError: If the URL is invalid or the timeout is not positive.
        OSError: If the SQLite file or its directory cannot be created.
    """
    if not timeout > 0:
        raise ValueError("the database timeout must be positive")
    url = parse_url(database_url)
    if url.get_backend_name() == "postgresql":
        return sqlalchemy.create_engine(url, pool_pre_ping=True,
                                        connect_args=postgresql_timeouts(url, timeout))
    database = url.database or ""
    if database in ("", ":memory:") or url.query.get("mode") == "memory":
        # One shared connection: each new connection to :memory: would be a new, empty database.
        engine = sqlalchemy.create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        create_private_file(Path(database))
        engine = sqlalchemy.create_engine(
            url, connect_args={"timeout": timeout * LOCK_TIMEOUT_SHARE})
    _use_sqlite_transactions(engine)
    return engine


def postgresql_timeouts(url: URL, timeout: float) -> dict[str, Any]:
    """Connect arguments for psycopg: the timeouts and keepalives of the module docstring.

    Server options already in the URL (`?options=-csearch_path=...`) are kept.
    """
    milliseconds = max(1, round(timeout * 1000))
    options = [
        f"-c statement_timeout={milliseconds}",
        f"-c lock_timeout={max(1, round(milliseconds * LOCK_TIMEOUT_SHARE))}",
        f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_S * 1000}",
    ]
    given = url.query.get("options")
    if given:
        options.insert(0, given if isinstance(given, str) else " ".join(given))
    return {
        "connect_timeout": max(MIN_CONNECT_TIMEOUT_S, math.ceil(timeout)),
        "keepalives": 1,
        "keepalives_idle": KEEPALIVE_IDLE_S,
        "keepalives_interval": KEEPALIVE_INTERVAL_S,
        "keepalives_count": KEEPALIVE_COUNT,
        "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
        "options": " ".join(options),
    }


def create_private_file(path: Path) -> None:
    """Create `path` (and its folders) readable and writable by its owner only, if missing.

    An existing file keeps its mode: an operator may have widened it on purpose.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(descriptor)


def _use_sqlite_transactions(engine: Engine) -> None:
    """Let SQLAlchemy, not the sqlite3 module, emit BEGIN.

    Python 3.11's sqlite3 only opens a transaction before INSERT/UPDATE/DELETE, so DDL would
    autocommit statement by statement and a failed migration could leave half a schema. This
    is the recipe from the SQLAlchemy SQLite dialect documentation.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        """Switch off the driver's own transaction handling; use WAL for files."""
        dbapi_connection.isolation_level = None
        # WAL lets the dashboard read while the bot writes (ignored for :memory:).
        dbapi_connection.execute("PRAGMA journal_mode=WAL")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        """Open the transaction the driver no longer opens."""
        immediate = connection.get_execution_options().get(SQLITE_IMMEDIATE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def insert_ignoring_duplicates(
    connection: Connection, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    """Insert rows, silently skipping those whose primary key `id` is already stored.

    This is what makes replaying the spool safe: a record written before a crash is not
    written twice.
    """
    if not rows:
        return
    dialect = connection.dialect.name
    if dialect == "postgresql":
        connection.execute(postgresql_insert(table).on_conflict_do_nothing(), list(rows))
    elif dialect == "sqlite":
        connection.execute(sqlite_insert(table).on_conflict_do_nothing(), list(rows))
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported by parse_url
        ids = [row["id"] for row in rows]
        existing = set(connection.scalars(select(table.c.id).where(table.c.id.in_(ids))))
        fresh = [row for row in rows if row["id"] not in existing]
        if fresh:
            connection.execute(table.insert(), fresh)


def is_bad_record(error: SQLAlchemyError) -> bool:
    """Tell a record the database refuses (bad data) from a database that is unavailable.

    Retrying cannot fix a NOT NULL or data type violation, so such a record must be set aside
    instead of blocking the spool forever; everything else is worth retrying.
    """
    return isinstance(error, DataError | IntegrityError)


def describe_error(error: BaseException) -> str:
    """Return a one-line description of a database error for logs (first line, no SQL)."""
    original = getattr(error, "orig", None) or error
    lines = str(original).strip().splitlines()
    message = lines[0] if lines else ""
    return f"{type(original).__name__}: {message}" if message else type(original).__name__
