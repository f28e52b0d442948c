"""CSV downloads that are audited: who exported which report, when, with which filter.

The log is personal data (UU PDP), so every CSV a staff member takes away leaves a row in the
audit trail before the first byte is sent.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from aiohttp import web

from bot.reports import WIB, Report, csv_rows
from bot.staff import AuditAction, record_audit
from dashboard.context import dashboard_of, staff_of
from dashboard.pages.common import PageFilter
from dashboard.render import csv_answer


def filename(name: str, now: datetime) -> str:
    """The download's file name, e.g. smartcity-log-2026-03-01.csv (WIB date)."""
    return f"smartcity-{name}-{now.astimezone(WIB).date().isoformat()}.csv"


async def audited(request: web.Request, name: str, flt: PageFilter) -> None:
    """Record who exported what, with which filter."""
    dashboard = dashboard_of(request)
    query = flt.query()
    await asyncio.to_thread(record_audit, dashboard.engine, staff_of(request).staff_name,
                            AuditAction.EXPORT, address=request.remote,
                            detail=name + (f"?{query}" if query else ""), now=dashboard.clock())


async def report_csv(request: web.Request, name: str, report: Report,
                     flt: PageFilter) -> web.Response:
    """A report as an audited CSV download."""
    await audited(request, name, flt)
    return csv_answer(csv_rows(report), filename(name, dashboard_of(request).clock()))
