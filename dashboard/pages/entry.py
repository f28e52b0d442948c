"""Entri: one knowledge entry in the log.

How often it was given, its feedback, the questions that reached it and the knowledge
versions that answered.
"""

from __future__ import annotations

from aiohttp import web

from bot.reports import entry_detail
from dashboard.context import dashboard_of, run_report
from dashboard.pages.common import SINCE_CHOICES, read_filter
from dashboard.pages.downloads import report_csv
from dashboard.render import json_answer, page, requested_format

QUESTIONS = 100


async def show(request: web.Request) -> web.StreamResponse:
    """GET /entri/{entry_id}[.json|.csv]."""
    entry_id = request.match_info["entry_id"]
    flt = read_filter(request, entry_id=entry_id)
    dashboard = dashboard_of(request)
    detail = await run_report(request, entry_detail, dashboard.engine, entry_id,
                              flt.report, QUESTIONS)
    entry = dashboard.matcher().kb.entries.get(entry_id)
    kind = requested_format(request)
    if kind == "json":
        return json_answer({"filter": flt.report.as_params(),
                            "title": entry.title if entry else None, **detail.as_dict()})
    if kind == "csv":
        return await report_csv(request, "entri", detail, flt)
    query = flt.query(entry=None)
    return page(request, "entry.html", flt=flt, since_choices=SINCE_CHOICES, detail=detail,
                entry=entry, hide_entry=True,
                exports=[("Pertanyaan ke entri ini", f"/entri/{entry_id}.csv"
                          + (f"?{query}" if query else ""))])
