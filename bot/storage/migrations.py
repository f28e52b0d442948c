"""Versioned schema migrations for the query log, for SQLite and PostgreSQL alike.

The database remembers which migrations it has had in a `schema_version` table (one row per
applied migration). `migrate` applies the missing ones in order, all inside one transaction,
so a database is either fully upgraded or left as it was; running it again changes nothing.
Never edit a released migration: append a new one with the next version number. The DDL is
plain SQL that both databases accept (TEXT, INTEGER, DOUBLE PRECISION, TIMESTAMP holding UTC).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Column, Connection, Engine, Integer, MetaData, Table, Text, func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.engine import SQLITE_IMMEDIATE, describe_error
from bot.storage.errors import SchemaNotReady, StorageUnavailable
from bot.storage.models import UtcDateTime, utc_now

logger = logging.getLogger(__name__)

# Key of the PostgreSQL advisory lock that serialises concurrent start-ups (bot, dashboard,
# CLI) migrating the same database; the value is arbitrary but must stay the same.
MIGRATION_LOCK_KEY = 0x536D_6172_7443_6974  # "SmartCit"


@dataclass(frozen=True)
class Migration:
    """One step of the schema: a version number, what it does, and its DDL statements."""

    version: int
    description: str
    statements: tuple[str, ...]
    postgresql: tuple[str, ...] = ()  # run after `statements`, on PostgreSQL only
    sqlite: tuple[str, ...] = ()  # run after `statements`, on SQLite only

    def statements_for(self, dialect: str) -> tuple[str, ...]:
        """The statements to run on a database of this dialect ("sqlite", "postgresql")."""
        extra = {"postgresql": self.postgresql, "sqlite": self.sqlite}.get(dialect, ())
        return self.statements + extra


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "question log and button events",
        (
            # NOT NULL on the keys: SQLite would otherwise accept a NULL primary key.
            """CREATE TABLE questions (
                id TEXT NOT NULL PRIMARY KEY,
                created_at TIMESTAMP NOT NULL,
                user_key TEXT NOT NULL,
                chat_type TEXT NOT NULL,
                channel TEXT NOT NULL,
                payload TEXT,
                question TEXT NOT NULL,
                normalized TEXT,
                outcome TEXT NOT NULL,
                entry_id TEXT,
                score DOUBLE PRECISION,
                margin DOUBLE PRECISION,
                suggestions TEXT NOT NULL DEFAULT '[]',
                latency_ms INTEGER,
                knowledge_version TEXT
            )""",
            # No foreign key on query_id: a press on an old message must be logged even if
            # its question was never stored (e.g. lost before this log existed).
            """CREATE TABLE button_events (
                id TEXT NOT NULL PRIMARY KEY,
                created_at TIMESTAMP NOT NULL,
                user_key TEXT NOT NULL,
                query_id TEXT,
                kind TEXT NOT NULL,
                value TEXT
            )""",
        ),
    ),
    Migration(
        2,
        "indexes for staff reports",
        (
            "CREATE INDEX ix_questions_created_at ON questions (created_at)",
            "CREATE INDEX ix_questions_outcome ON questions (outcome, created_at)",
            "CREATE INDEX ix_questions_entry_id ON questions (entry_id)",
            "CREATE INDEX ix_button_events_query_id ON button_events (query_id)",
            "CREATE INDEX ix_button_events_kind ON button_events (kind, created_at)",
        ),
    ),
    Migration(
        3,
        "indexes for deleting a user's records and purging old ones",
        (
            "CREATE INDEX ix_questions_user_key ON questions (user_key)",
            "CREATE INDEX ix_button_events_user_key ON button_events (user_key)",
            "CREATE INDEX ix_button_events_created_at ON button_events (created_at)",
        ),
    ),
    Migration(
        4,
        "indexes for the dashboard: pages, presses per question, search in questions",
        (
            # Feedback and presses are looked up per question; with (query_id) alone SQLite
            # preferred (kind, created_at) and scanned every feedback press for each question.
            "CREATE INDEX ix_button_events_query ON button_events "
            "(query_id, kind, value, created_at)",
            "DROP INDEX ix_button_events_query_id",
            # The log pages newest first by (created_at, id): with id in the index no sort
            # of the whole range is needed, also when filtered by outcome.
            "CREATE INDEX ix_questions_created_id ON questions (created_at, id)",
            "DROP INDEX ix_questions_created_at",
            "CREATE INDEX ix_questions_outcome_created_id ON questions (outcome, created_at, id)",
            "DROP INDEX ix_questions_outcome",
            "CREATE INDEX ix_questions_entry_created ON questions (entry_id, created_at)",
            "DROP INDEX ix_questions_entry_id",
        ),
        postgresql=(
            # Substring search (ILIKE '%bus%') through trigrams, where pg_trgm can be had: it
            # is a trusted extension (PostgreSQL 13+), so a database owner may create it. If
            # it cannot be created, search still works, by scanning. (No percent signs here:
            # the driver would read them as placeholders.)
            """DO $$
            DECLARE
                home text;
            BEGIN
                BEGIN
                    CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
                EXCEPTION WHEN OTHERS THEN
                    RAISE NOTICE 'pg_trgm unavailable: question search scans the table';
                END;
                SELECT extnamespace::regnamespace::text INTO home
                    FROM pg_extension WHERE extname = 'pg_trgm';
                IF home IS NOT NULL THEN
                    EXECUTE 'CREATE INDEX ix_questions_question_trgm ON questions '
                        || 'USING gin (question ' || home || '.gin_trgm_ops)';
                END IF;
            END $$""",
        ),
    ),
    Migration(
        5,
        "staff accounts, dashboard sessions and the staff audit trail",
        (
            # Names are stored lower-case; the hash is argon2id in PHC format.
            """CREATE TABLE staff (
                name TEXT NOT NULL PRIMARY KEY,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                created_at TIMESTAMP NOT NULL,
                password_changed_at TIMESTAMP NOT NULL
            )""",
            # id is the SHA-256 of the token in the cookie: a copy of the table logs nobody in.
            """CREATE TABLE staff_sessions (
                id TEXT NOT NULL PRIMARY KEY,
                staff_name TEXT NOT NULL,
                role TEXT NOT NULL,
                created_at TIMESTAMP NOT NULL,
                last_seen_at TIMESTAMP NOT NULL,
                temporary INTEGER NOT NULL DEFAULT 0
            )""",
            "CREATE INDEX ix_staff_sessions_staff_name ON staff_sessions (staff_name)",
            """CREATE TABLE staff_audit (
                id TEXT NOT NULL PRIMARY KEY,
                created_at TIMESTAMP NOT NULL,
                staff_name TEXT NOT NULL,
                action TEXT NOT NULL,
                address TEXT,
                detail TEXT
            )""",
            "CREATE INDEX ix_staff_audit_created_at ON staff_audit (created_at)",
        ),
    ),
    Migration(
        6,
        "knowledge edits made on the dashboard, with what undoes them",
        (
            # before_text is the file as it was, byte for byte (undo writes it back, but only
            # while the file still hashes to after_sha256); diff is what staff read.
            """CREATE TABLE knowledge_edits (
                id TEXT NOT NULL PRIMARY KEY,
                created_at TIMESTAMP NOT NULL,
                staff_name TEXT NOT NULL,
                action TEXT NOT NULL,
                file TEXT NOT NULL,
                entry_id TEXT,
                cluster_key TEXT,
                undo_of TEXT,
                diff TEXT NOT NULL,
                before_text TEXT NOT NULL,
                after_sha256 TEXT NOT NULL,
                knowledge_version TEXT
            )""",
            "CREATE INDEX ix_knowledge_edits_created_at ON knowledge_edits (created_at)",
            "CREATE INDEX ix_knowledge_edits_undo_of ON knowledge_edits (undo_of)",
            "CREATE INDEX ix_knowledge_edits_cluster_key ON knowledge_edits (cluster_key)",
        ),
    ),
)

# The bookkeeping table itself; it must never change, or old databases could not be read.
_VERSION_TABLE_DDL = """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TIMESTAMP NOT NULL
)"""
SCHEMA_VERSION = Table(
    "schema_version",
    MetaData(),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
)


def latest_version(migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Return the version a database has once all `migrations` are applied."""
    return migrations[-1].version if migrations else 0


