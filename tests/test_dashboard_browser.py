"""Staff read the question log in a real browser, after citizens asked the running bot.

The whole product runs as `smartcity-bot run` starts it without a token: the local Bot API
server (simulator), the real bot polling it, and the dashboard beside them. Citizens ask
through the simulator's /sim API; a staff member logs in with Debian's `chromium`.
"""

from __future__ import annotations

import csv
import io
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
GAP = "jadwal posyandu bulan ini"
QUESTIONS = ["apa itu smart city", "kab siak ikut sc gak?", SCRIPT_QUESTION,
             "resep rendang padang", GAP, GAP + " kak"]


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


async def test_staff_see_the_questions_citizens_asked(product: Started, browser: Browser,
                                                      tmp_path: Path) -> None:
    assert product.dashboard is not None
    base = product.dashboard.url
    context = await browser.new_context(accept_downloads=True)
    await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = await context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    await log_in(page, base)

    # The overview: key figures and charts built from what the citizens just asked.
    await expect(page.locator(".figures strong").first).to_have_text(str(len(QUESTIONS)))
    volume = page.locator("figure", has_text="Pertanyaan per hari").locator("svg rect title")
    await expect(volume).to_have_count(1)
    await expect(volume).to_have_text(re.compile(f"· Pertanyaan: {len(QUESTIONS)}$"))
    mix = page.locator("figure", has_text="Hasil per hari").locator("svg rect title")
    await expect(mix.filter(has_text=re.compile("· Terjawab: 2$"))).to_have_count(1)
    await expect(mix.filter(has_text=re.compile("· Tidak terjawab: 4$"))).to_have_count(1)
    top = page.locator("figure", has_text="Entri paling sering diberikan")
    await expect(top.locator("svg rect title", has_text="program.apa-itu: 1")).to_have_count(1)

    # The clusters: the gap asked twice comes first; its snippet is copied.
    await page.click("nav >> text=Belum terjawab")
    first = page.locator("article.cluster").first
    await expect(first.locator("h2")).to_have_text("2 pertanyaan dari 2 warga")
    await expect(first.locator("li", has_text=GAP)).to_have_count(2)
    await first.get_by_role("button", name="Salin YAML").click()
    await expect(first.locator(".copy-status")).to_have_text("Tersalin.")
    copied = await page.evaluate("navigator.clipboard.readText()")
    assert copied == await first.locator("pre.snippet").text_content()
    assert GAP in copied

    # The log: search, filter, and the <script> question shown as text.
    await page.click("nav >> text=Log pertanyaan")
    await expect(page.locator("td.question", has_text=SCRIPT_QUESTION)).to_have_count(1)
    await page.fill("input[name=q]", "posyandu")
    await page.click("text=Terapkan")
    await expect(page.locator("td.question")).to_have_count(2)
    await page.select_option("select[name=outcome]", "answer")
    await page.fill("input[name=q]", "")
    await page.click("text=Terapkan")
    await expect(page).to_have_url(re.compile(r"outcome=answer"))
    await expect(page.locator("td.question")).to_have_count(2)
    await page.select_option("select[name=outcome]", "fallback")
    await page.click("text=Terapkan")
    await expect(page.locator("td.question")).to_have_count(4)

    # The export: the filtered log as CSV.
    async with page.expect_download() as download_info:
        await page.click("text=Seluruh log (filter ini)")
    download = await download_info.value
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    exported = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert exported[0][5] == "question" and len(exported) == 5
    assert {row[6] for row in exported[1:]} == {"fallback"}
    assert SCRIPT_QUESTION in {row[5] for row in exported[1:]}
    assert dialogs == []

    # Logging out ends the session.
    await page.click("text=Keluar")
    await expect(page.locator(".notice")).to_have_text("Anda telah keluar.")
    await page.goto(base + "/log")
    await expect(page.locator("h1")).to_have_text("Masuk ke dasbor staf")


async def test_the_one_time_link_lets_a_newcomer_in(product: Started, browser: Browser) -> None:
    assert product.dashboard is not None
    page = await browser.new_page()
    await page.goto(product.dashboard.one_time_link())
    await expect(page.locator(".who")).to_have_text("lokal (editor)")
    await expect(page.locator(".figures strong").first).to_have_text(str(len(QUESTIONS)))
