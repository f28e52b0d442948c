"""Ringkasan: key figures, volume and outcome mix over time, channels, top entries, feedback.

Every chart has the same numbers in a table beside it, and every report a CSV export. The
reports run at once in worker threads, so the page costs about as much as its slowest query.
"""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from bot.outcome import Outcome
from bot.reports import (
    Channels,
    OutcomeMix,
    TopEntries,
    channels,
    feedback_by_entry,
    outcome_mix,
    overview,
    places,
    suggestion_picks,
    top_entries,
)
from dashboard.charts import Series, bar_chart, column_chart
from dashboard.context import dashboard_of, run_report
from dashboard.labels import channel_label, outcome_color, outcome_label
from dashboard.pages.common import SINCE_CHOICES, exports_of, read_filter
from dashboard.pages.downloads import report_csv
from dashboard.pages.exports import EXPORTS
from dashboard.render import day, json_answer, page, requested_format

TOP = 10


async def show(request: web.Request) -> web.StreamResponse:
    """GET /ringkasan[.json|.csv]."""
    flt = read_filter(request)
    engine, now = dashboard_of(request).engine, dashboard_of(request).clock()
    async with asyncio.TaskGroup() as group:  # side by side on the dashboard's threads
        def start(report: Any, *args: Any) -> asyncio.Task[Any]:
            return group.create_task(run_report(request, report, engine, flt.report, *args))

        figures = start(overview)
        daily = start(outcome_mix, flt.bucket(now))
        by_channel = start(channels)
        top = start(top_entries, TOP)
        feedback = start(feedback_by_entry, TOP)
        picks = start(suggestion_picks, TOP)
        where = start(places, TOP)
    mix = daily.result()
    kind = requested_format(request)
    if kind == "csv":
        return await report_csv(request, "ringkasan", figures.result(), flt)
    reports = {"overview": figures.result(), "outcome_mix": mix,
               "channels": by_channel.result(), "top_entries": top.result(),
               "feedback_by_entry": feedback.result(), "suggestion_picks": picks.result(),
               "places": where.result()}
    if kind == "json":
        return json_answer({"filter": flt.report.as_params(),
                            **{name: r.as_dict() for name, r in reports.items()}})
    return page(request, "overview.html", flt=flt, since_choices=SINCE_CHOICES,
                figures=figures.result(), charts=charts(mix, by_channel.result(), top.result()),
                feedback=feedback.result(), picks=picks.result(), places=where.result(),
                exports=exports_of(
                    {name: label for name, (label, _) in EXPORTS.items()} | {"log": "Log"},
                    flt))


def charts(mix: OutcomeMix, channel_rows: Channels, top: TopEntries) -> list[dict[str, Any]]:
    """The four charts, each with the rows of its table fallback."""
    labels = [day(p.period_start) for p in mix.periods]
    short = [label.rsplit(" ", 1)[0] for label in labels]  # "5 Mar": the axis has no room
    totals = [sum(p.counts.values()) for p in mix.periods]
    per = "minggu" if mix.bucket == "week" else "hari"
    outcomes = [o.value for o in Outcome]
    stacked = [Series(outcome_label(o), [p.counts.get(o, 0) for p in mix.periods],
                      outcome_color(o)) for o in outcomes]
    channel_names = [channel_label(r.channel, r.payload) for r in channel_rows.rows]
    entry_names = [r.entry_id for r in top.rows]
    return [
        {"title": f"Pertanyaan per {per}", "svg": column_chart(
            short, [Series("Pertanyaan", totals, "#2f6db3")], label=f"Pertanyaan per {per}"),
         "head": ["Periode", "Pertanyaan"], "rows": list(zip(labels, totals, strict=True))},
        {"title": f"Hasil per {per}", "svg": column_chart(
            short, stacked, label=f"Hasil jawaban per {per}"),
         "head": ["Periode", *map(outcome_label, outcomes)],
         "rows": [(label, *(p.counts.get(o, 0) for o in outcomes))
                  for label, p in zip(labels, mix.periods, strict=True)]},
        {"title": "Kanal", "svg": bar_chart(
            channel_names, [r.count for r in channel_rows.rows], label="Pertanyaan per kanal"),
         "head": ["Kanal", "Pertanyaan"],
         "rows": list(zip(channel_names, [r.count for r in channel_rows.rows], strict=True))},
        {"title": "Entri paling sering diberikan", "svg": bar_chart(
            entry_names, [r.count for r in top.rows], label="Entri paling sering diberikan",
            color="#2f7d4f"),
         "head": ["Entri", "Pertanyaan"], "links": True,
         "rows": list(zip(entry_names, [r.count for r in top.rows], strict=True))},
    ]
