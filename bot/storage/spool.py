"""The spool: a JSON lines file where records wait while the database is down.

Each line is one record, `{"type": "question" | "event", "record": {...}}`, appended in the
order the records were made. Replaying reads it in chunks in the same order. A line that
cannot be parsed (say, cut short by a crash) is skipped with a warning rather than blocking the
rest. The files are created readable by their owner only (0600). All methods do blocking file
I/O: call them from a worker thread, not the event loop (except when a record must not be lost).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.storage.engine import FILE_MODE
from bot.storage.models import EventRecord, LogRecord, QuestionRecord

logger = logging.getLogger(__name__)
REWRITE_CHUNK_SIZE = 1000

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
    """An append-only file of records, with a count of how many it holds.

    Replaying takes the file aside first (`take` renames it to `<name>.replaying<suffix>`), so
    records appended meanwhile, by the writer or by `QueryLog.record` when its queue is full,
    land in a new file and are never deleted with the replayed one. A lock makes appends,
    taking and rewriting safe from any thread.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        suffix = path.suffix or ".jsonl"
        self.replay_path = path.with_name(f"{path.stem}.replaying{suffix}")
        self._counts = {path: 0, self.replay_path: 0}
        self._needs_newline = False
        self._lock = threading.Lock()

    @property
    def count(self) -> int:
        """Records waiting in the spool (including a replay under way)."""
        return sum(self._counts.values())

    def load(self) -> None:
        """Count the records left by an earlier run and note a line cut short by a crash."""
        with self._lock:
            for path in self._counts:
                self._counts[path] = _count_lines(path)
            self._needs_newline = _ends_torn(self.path)

    def append(self, records: Sequence[LogRecord]) -> None:
        """Append records and sync them to disk, creating the file (0600) and its folders.

        Raises:
            OSError: If the file cannot be written.
        """
        if not records:
            return
        lines = "".join(record_to_json(record) + "\n" for record in records)
        with self._lock:
            if self._needs_newline:
                lines = "\n" + lines  # never glue a new record onto a torn line
            self.path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
            with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
                handle.write(lines)
                handle.flush()
                os.fsync(handle.fileno())
            self._needs_newline = False
            self._counts[self.path] += len(records)

    def take(self) -> Path | None:
        """Return the file to replay next (None when nothing waits).

        That is a file left by an interrupted replay, else the spool itself, moved aside.

        Raises:
            OSError: If the file cannot be renamed.
        """
        with self._lock:
            if self.replay_path.exists():
                return self.replay_path
            if not self.path.exists():
                self._counts[self.path] = 0
                return None
            os.replace(self.path, self.replay_path)
            self._counts[self.replay_path] = self._counts[self.path]
            self._counts[self.path] = 0
            self._needs_newline = False
            return self.replay_path

    def finish(self, path: Path) -> None:
        """Delete a replayed file: every record in it is stored."""
        with self._lock:
            path.unlink(missing_ok=True)
            self._counts[path] = 0

    def read_chunk(self, path: Path, offset: int, size: int) -> tuple[list[LogRecord], int]:
        """Read up to `size` records of `path` from byte `offset`.

        Returns:
            The records and the offset to continue from (the same offset at the end).

        Raises:
            OSError: If the file exists but cannot be read.
        """
        records: list[LogRecord] = []
        if not path.exists():
            return records, offset
        with path.open("rb") as handle:
            handle.seek(offset)
            while len(records) < size:
                line = handle.readline()
                if not line:
                    break
                offset += len(line)
                text = line.decode("utf-8", errors="replace")
                if not text.strip():
                    continue
                try:
                    records.append(record_from_json(text))
                except ValueError as exc:
                    logger.warning("Skipping a line of spool %s at byte %d: %s", path,
                                   offset - len(line), exc)
        return records, offset

    def read(self, chunk_size: int) -> Iterator[list[LogRecord]]:
        """Yield every spooled record in order, `chunk_size` at a time (for tools and tests).

        Raises:
            OSError: If a file exists but cannot be read.
        """
        for path in (self.replay_path, self.path):
            yield from self._chunks(path, chunk_size)

    def remove_user(self, user_key: str) -> set[str]:
        """Rewrite the spool without the records of one user; return their ids.

        Raises:
            OSError: If a file cannot be read or rewritten.
        """
        removed: set[str] = set()
        with self._lock:
            for path in self._counts:
                if not path.exists():
                    continue
                kept: list[LogRecord] = []
                for chunk in self._chunks(path, REWRITE_CHUNK_SIZE):
                    for record in chunk:
                        if record.user_key == user_key:
                            removed.add(record.id)
                        else:
                            kept.append(record)
                _rewrite(path, kept)
                self._counts[path] = len(kept)
            self._needs_newline = False
        return removed

    def _chunks(self, path: Path, size: int) -> Iterator[list[LogRecord]]:
        """Every record of one spool file, `size` at a time."""
        offset = 0
        while True:
            chunk, offset = self.read_chunk(path, offset, size)
            if not chunk:
                return
            yield chunk

    def clear(self) -> None:
        """Delete the spool files."""
        with self._lock:
            for path in self._counts:
                path.unlink(missing_ok=True)
                self._counts[path] = 0
            self._needs_newline = False


def _rewrite(path: Path, records: Sequence[LogRecord]) -> None:
    """Replace a file with these records (atomically, 0600); delete it when there are none."""
    if not records:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("".join(record_to_json(record) + "\n" for record in records))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _count_lines(path: Path) -> int:
    """Non-empty lines of a file (0 when it does not exist)."""
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def _ends_torn(path: Path) -> bool:
    """Whether a non-empty file lacks its final newline (a write cut short by a crash)."""
    if not path.exists():
        return False
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        if handle.tell() == 0:
            return False
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) != b"\n"
