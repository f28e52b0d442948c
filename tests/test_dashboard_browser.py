"""Staff read the question log in a real browser, after citizens asked the running bot.

The whole product runs as `smartcity-bot run` starts it without a token: the local Bot API
server (simulator), the real bot polling it, and the dashboard beside them. Citizens ask
through the simulator's /sim API; a staff member logs in with Debian's `chromium`.
"""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from botkit import make_settings, stored
from dashboardkit import PASSWORD, add_account
from playwright.async_api import Browser, Page, async_playwright, expect
from storagekit import wait_until
from test_simulator_browser import CHROMIUM_ARGS, chromium  # noqa: F401 - fixture

from cli.run import Started, start

pytestmark = pytest.mark.browser

ARGS = [*CHROMIUM_ARGS, "--disable-component-update", "--no-first-run"]
SCRIPT_QUESTION = "<script>alert('x')</script> harga cabai hari ini?"
QUESTIONS = ["apa itu smart city", "kab siak ikut sc gak?", SCRIPT_QUESTION,
             "resep rendang padang"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
async def product(tmp_path: Path) -> AsyncIterator[Started]:
    """`smartcity-bot run` without a token, with citizens' questions already in the log."""
    settings = make_settings(tmp_path, simulator_port=0, dashboard_port=free_port())
    add_account(settings, "budi")
    url = settings.database_url.get_secret_value()
    async with start(settings) as running, aiohttp.ClientSession() as http:
        assert running.simulator_url is not None
        for number, text in enumerate(QUESTIONS):
            response = await http.post(running.simulator_url + "sim/send",
                                       json={"chat_id": 2001 + number, "text": text})
            assert response.status == 200
        await wait_until(lambda: len(stored(url, "questions")) == len(QUESTIONS), 15)
        yield running


@pytest.fixture
async def browser(chromium: str) -> AsyncIterator[Browser]:  # noqa: F811
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            yield launched
        finally:
            await launched.close()


async def log_in(page: Page, base: str) -> None:
    await page.goto(base + "/")
    await expect(page.locator("h1")).to_have_text("Masuk ke dasbor staf")
    await page.fill("#name", "budi")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await expect(page.locator("h1")).to_have_text("Ringkasan")


async def test_staff_see_the_questions_citizens_asked(product: Started,
                                                      browser: Browser) -> None:
    assert product.dashboard is not None
    base = product.dashboard.url
    page = await browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    await log_in(page, base)
    await expect(page.locator(".figures strong").first).to_have_text("4")
    outcome_chart = page.locator("figure", has_text="Hasil jawaban").locator("svg")
    bars = outcome_chart.locator("rect title")
    await expect(bars.filter(has_text=re.compile("^Terjawab: 2$"))).to_have_count(1)
    await expect(bars.filter(has_text=re.compile("^Tidak terjawab: 2$"))).to_have_count(1)
    await expect(page.locator("td.question", has_text=SCRIPT_QUESTION)).to_have_count(1)
    assert dialogs == []
    await page.click("text=Keluar")
    await expect(page.locator(".notice")).to_have_text("Anda telah keluar.")
    await page.goto(base + "/ringkasan")
    await expect(page.locator("h1")).to_have_text("Masuk ke dasbor staf")


async def test_the_one_time_link_lets_a_newcomer_in(product: Started, browser: Browser) -> None:
    assert product.dashboard is not None
    page = await browser.new_page()
    await page.goto(product.dashboard.one_time_link())
    await expect(page.locator(".who")).to_have_text("lokal (editor)")
    await expect(page.locator(".figures strong").first).to_have_text("4")
