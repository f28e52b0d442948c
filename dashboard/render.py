"""Turning results into answers: HTML pages (Jinja2, autoescaped), JSON and CSV.

Every template gets the logged-in staff member, the CSRF token for its forms (the CSRF cookie
is set on the answer when the browser has none yet) and the navigation. Times are shown in WIB
(UTC+7, no daylight saving); numbers the Indonesian way (1.234,5).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import jinja2
from aiohttp import web

from bot.reports import WIB
from bot.reports.query import jsonable
from dashboard.context import STAFF, dashboard_of
from dashboard.labels import CHANNELS, FEEDBACK, OUTCOMES, channel_label, outcome_label
from dashboard.tokens import CSRF_COOKIE, CSRF_FIELD, csrf_token, new_csrf_seed

NAVIGATION = (("ringkasan", "Ringkasan"), ("klaster", "Belum terjawab"),
              ("log", "Log pertanyaan"), ("tautan", "Tautan langsung"),
              ("suntingan", "Riwayat suntingan"))
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def wib(moment: datetime | None, with_seconds: bool = False) -> str:
    """A UTC moment as Jakarta time, e.g. "5 Mar 2026 14:07 WIB"."""
    if moment is None:
        return "-"
    local = moment.astimezone(WIB)
    clock = local.strftime("%H:%M:%S" if with_seconds else "%H:%M")
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year} {clock} WIB"


def day(value: date) -> str:
    """A date, e.g. "5 Mar 2026"."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def number(value: float | int | None, digits: int = 0) -> str:
    """A number with Indonesian separators: 12.345 and 3,5."""
    if value is None:
        return "-"
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def share(fraction: float | None) -> str:
    """A fraction (0.25) as a percentage ("25,0 %")."""
    return "-" if fraction is None else f"{number(100 * fraction, 1)} %"


def make_templates() -> jinja2.Environment:
    """The template environment: package templates, autoescape everywhere, strict names."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("dashboard", "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters.update(wib=wib, day=day, number=number, outcome=outcome_label,
                       channel=channel_label)
    env.globals.update(
        share=share, navigation=NAVIGATION, csrf_field=CSRF_FIELD,
        outcome_choices=[(value, label) for value, (label, _) in OUTCOMES.items()],
        channel_choices=list(CHANNELS.items()), feedback_choices=list(FEEDBACK.items()))
    return env


def page(request: web.Request, template: str, *, status: int = 200,
         **context: Any) -> web.Response:
    """Render a template for the request, with the CSRF token its forms need."""
    dashboard = dashboard_of(request)
    seed = request.cookies.get(CSRF_COOKIE)
    fresh = seed is None
    if seed is None:
        seed = new_csrf_seed()
    html = dashboard.templates.get_template(template).render(
        staff=request.get(STAFF), csrf_token=csrf_token(dashboard.secret, seed),
        path=request.path, **context)
    response = web.Response(text=html, status=status, content_type="text/html")
    if fresh:
        response.set_cookie(CSRF_COOKIE, seed, httponly=True, samesite="Strict", path="/",
                            secure=is_https(request))
    return response


def is_https(request: web.Request) -> bool:
    """Whether the browser reached us over HTTPS (directly or through a TLS proxy)."""
    return request.secure or request.headers.get("X-Forwarded-Proto", "") == "https"


def json_answer(data: Any) -> web.Response:
    """A JSON answer (UTF-8, not ASCII-escaped)."""
    return web.Response(text=json.dumps(jsonable(data), ensure_ascii=False, indent=1),
                        content_type="application/json")


def csv_answer(rows: Iterable[Iterable[str]], filename: str) -> web.Response:
    """A CSV download of rows made safe by `csv_rows` (a BOM first: spreadsheets read UTF-8)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(rows)
    return web.Response(
        text=buffer.getvalue(), content_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def requested_format(request: web.Request) -> str:
    """"html", "json" or "csv": from the path suffix (`.json`) or `?format=`."""
    suffix = request.match_info.get("fmt", "").lstrip(".")
    return suffix or request.query.get("format", "html")
