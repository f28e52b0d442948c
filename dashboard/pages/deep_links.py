"""Tautan langsung: arrivals through deep links per payload, so a region sees which poster works.

Each poster (`smartcity-bot poster ENTRY_ID`) carries its entry in the link's payload; the
page counts arrivals and distinct citizens per payload over the filtered range, with the
entry each opened, as a page, JSON and CSV.
"""

from __future__ import annotations

from aiohttp import web

from bot.reports import deep_links
from dashboard.context import dashboard_of, run_report
from dashboard.pages.common import SINCE_CHOICES, read_filter
from dashboard.pages.downloads import report_csv
from dashboard.render import json_answer, page, requested_format


async def show(request: web.Request) -> web.StreamResponse:
    """GET /tautan[.json|.csv]."""
    flt = read_filter(request)
    dashboard = dashboard_of(request)
    result = await run_report(request, deep_links, dashboard.engine, flt.report)
    kind = requested_format(request)
    if kind == "json":
        return json_answer({"filter": flt.report.as_params(), **result.as_dict()})
    if kind == "csv":
        return await report_csv(request, "tautan-langsung", result, flt)
    query = flt.query()
    entries = dashboard.matcher().kb.entries
    return page(request, "deep_links.html", flt=flt, since_choices=SINCE_CHOICES,
                links=result, titles={r.entry_id: entries[r.entry_id].title for r in result.rows
                                      if r.entry_id is not None and r.entry_id in entries},
                exports=[("Tautan langsung", "/tautan.csv" + (f"?{query}" if query else ""))])
