"""Dashboard sessions kept in the database, so logout and `staff remove` end them for good.

The browser holds a random token; the table holds only its SHA-256, so a copy of the table
logs nobody in. A session ends after `idle` without a request and, however busy, `absolute`
after it began. `last_seen_at` is refreshed at most once a minute, not on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from bot.staff.accounts import Role
from bot.staff.tables import SESSIONS
from bot.storage.engine import describe_error
from bot.storage.errors import StorageUnavailable

TOKEN_BYTES = 32
TOUCH_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class SessionLimits:
    """How long a session lives: without a request (idle) and at most (absolute)."""

    idle: timedelta
    absolute: timedelta


@dataclass(frozen=True)
class StaffSession:
    """A live session: whose it is and since when."""

    id: str
    staff_name: str
    role: Role
    created_at: datetime
    last_seen_at: datetime
    temporary: bool


def session_id(token: str) -> str:
    """The stored id of a cookie token (its SHA-256, hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _unavailable(exc: SQLAlchemyError) -> StorageUnavailable:
    return StorageUnavailable(f"cannot use the dashboard sessions: {describe_error(exc)}")


def open_session(engine: Engine, staff_name: str, role: Role, *, now: datetime,
                 temporary: bool = False) -> str:
    """Start a session and return the token for the cookie (never stored)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    values = {"id": session_id(token), "staff_name": staff_name, "role": Role(role).value,
              "created_at": now, "last_seen_at": now, "temporary": int(temporary)}
    try:
        with engine.begin() as connection:
            connection.execute(insert(SESSIONS).values(**values))
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc
    return token


def find_session(engine: Engine, token: str, *, now: datetime,
                 limits: SessionLimits) -> StaffSession | None:
    """The live session of a token, refreshing its idle timer; None if unknown or expired."""
    key = session_id(token)
    try:
        with engine.connect() as connection:
            row = connection.execute(select(SESSIONS).where(SESSIONS.c.id == key)).first()
        if row is None:
            return None
        if now - row.last_seen_at >= limits.idle or now - row.created_at >= limits.absolute:
            close_session(engine, token)
            return None
        if now - row.last_seen_at >= TOUCH_INTERVAL:
            with engine.begin() as connection:
                connection.execute(update(SESSIONS).where(SESSIONS.c.id == key)
                                   .values(last_seen_at=now))
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc
    return StaffSession(key, row.staff_name, Role(row.role), row.created_at, now,
                        bool(row.temporary))


def close_session(engine: Engine, token: str) -> None:
    """End the session of a token (nothing happens if there is none)."""
    try:
        with engine.begin() as connection:
            connection.execute(delete(SESSIONS).where(SESSIONS.c.id == session_id(token)))
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc


def purge_sessions(engine: Engine, *, now: datetime, limits: SessionLimits,
                   temporary: bool = False) -> int:
    """Delete expired sessions (and, with `temporary`, every one-time login's); return how many."""
    stale = or_(SESSIONS.c.last_seen_at <= now - limits.idle,
                SESSIONS.c.created_at <= now - limits.absolute)
    if temporary:
        stale = or_(stale, SESSIONS.c.temporary == 1)
    try:
        with engine.begin() as connection:
            return connection.execute(delete(SESSIONS).where(stale)).rowcount
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc
