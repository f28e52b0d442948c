"""The dashboard's doors: login, logout, sessions, CSRF, rate limits and security headers."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from dashboardkit import PASSWORD, Browser, Clock
from yarl import URL

from bot.staff import recent_audit
from dashboard.server import RunningDashboard

PAGES = ["/", "/ringkasan", "/klaster", "/log", "/log/0123abcd", "/entri/program.apa-itu"]
DATA = ["/ringkasan.json", "/ringkasan?format=json", "/ringkasan.csv", "/klaster.json",
        "/klaster.csv", "/log.json", "/log.csv", "/log/0123abcd.json",
        "/entri/program.apa-itu.json", "/entri/program.apa-itu.csv", "/ekspor/log.csv",
        "/ekspor/volume.csv", "/ekspor/klaster.csv"]


@pytest.mark.parametrize("path", PAGES)
async def test_a_page_without_a_session_sends_to_the_login(browser: Browser, path: str) -> None:
    response = await browser.get(path + "?since=7d")
    assert response.status == 303
    location = URL(response.headers["Location"])
    assert location.path == "/login" and location.query["next"] == path + "?since=7d"


@pytest.mark.parametrize("path", DATA)
async def test_json_and_csv_without_a_session_get_401(browser: Browser, path: str) -> None:
    response = await browser.get(path)
    assert response.status == 401
    assert (await response.json())["error"] == "Silakan masuk terlebih dahulu."


async def test_a_staff_member_logs_in_and_returns_to_the_page_asked_for(
        browser: Browser, dashboard: RunningDashboard) -> None:
    response = await browser.login("Budi", next_page="/ringkasan?since=7d")
    assert response.status == 303 and response.headers["Location"] == "/ringkasan?since=7d"
    cookie = SimpleCookie(response.headers["Set-Cookie"])["sc_session"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
    page = await browser.get("/ringkasan")
    assert page.status == 200 and "budi (viewer)" in await page.text()
    events = recent_audit(dashboard.dashboard.engine)
    assert [(e.staff_name, e.action, e.address) for e in events] == [
        ("budi", "login", "127.0.0.1")]


@pytest.mark.parametrize("target", ["https://elsewhere.example/", "//elsewhere.example/x"])
async def test_login_never_sends_to_another_site(browser: Browser, target: str) -> None:
    response = await browser.login(next_page=target)
    assert response.headers["Location"] == "/"


async def test_a_wrong_password_is_refused_and_audited(browser: Browser, dashboard_clock: Clock,
                                                       dashboard: RunningDashboard) -> None:
    response = await browser.login("budi", "salah-sekali-sandinya")
    assert response.status == 401
    assert "Nama atau kata sandi salah." in await response.text()
    dashboard_clock.advance(seconds=1)
    await browser.login("sandi-yang-diketik-di-kolom-nama", PASSWORD)
    assert (await browser.get("/ringkasan")).status == 303
    events = recent_audit(dashboard.dashboard.engine)
    assert [(e.staff_name, e.action) for e in events] == [
        ("(tidak dikenal)", "login_failed"), ("budi", "login_failed")]


async def test_a_form_without_its_csrf_token_fails(browser: Browser) -> None:
    response = await browser.post("/login", {"name": "budi", "password": PASSWORD},
                                  token_from=None)
    assert response.status == 403 and "kedaluwarsa" in await response.text()
    forged = await browser.post("/login", {"name": "budi", "password": PASSWORD,
                                           "csrf_token": "0" * 64}, token_from=None)
    assert forged.status == 403
    await browser.login()
    logout = await browser.post("/logout", {}, token_from=None)
    assert logout.status == 403
    assert (await browser.get("/ringkasan")).status == 200  # still logged in


async def test_logout_ends_the_session_for_good(browser: Browser, dashboard_clock: Clock,
                                                dashboard: RunningDashboard) -> None:
    await browser.login()
    stolen = browser.session.cookie_jar.filter_cookies(URL(browser.base))["sc_session"].value
    dashboard_clock.advance(seconds=1)
    response = await browser.post("/logout", {}, token_from="/ringkasan")
    assert response.status == 303 and response.headers["Location"] == "/login?keluar=1"
    assert (await browser.get("/ringkasan")).status == 303
    replay = await browser.get("/ringkasan", cookies={"sc_session": stolen})
    assert replay.status == 303
    assert "Anda telah keluar." in await (await browser.get("/login?keluar=1")).text()
    assert [e.action for e in recent_audit(dashboard.dashboard.engine)][:2] == [
        "logout", "login"]


async def test_a_forged_session_cookie_is_refused(browser: Browser) -> None:
    await browser.login()
    real = browser.session.cookie_jar.filter_cookies(URL(browser.base))["sc_session"].value
    token, _, _mac = real.rpartition(".")
    for forged in (token, token + ".0000", "x." + _mac):
        assert (await browser.get("/ringkasan", cookies={"sc_session": forged})).status == 303


async def test_an_idle_session_ends(browser: Browser,
                                    dashboard_clock: Clock) -> None:
    await browser.login()
    dashboard_clock.advance(minutes=29)
    assert (await browser.get("/ringkasan")).status == 200
    dashboard_clock.advance(minutes=29)
    assert (await browser.get("/ringkasan")).status == 200
    dashboard_clock.advance(minutes=30)
    assert (await browser.get("/ringkasan")).status == 303


async def test_a_session_ends_after_its_absolute_limit(browser: Browser,
                                                       dashboard_clock: Clock) -> None:
    await browser.login()
    for _ in range(12 * 4 - 1):
        dashboard_clock.advance(minutes=15)
        assert (await browser.get("/ringkasan.json")).status == 200
    dashboard_clock.advance(minutes=15)
    assert (await browser.get("/ringkasan.json")).status == 401


async def test_failed_logins_are_limited_per_name(browser: Browser,
                                                  dashboard_clock: Clock) -> None:
    for _ in range(5):
        assert (await browser.login("budi", "tebakan-yang-salah")).status == 401
    blocked = await browser.login("budi", PASSWORD)
    assert blocked.status == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in await blocked.text()
    assert "15 menit" in await blocked.text()
    assert (await browser.login("siti", PASSWORD)).status == 303  # another name may log in
    dashboard_clock.advance(minutes=15)
    assert (await browser.login("budi", PASSWORD)).status == 303


async def test_failed_logins_are_limited_per_address(browser: Browser,
                                                     dashboard_clock: Clock) -> None:
    for number in range(20):
        assert (await browser.login(f"tebak{number}", "tebakan-yang-salah")).status == 401
    assert (await browser.login("budi", PASSWORD)).status == 429
    dashboard_clock.advance(minutes=16)
    assert (await browser.login("budi", PASSWORD)).status == 303


async def test_every_answer_carries_the_security_headers(browser: Browser) -> None:
    for response in (await browser.get("/login"), await browser.get("/ringkasan"),
                     await browser.get("/static/dashboard.css")):
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"


async def test_another_host_name_is_refused(browser: Browser) -> None:
    response = await browser.get("/login", headers={"Host": "rebind.example"})
    assert response.status == 403


async def test_the_one_time_link_works_once(browser: Browser,
                                            dashboard: RunningDashboard) -> None:
    link = dashboard.one_time_link()
    first = await browser.get(link.removeprefix(browser.base))
    assert first.status == 303
    page = await browser.get("/ringkasan")
    assert "lokal (editor)" in await page.text()
    await browser.post("/logout", {}, token_from="/ringkasan")
    again = await browser.get(link.removeprefix(browser.base))
    assert again.status == 403 and "sudah dipakai" in await again.text()
    assert (await browser.get("/masuk/tebakan")).status == 403
