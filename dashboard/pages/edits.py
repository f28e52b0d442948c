"""Riwayat suntingan: every knowledge edit (who, when, which file, the diff), with undo.

Undo writes the file back byte for byte, through the same check and live reload as the edit,
and only while nobody has changed the file since; it is recorded as an edit of its own.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from bot.edit_history import EditAction, EditRecord, recent_edits, undone
from bot.knowledge_edit import EditRefused
from dashboard.context import dashboard_of, staff_of
from dashboard.render import json_answer, page, requested_format
from dashboard.roles import can_edit, editor_of

SHOWN = 200
ACTIONS = {EditAction.ADD_EXAMPLES.value: "Contoh pertanyaan ditambahkan",
           EditAction.NEW_ENTRY.value: "Entri baru",
           EditAction.UNDO.value: "Pengurungan"}


def _history(engine: Any) -> tuple[list[EditRecord], dict[str, EditRecord]]:
    edits = recent_edits(engine, SHOWN)
    return edits, undone(engine, (edit.id for edit in edits))


async def show(request: web.Request, *, errors: tuple[str, ...] = (),
               status: int = 200) -> web.StreamResponse:
    """GET /suntingan[.json]."""
    edits, reverted = await asyncio.to_thread(_history, dashboard_of(request).engine)
    if requested_format(request) == "json":
        return json_answer({"edits": edits, "undone": {k: v.id for k, v in reverted.items()}})
    fresh = next((edit for edit in edits if edit.id == request.query.get("baru")), None)
    return page(request, "edits.html", status=status, edits=edits, undone=reverted,
                actions=ACTIONS, fresh=fresh, errors=errors, can_edit=can_edit(request),
                undo_action=EditAction.UNDO.value)


async def undo(request: web.Request) -> web.StreamResponse:
    """POST /suntingan/{id}/urungkan."""
    editor = editor_of(request)
    try:
        record = await editor.undo(staff_of(request).staff_name, request.match_info["id"],
                                   address=request.remote)
    except EditRefused as refused:
        return await show(request, errors=refused.messages, status=409)
    raise web.HTTPSeeOther(f"/suntingan?baru={record.id}")
