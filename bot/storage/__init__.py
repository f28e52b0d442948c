"""The query log: what citizens ask and press, stored without personal data.

Modules, one responsibility each:

- `models`: the record types handlers create, and the SQLModel tables they are stored in;
- `engine`: engines for SQLite and PostgreSQL, and where the two differ;
- `migrations`: the versioned schema, applied by the bot at start-up (readers only check it);
- `spool`: the JSON lines file records wait in while the database is down;
- `deadline`: database calls in threads that can be abandoned when the database hangs;
- `sink`: the blocking statements of the writer; `batches`: where a batch goes;
- `retention`: purging old records and deleting one user's records;
- `writer`: `QueryLog`, the background writer handlers hand records to;

Handlers need only what this package exports: the record types, their enums and
`new_record_id` (a reply's buttons carry the id before the record is written).
"""

from bot.outcome import Outcome
from bot.record_ids import new_record_id
from bot.storage.engine import create_engine
from bot.storage.errors import SchemaNotReady, StorageError, StorageUnavailable
from bot.storage.migrations import (
    MIGRATIONS,
    Migration,
    current_version,
    migrate,
    require_schema,
)
from bot.storage.models import (
    Channel,
    ChatType,
    EventKind,
    EventRecord,
    LogRecord,
    QuestionRecord,
)
from bot.storage.retention import Deleted, retention_cutoff
from bot.storage.sink import EngineFactory
from bot.storage.writer import QueryLog, QueryLogStats

__all__ = [
    "MIGRATIONS",
    "Channel",
    "ChatType",
    "Deleted",
    "EngineFactory",
    "EventKind",
    "EventRecord",
    "LogRecord",
    "Migration",
    "Outcome",
    "QueryLog",
    "QueryLogStats",
    "QuestionRecord",
    "SchemaNotReady",
    "StorageError",
    "StorageUnavailable",
    "create_engine",
    "current_version",
    "migrate",
    "new_record_id",
    "require_schema",
    "retention_cutoff",
]
