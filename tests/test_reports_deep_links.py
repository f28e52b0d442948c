"""Deep-link arrivals per payload, on SQLite and PostgreSQL: which poster brings citizens."""

from __future__ import annotations

import io
from datetime import timedelta

from reportkit import NOW, asked, store
from sqlalchemy import Engine

from bot.callback_data import FOREIGN_VALUE
from bot.reports import ReportFilter, deep_links, write_csv

DAY = timedelta(days=1)


def arrival(payload: str, entry_id: str | None, user: str, days: float) -> object:
    if entry_id is None:  # a payload naming no entry: the /start command, payload unknown
        return asked(f"/start {FOREIGN_VALUE}", "command", user=user, channel="private",
                     chat_type="private", payload=FOREIGN_VALUE, entry_id=None,
                     created_at=NOW - days * DAY)
    return asked(f"/start {payload}", "answer", user=user, channel="deeplink",
                 chat_type="private", payload=payload, entry_id=entry_id,
                 created_at=NOW - days * DAY)


def test_arrivals_and_distinct_citizens_per_payload(log_engine: Engine) -> None:
    store(log_engine, [
        arrival("pilar_daftar", "pilar.daftar", "a", 1),
        arrival("pilar_daftar", "pilar.daftar", "a", 2),  # the same citizen scans twice
        arrival("pilar_daftar", "pilar.daftar", "b", 3),
        arrival("program_biaya", "program.biaya", "c", 1),
        arrival("lama_sekali", None, "d", 1),
        arrival("pilar_daftar", "pilar.daftar", "e", 40),  # outside the range below
        asked("apa itu smart city", "answer", user="f", entry_id="program.apa-itu"),
    ])
    month = ReportFilter(start=NOW - 30 * DAY)
    rows = deep_links(log_engine, month).rows
    assert [(r.payload, r.entry_id, r.arrivals, r.citizens) for r in rows] == [
        ("pilar_daftar", "pilar.daftar", 3, 2), (FOREIGN_VALUE, None, 1, 1),
        ("program_biaya", "program.biaya", 1, 1)]
    assert (rows[0].first_seen, rows[0].last_seen) == (NOW - 3 * DAY, NOW - DAY)
    everything = deep_links(log_engine, ReportFilter()).rows
    assert everything[0].arrivals == 4 and everything[0].citizens == 3
    only_links = ReportFilter(channels=frozenset({"deeplink"}))
    assert [r.payload for r in deep_links(log_engine, only_links).rows] == [
        "pilar_daftar", "program_biaya"]
    out = io.StringIO()
    write_csv(deep_links(log_engine, month), out)
    assert out.getvalue().splitlines()[:2] == [
        "payload,entry_id,arrivals,citizens,first_seen,last_seen",
        f"pilar_daftar,pilar.daftar,3,2,{(NOW - 3 * DAY).isoformat()},"
        f"{(NOW - DAY).isoformat()}"]
