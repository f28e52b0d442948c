"""CSV exports: `/ekspor/{name}.csv` for every report, and the whole filtered log.

An export takes the same query string as the pages, so it holds exactly the rows the page
showed (the log: every row of the filter, not one page); each download is audited.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from aiohttp import web

from bot.reports import (
    Report,
    ReportFilter,
    channels,
    csv_rows,
    deep_links,
    feedback_by_entry,
    latency,
    outcome_mix,
    overview,
    places,
    question_log,
    suggestion_picks,
    top_entries,
    volume,
)
from bot.reports.log import MAX_PER_PAGE
from dashboard.context import Dashboard, dashboard_of, run_report
from dashboard.pages.clusters import clusters_report
from dashboard.pages.common import PageFilter, read_filter
from dashboard.pages.downloads import audited, filename, report_csv

RANKING_LIMIT = 1000
MAX_LOG_ROWS = 1_000_000
ReportMaker = Callable[[Dashboard, ReportFilter], Report]

EXPORTS: dict[str, tuple[str, ReportMaker]] = {
    "ringkasan": ("Angka utama", lambda d, f: overview(d.engine, f)),
    "volume": ("Pertanyaan per hari", lambda d, f: volume(d.engine, f, "day")),
    "hasil": ("Hasil per hari", lambda d, f: outcome_mix(d.engine, f, "day")),
    "kanal": ("Kanal", lambda d, f: channels(d.engine, f)),
    "entri": ("Entri teratas", lambda d, f: top_entries(d.engine, f, RANKING_LIMIT)),
    "umpan-balik": ("Umpan balik per entri",
                    lambda d, f: feedback_by_entry(d.engine, f, RANKING_LIMIT)),
    "pilihan-saran": ("Pilihan saran", lambda d, f: suggestion_picks(d.engine, f, RANKING_LIMIT)),
    "latensi": ("Latensi", lambda d, f: latency(d.engine, f)),
    "wilayah": ("Daerah dan provinsi", lambda d, f: places(d.engine, f, RANKING_LIMIT)),
    "klaster": ("Klaster belum terjawab", clusters_report),
    "tautan-langsung": ("Tautan langsung", lambda d, f: deep_links(d.engine, f)),
}


async def export(request: web.Request) -> web.StreamResponse:
    """GET /ekspor/{name}.csv."""
    name = request.match_info["name"]
    flt = read_filter(request)
    if flt.error:
        raise web.HTTPBadRequest(text=flt.error)
    if name == "log":
        return await log_csv(request, flt)
    if name not in EXPORTS:
        raise web.HTTPNotFound(text="Laporan ini tidak ada.")
    dashboard = dashboard_of(request)
    report = await run_report(request, EXPORTS[name][1], dashboard, flt.report)
    return await report_csv(request, name, report, flt)


async def log_csv(request: web.Request, flt: PageFilter) -> web.StreamResponse:
    """The whole filtered log, newest first, streamed page by page."""
    dashboard = dashboard_of(request)
    await audited(request, "log", flt)
    response = web.StreamResponse(headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{filename("log", dashboard.clock())}"'})
    await response.prepare(request)
    page, written = 1, 0
    while written < MAX_LOG_ROWS:
        result = await run_report(request, question_log, dashboard.engine, flt.report,
                                  page, MAX_PER_PAGE)
        rows = list(csv_rows(result))
        buffer = io.StringIO()
        if page == 1:
            buffer.write("\ufeff")
        csv.writer(buffer).writerows(rows if page == 1 else rows[1:])
        await response.write(buffer.getvalue().encode())
        written += len(result.rows)
        if page >= result.pages:
            break
        page += 1
    await response.write_eof()
    return response
