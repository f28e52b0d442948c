"""The dashboard's pages, JSON twins and CSV exports over a log with known contents.

Runs on SQLite and PostgreSQL (the `dashboard` fixture follows `database_url`). The clock
stands at T0 (2026-03-02 08:00 WIB); "the last 30 days" is the default range.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from dashboardkit import T0, Browser, Clock
from reportkit import asked, press, store

from bot.staff import recent_audit
from dashboard.server import RunningDashboard

SCRIPT = "<script>alert('x')</script> jadwal posyandu?"


@pytest.fixture
async def log(dashboard: RunningDashboard, browser: Browser) -> dict[str, Any]:
    """A small log: two answers (one 👍), a deep link, fallbacks (two on one gap), an old one."""
    answer = asked("apa itu smart city", "answer", user="a", entry_id="program.apa-itu",
                   created_at=T0 - timedelta(hours=2), knowledge_version="v1")
    again = asked("smart city itu apa sih", "answer", user="b", entry_id="program.apa-itu",
                  created_at=T0 - timedelta(hours=1), knowledge_version="v2")
    gaps = [asked(text, "fallback", user=user, created_at=T0 - timedelta(days=days))
            for text, user, days in (("jadwal posyandu bulan ini", "c", 1),
                                     ("jadwal posyandu bulan ini kak", "d", 2),
                                     (SCRIPT, "e", 3))]
    old = asked("resep rendang", "fallback", user="f", created_at=T0 - timedelta(days=60))
    deep = asked("pilar_daftar", "answer", user="g", entry_id="pilar.daftar", channel="deeplink",
                 chat_type="private", payload="pilar_daftar", created_at=T0 - timedelta(days=4))
    store(dashboard.dashboard.engine, [answer, again, *gaps, old, deep,
                                       press(answer, "feedback", "up",
                                             created_at=T0 - timedelta(minutes=100)),
                                       press(answer, "related", "program.tujuan",
                                             created_at=T0 - timedelta(minutes=99))])
    await browser.login()
    return {"answer": answer, "gaps": gaps, "old": old}


async def get_json(browser: Browser, path: str) -> Any:
    response = await browser.get(path)
    assert response.status == 200, await response.text()
    return await response.json()


async def test_the_overview_counts_the_last_30_days_by_default(browser: Browser,
                                                               log: dict[str, Any]) -> None:
    data = await get_json(browser, "/ringkasan.json")
    assert data["overview"]["total_questions"] == 6
    assert data["overview"]["outcomes"]["fallback"] == 3
    assert data["overview"]["feedback_up"] == 1
    assert {r["entry_id"]: r["count"] for r in data["top_entries"]["rows"]} == {
        "program.apa-itu": 2, "pilar.daftar": 1}
    assert {(r["channel"], r["payload"]) for r in data["channels"]["rows"]} == {
        ("private", None), ("deeplink", "pilar_daftar")}
    everything = await get_json(browser, "/ringkasan.json?since=all")
    assert everything["overview"]["total_questions"] == 7
    only = await get_json(browser, "/ringkasan?format=json&outcome=fallback&since=all")
    assert only["overview"]["total_questions"] == 4


async def test_the_overview_page_draws_each_chart_with_a_table(browser: Browser,
                                                               log: dict[str, Any]) -> None:
    html = await (await browser.get("/ringkasan")).text()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 4
    assert html.count("<summary>Tabel</summary>") == 4
    assert "Tautan langsung: pilar_daftar" in html
    assert 'href="/ekspor/log.csv?since=30d"' in html


async def test_a_bad_filter_says_why_and_keeps_the_page(browser: Browser,
                                                        log: dict[str, Any]) -> None:
    response = await browser.get("/ringkasan?outcome=hilang")
    assert response.status == 200
    assert "Nilai &#39;outcome&#39; tidak dikenal" in await response.text()


async def test_the_log_searches_filters_and_escapes(browser: Browser,
                                                    log: dict[str, Any]) -> None:
    found = await get_json(browser, "/log.json?q=posyandu")
    assert [r["question"] for r in found["rows"]] == [
        "jadwal posyandu bulan ini", "jadwal posyandu bulan ini kak", SCRIPT]
    answered = await get_json(browser, "/log.json?outcome=answer&feedback=up")
    assert [r["id"] for r in answered["rows"]] == [log["answer"].id]
    assert answered["rows"][0]["presses"] == 2
    html = await (await browser.get("/log?q=posyandu")).text()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; jadwal posyandu?" in html
    assert "<script>alert" not in html
    listed = await (await browser.get("/log?outcome=answer&feedback=up")).text()
    assert f'href="/log/{log["answer"].id}"' in listed


async def test_the_log_pages_keep_the_filter(browser: Browser, dashboard: RunningDashboard,
                                             log: dict[str, Any]) -> None:
    store(dashboard.dashboard.engine, [asked(f"pertanyaan nomor {n}", "fallback",
                                             created_at=T0 - timedelta(minutes=n))
                                       for n in range(1, 61)])
    first = await get_json(browser, "/log.json?q=nomor")
    assert (first["total"], first["pages"], len(first["rows"])) == (60, 2, 50)
    html = await (await browser.get("/log?q=nomor")).text()
    assert 'href="?since=30d&amp;q=nomor&amp;page=2"' in html
    second = await get_json(browser, "/log.json?q=nomor&page=2")
    assert [r["question"] for r in second["rows"]][-1] == "pertanyaan nomor 60"


async def test_a_question_shows_its_button_presses(browser: Browser,
                                                   log: dict[str, Any]) -> None:
    data = await get_json(browser, f"/log/{log['answer'].id}.json")
    assert [(p["kind"], p["value"]) for p in data["rows"]] == [
        ("feedback", "up"), ("related", "program.tujuan")]
    html = await (await browser.get(f"/log/{log['answer'].id}")).text()
    assert "Umpan balik" in html and "Topik terkait" in html


async def test_the_entry_page_shows_its_use_feedback_and_versions(
        browser: Browser, log: dict[str, Any]) -> None:
    data = await get_json(browser, "/entri/program.apa-itu.json")
    assert data["title"] and data["given"] == 2 and data["up"] == 1
    assert sorted((v["knowledge_version"], v["count"]) for v in data["versions"]) == [
        ("v1", 1), ("v2", 1)]
    assert [q["question"] for q in data["questions"]] == [
        "smart city itu apa sih", "apa itu smart city"]
    html = await (await browser.get("/entri/program.apa-itu")).text()
    assert f"<h1>{data['title']}</h1>" in html


async def test_the_clusters_group_the_gap_with_a_snippet(browser: Browser,
                                                         log: dict[str, Any]) -> None:
    data = await get_json(browser, "/klaster.json")
    biggest = data["rows"][0]
    assert biggest["size"] == 2 and biggest["citizens"] == 2
    assert "jadwal posyandu bulan ini" in biggest["examples"]
    assert biggest["snippet"]
    html = await (await browser.get("/klaster")).text()
    assert f'data-copy="snippet-{biggest["key"]}"' in html
    assert "<script>alert" not in html


async def test_exports_hold_the_filtered_rows_and_are_audited(
        browser: Browser, dashboard: RunningDashboard, dashboard_clock: Clock,
        log: dict[str, Any]) -> None:
    response = await browser.get("/ekspor/log.csv?q=posyandu&since=30d")
    assert response.status == 200
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="smartcity-log-2026-03-02.csv"'
    rows = list(csv.reader(io.StringIO((await response.text()).lstrip("\ufeff"))))
    assert rows[0][:3] == ["id", "created_at", "channel"] and len(rows) == 4
    assert "'" + SCRIPT not in [r[5] for r in rows]  # no formula: left as typed
    dashboard_clock.advance(seconds=1)
    entries = await browser.get("/ekspor/entri.csv?since=all")
    assert list(csv.reader(io.StringIO((await entries.text()).lstrip("\ufeff")))) == [
        ["entry_id", "count"], ["program.apa-itu", "2"], ["pilar.daftar", "1"]]
    exports = [e for e in recent_audit(dashboard.dashboard.engine) if e.action == "export"]
    assert [(e.staff_name, e.detail) for e in exports] == [
        ("budi", "entri?since=all"), ("budi", "log?since=30d&q=posyandu")]
    assert (await browser.get("/ekspor/tidak-ada.csv")).status == 404
    assert (await browser.get("/ekspor/log.csv?from=kemarin")).status == 400
