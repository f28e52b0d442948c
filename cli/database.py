"""The query log as the CLI's readers and maintenance commands open it: never migrated.

`opened_log` yields an engine on DATABASE_URL once the schema is known to be current; every
problem (a bad URL, a database that is down, tables the bot has not created or upgraded yet)
becomes a `LogUnavailable` with a message for stderr (in Indonesian, like the reports), never a
traceback and never the password.
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
        raise LogUnavailable(f"Log pertanyaan tidak dapat dibuka: {exc}") from None
    try:
        require_schema(engine)
        yield engine
    except SchemaNotReady:
        raise LogUnavailable(f"Basis data {describe_url(url)} belum berisi log pertanyaan. "
                             "Jalankan bot sekali (`smartcity-bot run`) agar tabelnya dibuat; "
                             "perintah ini tidak mengubah skema.") from None
    except StorageUnavailable as exc:
        raise LogUnavailable(f"Log pertanyaan {describe_url(url)} tidak dapat dibaca: "
                             f"{exc}") from None
    except SQLAlchemyError as exc:
        raise LogUnavailable(f"Log pertanyaan {describe_url(url)} tidak dapat dibaca: "
                             f"{describe_error(exc)}") from None
    finally:
        engine.dispose()
