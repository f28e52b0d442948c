"""Staff edits of the running bot's knowledge: plan, check, write, reload, record; and undo.

One edit at a time (a lock), each in the same steps:

1. plan the change from the file on disk (`bot.knowledge_edit`), refusing the form's mistakes;
2. load a copy of the knowledge folder with the change: the checker's messages refuse it,
   and nothing is written;
3. write the file atomically (only if nobody changed it meanwhile) and reload the knowledge
   the bot serves; should that reload still refuse (a file changed by hand in between), the
   file is put back as it was;
4. record who, when, which file and the diff (`bot.edit_history`) and an audit event.

An undo writes an edit's file back byte for byte, through the same steps. No web or Telegram
import: the dashboard uses it, and admin commands could.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from bot.config import Settings
from bot.edit_history import EditAction, EditRecord, find_edit, record_edit, undone
from bot.knowledge_edit import (
    EditRefused,
    EntryDraft,
    FileEdit,
    plan_examples,
    plan_new_entry,
    plan_restore,
    restore,
    sha256_text,
    validate,
    write,
)
from bot.knowledge_watch import KnowledgeHolder, reload
from bot.record_ids import new_record_id
from bot.reports.filters import wib_date
from bot.staff import AuditAction, record_audit
from bot.storage import StorageUnavailable
from bot.storage.models import utc_now


class KnowledgeEditor:
    """Edits the knowledge folder the holder's knowledge comes from, one edit at a time.

    Args:
        holder: The knowledge served now (reloaded after each edit).
        settings: KNOWLEDGE_DIR and what a reload needs.
        engine: A migrated database for the history and the audit trail.
        clock: Aware UTC now (tests move it).
    """

    def __init__(self, holder: KnowledgeHolder, settings: Settings, engine: Engine, *,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.holder = holder
        self.settings = settings
        self.engine = engine
        self.clock = clock
        self._lock = asyncio.Lock()

    @property
    def root(self) -> Path:
        """The knowledge folder."""
        return self.settings.knowledge_dir

    async def add_examples(self, staff: str, entry_id: str, questions: tuple[str, ...], *,
                           cluster_key: str | None = None,
                           address: str | None = None) -> EditRecord:
        """Add questions as examples of an entry. Raises EditRefused."""
        async with self._lock:
            kb = self.holder.current.matcher.kb
            edit = await asyncio.to_thread(plan_examples, self.root, kb, entry_id, questions)
            return await self._apply(staff, EditAction.ADD_EXAMPLES, edit,
                                     cluster_key=cluster_key, address=address)

    async def add_entry(self, staff: str, draft: EntryDraft, *, cluster_key: str | None = None,
                        address: str | None = None) -> EditRecord:
        """Add a new entry to its topic file. Raises EditRefused."""
        async with self._lock:
            kb = self.holder.current.matcher.kb
            today = wib_date(self.clock()).isoformat()
            edit = await asyncio.to_thread(plan_new_entry, self.root, kb, draft, today)
            return await self._apply(staff, EditAction.NEW_ENTRY, edit,
                                     cluster_key=cluster_key, address=address)

    async def undo(self, staff: str, edit_id: str, *,
                   address: str | None = None) -> EditRecord:
        """Write an edit's file back as it was before it. Raises EditRefused."""
        async with self._lock:
            original = await asyncio.to_thread(find_edit, self.engine, edit_id)
            if original is None:
                raise EditRefused(["Suntingan ini tidak ditemukan — muat ulang halaman "
                                   "riwayat."])
            if original.action == EditAction.UNDO:
                raise EditRefused(["Suntingan ini sendiri sebuah pengurungan — untuk memakai "
                                   "lagi perubahannya, buat suntingan baru dari halaman Belum "
                                   "terjawab."])
            later = (await asyncio.to_thread(undone, self.engine, [edit_id])).get(edit_id)
            if later is not None:
                raise EditRefused([f"Suntingan ini sudah diurungkan oleh {later.staff_name}."])
            edit = await asyncio.to_thread(plan_restore, self.root, Path(original.file),
                                           original.before_text, original.after_sha256)
            edit = FileEdit(edit.file, edit.before, edit.after, original.entry_id)
            return await self._apply(staff, EditAction.UNDO, edit, undo_of=original.id,
                                     address=address)

    async def _apply(self, staff: str, action: EditAction, edit: FileEdit, *,
                     cluster_key: str | None = None, undo_of: str | None = None,
                     address: str | None = None) -> EditRecord:
        """Check on a copy, write, reload, record; put the file back if any step fails."""
        await asyncio.to_thread(validate, self.root, edit)
        await asyncio.to_thread(write, self.root, edit)
        try:
            reloaded = await reload(self.holder, self.settings)
        except BaseException:
            await asyncio.to_thread(restore, self.root, edit)
            raise
        if not reloaded:
            await asyncio.to_thread(restore, self.root, edit)
            raise EditRefused([str(problem) for problem in self.holder.problems])
        record = EditRecord(
            id=new_record_id(), created_at=self.clock(), staff_name=staff, action=action.value,
            file=str(edit.file), entry_id=edit.entry_id, cluster_key=cluster_key,
            undo_of=undo_of, diff=edit.diff, after_sha256=sha256_text(edit.after),
            knowledge_version=self.holder.current.matcher.kb.version, before_text=edit.before)
        try:
            await asyncio.to_thread(record_edit, self.engine, record)
        except StorageUnavailable:  # an edit nobody can see or undo must not stay
            await asyncio.to_thread(restore, self.root, edit)
            await reload(self.holder, self.settings)
            raise
        detail = f"{action.value} {edit.file} {edit.entry_id or ''} #{record.id}"
        await asyncio.to_thread(record_audit, self.engine, staff, AuditAction.KNOWLEDGE_EDIT,
                                address=address, detail=" ".join(detail.split()),
                                now=record.created_at)
        return record
