"""Domain errors of the query log storage.

Code inside `bot.storage` turns SQLAlchemy and driver exceptions into these; the edges (CLI,
dashboard, bot) translate them into an exit code, a banner or a polite reply.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base class of query log storage errors."""


class StorageUnavailable(StorageError):
    """The database cannot be reached, or refused the work; records wait in the spool."""


class SchemaNotReady(StorageError):
    """The database has no query log tables yet, or older ones; only the bot migrates it."""
