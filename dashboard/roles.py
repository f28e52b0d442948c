"""Who may change the knowledge: editors, on a dashboard that has the knowledge to edit.

Viewers read everything and see no edit controls; a POST of theirs that changes knowledge is
answered 403 whatever the form holds.
"""

from __future__ import annotations

from aiohttp import web

from bot.knowledge_editor import KnowledgeEditor
from bot.staff import Role
from dashboard.context import dashboard_of, staff_of

NOT_AN_EDITOR = ("Hanya staf dengan peran editor yang dapat menyunting pengetahuan. Minta "
                 "pengelola server menjalankan `smartcity-bot staff add NAMA --role editor`.")
READ_ONLY = "Dasbor ini hanya membaca pengetahuan; penyuntingan tidak tersedia di sini."


def can_edit(request: web.Request) -> bool:
    """Whether the logged-in staff member may edit here (the pages show the controls)."""
    return staff_of(request).role is Role.EDITOR and dashboard_of(request).editor is not None


def editor_of(request: web.Request) -> KnowledgeEditor:
    """The knowledge editor, for an editor's request; 403 for anyone else."""
    if staff_of(request).role is not Role.EDITOR:
        raise web.HTTPForbidden(text=NOT_AN_EDITOR)
    editor = dashboard_of(request).editor
    if editor is None:
        raise web.HTTPConflict(text=READ_ONLY)
    return editor
