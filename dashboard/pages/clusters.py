"""Belum terjawab: unanswered questions grouped by similarity, largest first.

Each cluster shows its nearest entry and a YAML snippet that turns the gap into a knowledge
edit, with a copy button; editors open it as an edit (`cluster_edit`), and a cluster already
turned into an edit says by whom.
"""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.edit_history import edits_of_clusters
from bot.reports import Clusters, ReportFilter, unanswered_clusters
from dashboard.context import Dashboard, dashboard_of, run_report
from dashboard.pages.common import SINCE_CHOICES, read_filter
from dashboard.pages.downloads import report_csv
from dashboard.render import json_answer, page, requested_format
from dashboard.roles import can_edit

LIMIT = 50
KINDS = {"add_examples": "Tambahkan sebagai contoh pertanyaan entri terdekat",
         "new_entry": "Usulan entri baru"}


def clusters_report(dashboard: Dashboard, flt: ReportFilter) -> Clusters:
    """The clusters of the filtered log against the knowledge served now."""
    return unanswered_clusters(dashboard.engine, flt, dashboard.matcher(), LIMIT)


async def show(request: web.Request) -> web.StreamResponse:
    """GET /klaster[.json|.csv]."""
    flt = read_filter(request)
    result = await run_report(request, clusters_report, dashboard_of(request), flt.report)
    kind = requested_format(request)
    if kind == "json":
        return json_answer({"filter": flt.report.as_params(), **result.as_dict()})
    if kind == "csv":
        return await report_csv(request, "klaster", result, flt)
    query = flt.query()
    handled = await asyncio.to_thread(edits_of_clusters, dashboard_of(request).engine,
                                      [cluster.key for cluster in result.rows])
    return page(request, "clusters.html", flt=flt, since_choices=SINCE_CHOICES,
                clusters=result, kinds=KINDS, handled=handled, can_edit=can_edit(request),
                query=query,
                exports=[("Klaster", "/ekspor/klaster.csv" + (f"?{query}" if query else ""))])
