"""The staff tables (created by migration 5 in `bot.storage.migrations`), for queries.

Plain SQLAlchemy Core tables: the staff side of the database is small and queried in a few
places, and keeping it apart from the question log's SQLModel rows keeps the two independent.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, Table, Text

from bot.storage.models import UtcDateTime

metadata = MetaData()

STAFF = Table(
    "staff", metadata,
    Column("name", Text, primary_key=True),
    Column("role", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("password_changed_at", UtcDateTime, nullable=False),
)

SESSIONS = Table(
    "staff_sessions", metadata,
    Column("id", Text, primary_key=True),
    Column("staff_name", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("last_seen_at", UtcDateTime, nullable=False),
    Column("temporary", Integer, nullable=False, default=0),
)

AUDIT = Table(
    "staff_audit", metadata,
    Column("id", Text, primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("staff_name", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("address", Text),
    Column("detail", Text),
)
