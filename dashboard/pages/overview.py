"""Ringkasan: key figures and charts of the question log."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.reports import summary
from dashboard.charts import bar_chart
from dashboard.context import dashboard_of
from dashboard.labels import outcome_label
from dashboard.render import json_answer, page, requested_format


async def show(request: web.Request) -> web.Response:
    """GET /ringkasan[.json]."""
    result = await asyncio.to_thread(summary, dashboard_of(request).engine)
    if requested_format(request) == "json":
        return json_answer(result.as_dict())
    outcomes = [(outcome_label(name), count) for name, count in result.outcomes.items()]
    top = [(entry.entry_id, entry.asked) for entry in result.top_entries]
    charts = [
        ("Hasil jawaban", bar_chart([n for n, _ in outcomes], [c for _, c in outcomes],
                                    label="Hasil jawaban"), ("Hasil", "Pertanyaan"), outcomes),
        ("Entri paling sering diberikan", bar_chart([n for n, _ in top], [c for _, c in top],
                                                    label="Entri paling sering diberikan"),
         ("Entri", "Pertanyaan"), top),
    ]
    return page(request, "overview.html", summary=result, charts=charts)
