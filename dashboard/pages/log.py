"""Log pertanyaan: the filtered questions, newest first, with search and pagination.

Each row links to the button presses under its reply (`/log/{id}`).
"""

from __future__ import annotations

from aiohttp import web

from bot.reports import button_presses, question_log
from dashboard.context import dashboard_of, run_report
from dashboard.pages.common import SINCE_CHOICES, read_filter
from dashboard.pages.downloads import report_csv
from dashboard.render import json_answer, page, requested_format

PER_PAGE = 50
PRESS_KINDS = {"feedback": "Umpan balik", "suggestion": "Pilih saran", "related": "Topik terkait",
               "menu": "Menu", "page": "Halaman"}


def page_number(request: web.Request) -> int:
    """The `page` parameter (1 when missing or not a positive number)."""
    try:
        return max(1, int(request.query.get("page", "1")))
    except ValueError:
        return 1


async def show(request: web.Request) -> web.StreamResponse:
    """GET /log[.json|.csv]: one page of the filtered log (the CSV: that page)."""
    flt = read_filter(request)
    result = await run_report(request, question_log, dashboard_of(request).engine,
                              flt.report, page_number(request), PER_PAGE)
    kind = requested_format(request)
    if kind == "json":
        return json_answer({"filter": flt.report.as_params(), **result.as_dict()})
    if kind == "csv":
        return await report_csv(request, "log-halaman", result, flt)
    query = flt.query()
    return page(request, "log.html", flt=flt, since_choices=SINCE_CHOICES, log=result,
                exports=[("Seluruh log (filter ini)", "/ekspor/log.csv" + (
                    f"?{query}" if query else ""))])


async def presses(request: web.Request) -> web.StreamResponse:
    """GET /log/{id}[.json]: the buttons pressed under one question's reply."""
    result = await run_report(request, button_presses, dashboard_of(request).engine,
                              request.match_info["id"])
    if requested_format(request) == "json":
        return json_answer(result.as_dict())
    return page(request, "presses.html", presses=result, kinds=PRESS_KINDS)
