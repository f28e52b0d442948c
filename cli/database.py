"""The query log as the CLI's readers and maintenance commands open it: never migrated.

`opened_log` yields an engine on DATABASE_URL once the schema is known to be current; every
problem (a bad URL, a database that is down, tables the bot has not created or upgraded yet)
becomes a `LogUnavailable` with a message for stderr, never a traceback and never the password.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.config import Settings
from bot.storage import SchemaNotReady, StorageUnavailable, create_engine, require_schema
from bot.storage.engine import describe_error, describe_url

CLI_TIMEOUT_S = 60.0  # a purge or a report may take longer than one bot write


class LogUnavailable(Exception):
    """The query log cannot be used now; the message says why (exit code 1)."""


@contextmanager
def opened_log(settings: Settings, *, timeout: float = CLI_TIMEOUT_S) -> Iterator[Engine]:
    """The query log's engine, its schema checked (not changed).

    Raises:
        LogUnavailable: With the reason, for stderr.
    """
    url = settings.database_url.get_secret_value()
    try:
        engine = create_engine(url, timeout=timeout)
    except (ValueError, OSError) as exc:
        raise LogUnavailable(f"Cannot open the query log: {exc}") from None
    try:
        require_schema(engine)
        yield engine
    except SchemaNotReady as exc:
        raise LogUnavailable(f"The query log is not ready: {exc}") from None
    except StorageUnavailable as exc:
        raise LogUnavailable(f"The query log {describe_url(url)} is unavailable: {exc}") from None
    except SQLAlchemyError as exc:
        raise LogUnavailable(f"The query log {describe_url(url)} is unavailable: "
                             f"{describe_error(exc)}") from None
    finally:
        engine.dispose()
