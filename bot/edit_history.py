"""The history of knowledge edits made by staff: who, when, which file, the diff, and undo.

Each edit keeps the file as it was before, byte for byte, and the hash of the file it wrote,
so it can be undone exactly while nobody has changed the file since. Rows are only ever
added: an undo is an edit of its own that names the edit it undid (`undo_of`). Pure database
functions over a migrated engine (migration 6), shared by every front end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Engine, MetaData, Table, Text, desc, insert, select
from sqlalchemy.exc import SQLAlchemyError

from bot.storage.engine import describe_error
from bot.storage.errors import StorageUnavailable
from bot.storage.models import UtcDateTime

EDITS = Table(
    "knowledge_edits", MetaData(),
    Column("id", Text, primary_key=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("staff_name", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("file", Text, nullable=False),
    Column("entry_id", Text),
    Column("cluster_key", Text),
    Column("undo_of", Text),
    Column("diff", Text, nullable=False),
    Column("before_text", Text, nullable=False),
    Column("after_sha256", Text, nullable=False),
    Column("knowledge_version", Text),
)
_SUMMARY = [column for column in EDITS.c if column.name != "before_text"]


class EditAction(StrEnum):
    """What an edit did."""

    ADD_EXAMPLES = "add_examples"  # questions added as examples of an entry
    NEW_ENTRY = "new_entry"
    UNDO = "undo"  # an earlier edit's file written back


@dataclass(frozen=True)
class EditRecord:
    """One edit of one knowledge file."""

    id: str
    created_at: datetime
    staff_name: str
    action: str  # an EditAction value
    file: str  # relative to the knowledge folder, e.g. "program.yaml"
    entry_id: str | None
    cluster_key: str | None  # the unanswered cluster it came from
    undo_of: str | None  # the edit this one undid
    diff: str  # unified diff, for people
    after_sha256: str  # the file it wrote; undo only while the file still is this
    knowledge_version: str | None  # the version served after the edit
    before_text: str = ""  # the file before, byte for byte (empty in listings)


def _unavailable(what: str, exc: SQLAlchemyError) -> StorageUnavailable:
    return StorageUnavailable(f"cannot {what} the knowledge edits: {describe_error(exc)}")


def record_edit(engine: Engine, edit: EditRecord) -> None:
    """Append one edit.

    Raises:
        StorageUnavailable: If it cannot be stored.
    """
    values = {column.name: getattr(edit, column.name) for column in EDITS.c}
    try:
        with engine.begin() as connection:
            connection.execute(insert(EDITS).values(**values))
    except SQLAlchemyError as exc:
        raise _unavailable("write", exc) from exc


def recent_edits(engine: Engine, limit: int = 100) -> list[EditRecord]:
    """The latest edits, newest first, without the old file texts."""
    query = select(*_SUMMARY).order_by(desc(EDITS.c.created_at), desc(EDITS.c.id)).limit(limit)
    return _read(engine, query)


def find_edit(engine: Engine, edit_id: str) -> EditRecord | None:
    """One edit with the file text it replaced, or None."""
    found = _read(engine, select(EDITS).where(EDITS.c.id == edit_id))
    return found[0] if found else None


def undone(engine: Engine, edit_ids: Iterable[str]) -> dict[str, EditRecord]:
    """The undo of each of `edit_ids` that has one (edit id -> the undo)."""
    ids = sorted(set(edit_ids))
    if not ids:
        return {}
    query = select(*_SUMMARY).where(EDITS.c.undo_of.in_(ids)).order_by(EDITS.c.created_at)
    return {str(edit.undo_of): edit for edit in _read(engine, query)}


def edits_of_clusters(engine: Engine, keys: Iterable[str]) -> dict[str, EditRecord]:
    """The latest edit made from each unanswered cluster of `keys` (and not undone)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    query = select(*_SUMMARY).where(EDITS.c.cluster_key.in_(wanted)) \
        .order_by(EDITS.c.created_at, EDITS.c.id)
    edits = _read(engine, query)
    reverted = undone(engine, (edit.id for edit in edits))
    return {str(edit.cluster_key): edit for edit in edits if edit.id not in reverted}


def _read(engine: Engine, query: object) -> list[EditRecord]:
    try:
        with engine.connect() as connection:
            rows = connection.execute(query).mappings().all()  # type: ignore[call-overload]
    except SQLAlchemyError as exc:
        raise _unavailable("read", exc) from exc
    return [EditRecord(**dict(row)) for row in rows]
