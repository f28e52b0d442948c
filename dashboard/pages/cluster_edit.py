"""Jadikan pengetahuan: one unanswered cluster turned into a knowledge edit by an editor.

Two forms: add chosen questions (pre-filled with the cluster's, editable) as examples of an
entry (the nearest one pre-selected), or start a new entry in a topic file. Either goes through
`bot.knowledge_editor`: refused with the checker's messages shown above the forms, which keep
what the editor typed; accepted, it is live at once and the browser goes to the history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from aiohttp import web
from multidict import MultiDict

from bot import known_ids
from bot.knowledge_edit import EditRefused, EntryDraft, topic_files
from bot.knowledge_types import EntryKind, Source
from bot.reports import Cluster, ReportFilter, unanswered_clusters
from bot.reports.filters import wib_date
from bot.reports.snippets import new_entry_id, suggested_title
from dashboard.context import Dashboard, dashboard_of, run_report, staff_of
from dashboard.pages.common import read_filter
from dashboard.render import page
from dashboard.roles import can_edit, editor_of

EXTRA_QUESTIONS = 3  # empty rows under the cluster's questions, for the editor's own
SOURCE_ROWS = 3
_SPLIT_IDS = re.compile(r"[\s,;]+")


@dataclass
class ExamplesForm:
    """The "add as examples" form as shown (or as the editor sent it)."""

    entry_id: str = ""
    questions: list[str] = field(default_factory=list)
    chosen: set[int] = field(default_factory=set)


@dataclass
class EntryForm:
    """The "new entry" form as shown (or as the editor sent it)."""

    file: str = ""
    id: str = ""
    title: str = ""
    questions: str = ""  # one per line
    answer: str = ""
    related: str = ""
    sources: list[tuple[str, str]] = field(default_factory=list)  # (url, date read)


def find_cluster(dashboard: Dashboard, flt: ReportFilter, key: str) -> Cluster | None:
    """The cluster `key` in the page's range, or in the whole log."""
    for where in (flt, ReportFilter()):
        found = unanswered_clusters(dashboard.engine, where, dashboard.matcher(), 1, key=key)
        if found.rows:
            return found.rows[0]
    return None


def _forms(dashboard: Dashboard, cluster: Cluster) -> tuple[ExamplesForm, EntryForm]:
    """Both forms pre-filled from the cluster."""
    kb = dashboard.matcher().kb
    nearest = kb.entries.get(cluster.nearest_entry_id or "")
    topic = nearest is not None and nearest.kind is EntryKind.TOPIC
    questions = list(cluster.questions)
    examples = ExamplesForm(nearest.id if topic and nearest else "",
                            questions + [""] * EXTRA_QUESTIONS, set(range(len(questions))))
    new_id = new_entry_id(questions[0] if questions else "", set(kb.entries))
    today = wib_date(dashboard.clock()).isoformat()
    entry = EntryForm(file=f"{new_id.split('.')[0]}.yaml", id=new_id,
                      title=suggested_title(questions), questions="\n".join(questions),
                      related=nearest.id if topic and nearest else known_ids.PROGRAMME,
                      sources=[("", today)] + [("", "")] * (SOURCE_ROWS - 1))
    return examples, entry


def _render(request: web.Request, key: str, cluster: Cluster | None, examples: ExamplesForm,
            entry: EntryForm, *, errors: tuple[str, ...] = (), failed: str = "",
            status: int = 200) -> web.Response:
    dashboard = dashboard_of(request)
    kb = dashboard.matcher().kb
    entries = sorted((e for e in kb.entries.values() if e.kind is EntryKind.TOPIC),
                     key=lambda e: e.id)
    return page(request, "cluster_edit.html", status=status, key=key, cluster=cluster,
                examples=examples, entry=entry, entries=entries, files=topic_files(kb),
                errors=errors, failed=failed, can_edit=can_edit(request),
                query=read_filter(request).query(), editable=dashboard.editor is not None)


