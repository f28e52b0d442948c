"""The spool: a JSON lines file where records wait while the database is down.

Each line is one record, `{"type": "question" | "event", "record": {...}}`, appended in the
order the records were made. Replaying reads it in chunks in the same order. A line that
cannot be parsed (say, cut short by a crash) is skipped with a warning rather than blocking the
rest. All methods do blocking file I/O: call them from a worker thread, not the event loop.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.storage.models import EventRecord, LogRecord, QuestionRecord

logger = logging.getLogger(__name__)

_TYPES: dict[str, type[QuestionRecord] | type[EventRecord]] = {
    "question": QuestionRecord,
    "event": EventRecord,
}


def record_to_json(record: LogRecord) -> str:
    """Serialise a record as one JSON line (without the newline)."""
    data: dict[str, Any] = {spec.name: getattr(record, spec.name) for spec in fields(record)}
    data["created_at"] = record.created_at.isoformat()
    if isinstance(record, QuestionRecord):
        data["suggestions"] = list(record.suggestions)
    kind = "question" if isinstance(record, QuestionRecord) else "event"
    return json.dumps({"type": kind, "record": data}, sort_keys=True)


def record_from_json(line: str) -> LogRecord:
    """Parse a line written by `record_to_json`; unknown fields are ignored.

    Raises:
        ValueError: If the line is not a valid record.
    """
    try:
        envelope = json.loads(line)
        cls = _TYPES[envelope["type"]]
        data = envelope["record"]
        known = {spec.name for spec in fields(cls)}
        values = {name: value for name, value in data.items() if name in known}
        values["created_at"] = datetime.fromisoformat(values["created_at"])
        if "suggestions" in values:
            values["suggestions"] = tuple(values["suggestions"])
        return cls(**values)
    except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a spooled record: {exc!r}") from exc


class Spool:
    """An append-only file of records, with a count of how many it holds."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.count = 0
        self._needs_newline = False

    def load(self) -> None:
        """Count the records left by an earlier run and note a line cut short by a crash."""
        if not self.path.exists():
            self.count = 0
            return
        with self.path.open("rb") as handle:
            self.count = sum(1 for line in handle if line.strip())
            self._needs_newline = handle.tell() > 0 and _last_byte(handle) != b"\n"

    def append(self, records: Sequence[LogRecord]) -> None:
        """Append records and sync them to disk, creating the file and its folders.

        Raises:
            OSError: If the file cannot be written.
        """
        if not records:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lines = "".join(record_to_json(record) + "\n" for record in records)
        if self._needs_newline:
            lines = "\n" + lines  # never glue a new record onto a torn line
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(lines)
            handle.flush()
            os.fsync(handle.fileno())
        self._needs_newline = False
        self.count += len(records)

    def read(self, chunk_size: int) -> Iterator[list[LogRecord]]:
        """Yield the spooled records in order, `chunk_size` at a time.

        Raises:
            OSError: If the file exists but cannot be read.
        """
        if not self.path.exists():
            return
        chunk: list[LogRecord] = []
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    chunk.append(record_from_json(line))
                except ValueError as exc:
                    logger.warning("Skipping line %d of spool %s: %s", number, self.path, exc)
                    continue
                if len(chunk) >= chunk_size:
                    yield chunk
                    chunk = []
        if chunk:
            yield chunk

    def clear(self) -> None:
        """Delete the file once every record in it is stored."""
        self.path.unlink(missing_ok=True)
        self.count = 0
        self._needs_newline = False


def _last_byte(handle: Any) -> bytes:
    """Return the last byte of a non-empty binary file."""
    handle.seek(-1, os.SEEK_END)
    data: bytes = handle.read(1)
    return data
