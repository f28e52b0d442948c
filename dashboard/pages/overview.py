"""Ringkasan: key figures and charts of the question log."""

from __future__ import annotations

import asyncio

from aiohttp import web

from bot.reports import summary
from dashboard.charts import bar_chart
from dashboard.context import dashboard_of
from dashboard.render import json_answer, page, requested_format


async def show(request: web.Request) -> web.Response:
    """GET /ringkasan[.json]."""
    result = await asyncio.to_thread(summary, dashboard_of(request).engine)
    if requested_format(request) == "json":
        return json_answer(result.as_dict())
    chart = bar_chart(list(result.outcomes), list(result.outcomes.values()),
                      label="Hasil jawaban")
    return page(request, "overview.html", summary=result, outcome_chart=chart)