async def show(request: web.Request) -> web.StreamResponse:
    """GET /klaster/{key}."""
    key = request.match_info["key"]
    dashboard = dashboard_of(request)
    cluster = await run_report(request, find_cluster, dashboard, read_filter(request).report,
                               key)
    if cluster is None:
        raise web.HTTPNotFound(text="Kelompok pertanyaan ini tidak ditemukan di log (mungkin "
                                    "sudah dihapus karena masa simpan). Kembali ke halaman "
                                    "Belum terjawab.")
    examples, entry = _forms(dashboard, cluster)
    return _render(request, key, cluster, examples, entry)


async def _posted(request: web.Request) -> MultiDict[str]:
    """The form's text fields (the CSRF guard has read and checked it already)."""
    return MultiDict((k, v) for k, v in (await request.post()).items() if isinstance(v, str))


def _examples_form(form: MultiDict[str]) -> ExamplesForm:
    questions = [form.get(f"q{n}", "") for n in range(_count(form))]
    chosen = {int(v) for v in form.getall("pilih", []) if v.isdigit()}
    return ExamplesForm(form.get("entry_id", ""), questions,
                        {n for n in chosen if n < len(questions)})


def _count(form: MultiDict[str]) -> int:
    """How many question rows the form had (q0, q1, ...)."""
    number = 0
    while f"q{number}" in form:
        number += 1
    return number


def _entry_form(form: MultiDict[str]) -> EntryForm:
    sources = [(form.get(f"url{n}", "").strip(), form.get(f"dibaca{n}", "").strip())
               for n in range(SOURCE_ROWS)]
    return EntryForm(file=form.get("file", ""), id=form.get("id", ""),
                     title=form.get("title", ""), questions=form.get("questions", ""),
                     answer=form.get("answer", ""), related=form.get("related", ""),
                     sources=sources)


async def add_examples(request: web.Request) -> web.StreamResponse:
    """POST /klaster/{key}/contoh: the chosen questions become examples of an entry."""
    editor = editor_of(request)
    key = request.match_info["key"]
    form = _examples_form(await _posted(request))
    chosen = tuple(form.questions[n] for n in sorted(form.chosen))
    try:
        record = await editor.add_examples(staff_of(request).staff_name, form.entry_id.strip(),
                                           chosen, cluster_key=key, address=request.remote)
    except EditRefused as refused:
        cluster = await run_report(request, find_cluster, dashboard_of(request),
                                   read_filter(request).report, key)
        _, entry = _forms(dashboard_of(request), cluster) if cluster else (None, EntryForm())
        return _render(request, key, cluster, form, entry, errors=refused.messages,
                       failed="contoh", status=400)
    raise web.HTTPSeeOther(f"/suntingan?baru={record.id}")


async def add_entry(request: web.Request) -> web.StreamResponse:
    """POST /klaster/{key}/entri-baru: a new entry from the cluster's questions."""
    editor = editor_of(request)
    key = request.match_info["key"]
    form = _entry_form(await _posted(request))
    draft = EntryDraft(
        id=form.id.strip(), title=form.title, answer=form.answer,
        questions=tuple(form.questions.splitlines()),
        related=tuple(part for part in _SPLIT_IDS.split(form.related) if part),
        sources=tuple(Source(url, read) for url, read in form.sources if url or read),
        file=form.file)
    try:
        record = await editor.add_entry(staff_of(request).staff_name, draft, cluster_key=key,
                                        address=request.remote)
    except EditRefused as refused:
        cluster = await run_report(request, find_cluster, dashboard_of(request),
                                   read_filter(request).report, key)
        examples = _forms(dashboard_of(request), cluster)[0] if cluster else ExamplesForm()
        return _render(request, key, cluster, examples, form, errors=refused.messages,
                       failed="entri", status=400)
    raise web.HTTPSeeOther(f"/suntingan?baru={record.id}")