def check_migrations(migrations: Sequence[Migration]) -> None:
    """Raise ValueError unless versions are positive and strictly increasing."""
    previous = 0
    for migration in migrations:
        if migration.version <= previous:
            raise ValueError(
                f"migration {migration.version} ({migration.description!r}) must come after "
                f"version {previous}: versions must be positive and strictly increasing"
            )
        previous = migration.version


def current_version(engine: Engine) -> int:
    """Return the schema version of the database (0 for a database never migrated).

    Raises:
        StorageUnavailable: If the database cannot be read.
    """
    try:
        with engine.connect() as connection:
            if not engine.dialect.has_table(connection, SCHEMA_VERSION.name):
                return 0
            return _read_version(connection)
    except SQLAlchemyError as exc:
        raise StorageUnavailable(f"cannot read the schema version: {describe_error(exc)}") from exc


def require_schema(engine: Engine) -> int:
    """Check, without changing anything, that the database has the query log tables.

    Readers and maintenance commands (reports, the dashboard, `log purge`) call this instead
    of `migrate`: they may run without DDL rights, and must not change a database the bot is
    about to migrate itself. An older schema still has the tables (only an index may be
    missing), so it is accepted.

    Returns:
        The schema version.

    Raises:
        SchemaNotReady: If the tables are missing (the bot never ran on this database).
        StorageUnavailable: If the database cannot be read.
    """
    version = current_version(engine)
    if version == 0:
        raise SchemaNotReady("the query log has no tables yet; start the bot once (it creates "
                             "them), then try again")
    return version


