"""Database engines for the query log, and the few places where SQLite and PostgreSQL differ.

`create_engine` accepts the `DATABASE_URL` setting as written ("sqlite:///data/smartcity.db",
"postgresql://user@host/db") and returns an engine that behaves the same on both: real
transactions (also for DDL on SQLite), a short connect timeout so a down server is noticed
quickly, and the parent directory of a SQLite file created on demand.
"""

from __future__ import annotations

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

CONNECT_TIMEOUT_S = 3
SQLITE_BUSY_TIMEOUT_S = 10.0
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


def create_engine(database_url: str, *, connect_timeout: int = CONNECT_TIMEOUT_S) -> Engine:
    """Create an engine for SQLite or PostgreSQL; does not connect yet.

    Args:
        database_url: The `DATABASE_URL` setting.
        connect_timeout: Seconds to wait for a PostgreSQL server before giving up.

    Returns:
        A SQLAlchemy engine with transactional DDL on SQLite.

    Raises:
        ValueError: If the URL is invalid.
        OSError: If the directory of a SQLite file cannot be created.
    """
    url = parse_url(database_url)
    if url.get_backend_name() == "postgresql":
        return sqlalchemy.create_engine(
            url, pool_pre_ping=True, connect_args={"connect_timeout": connect_timeout}
        )
    database = url.database or ""
    if database in ("", ":memory:") or url.query.get("mode") == "memory":
        # One shared connection: each new connection to :memory: would be a new, empty database.
        engine = sqlalchemy.create_engine(
            url, poolclass=StaticPool, connect_args={"check_same_thread": False}
        )
    else:
        Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sqlalchemy.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})
    _use_sqlite_transactions(engine)
    return engine


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