def migrate(engine: Engine, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Bring the database up to the latest version, in one transaction.

    Use an engine from `bot.storage.create_engine`: on SQLite it makes DDL transactional.

    Args:
        engine: The database.
        migrations: The ordered migrations (tests pass a prefix or their own list).

    Returns:
        The schema version after migrating.

    Raises:
        ValueError: If the migrations are out of order.
        StorageUnavailable: If the database cannot be reached or a statement fails; nothing
            has been changed then.
    """
    check_migrations(migrations)
    try:
        with engine.connect() as connection:
            connection.execution_options(**{SQLITE_IMMEDIATE: True})
            with connection.begin():
                return _apply_pending(connection, migrations)
    except SQLAlchemyError as exc:
        raise StorageUnavailable(f"cannot migrate the database: {describe_error(exc)}") from exc


def _apply_pending(connection: Connection, migrations: Sequence[Migration]) -> int:
    """Apply the migrations not recorded yet; return the new version.

    Versions are reserved per branch of work and merged in any order, so a database may have
    had version 4 before version 3 existed: every missing version is applied, in order, not
    only those above the highest one.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK_KEY)))
    connection.exec_driver_sql(_VERSION_TABLE_DDL)
    applied = set(connection.scalars(select(SCHEMA_VERSION.c.version)))
    version = max(applied, default=0)
    latest = latest_version(migrations)
    if version > latest:
        logger.warning(
            "Database schema version %d is newer than this code knows (%d); leaving it alone",
            version,
            latest,
        )
        return version
    for migration in migrations:
        if migration.version in applied:
            continue
        logger.info("Applying migration %d: %s", migration.version, migration.description)
        for statement in migration.statements_for(connection.dialect.name):
            connection.exec_driver_sql(statement)
        connection.execute(
            SCHEMA_VERSION.insert().values(
                version=migration.version,
                description=migration.description,
                applied_at=utc_now(),
            )
        )
        version = max(version, migration.version)
    return version


def _read_version(connection: Connection) -> int:
    """Return the highest applied version recorded in `schema_version`."""
    return connection.scalar(select(func.max(SCHEMA_VERSION.c.version))) or 0
