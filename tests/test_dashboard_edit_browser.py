"""An editor turns a gap into knowledge in a real browser, and undoes it.

The whole product runs as `smartcity-bot run` starts it without a token (simulator, bot,
dashboard), on a copy of the knowledge in tmp. Citizens ask through the simulator; the editor
accepts their cluster into the nearest entry with Debian's `chromium`; then `smartcity-bot ask`
and the running bot answer those questions with that entry; undo restores the file byte for
byte and the gap is a gap again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from botkit import make_settings, stored
from dashboardkit import PASSWORD, add_account
from playwright.async_api import Browser, expect
from storagekit import wait_until
from test_dashboard_browser import browser, free_port  # noqa: F401 - fixture
from test_simulator_browser import chromium  # noqa: F401 - fixture

from bot.config import Settings
from bot.staff import Role
from cli.run import Started, start

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
GAP = "kapan pengumuman peserta tahun depan"
TYPED = "pengumuman peserta smart city berikutnya kapan"  # the editor's own, in an empty row
ENTRY = "program.status"  # chosen by the editor (the nearest entry is pre-selected)


def ask(settings: Settings, question: str) -> dict[str, Any]:
    """`smartcity-bot ask --json` on the knowledge the product serves."""
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    done = subprocess.run(  # noqa: S603 - our own CLI
        [sys.executable, "-m", "cli", "--knowledge", str(settings.knowledge_dir), "ask",
         "--json", question], capture_output=True, text=True, cwd=REPO, env=env, timeout=60,
        check=True)
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture
async def product(tmp_path: Path) -> AsyncIterator[tuple[Started, Settings]]:
    """The product on a knowledge copy, with the gap asked by two citizens."""
    shutil.copytree(REPO / "knowledge", tmp_path / "knowledge")
    settings = make_settings(tmp_path, simulator_port=0, dashboard_port=free_port(),
                             knowledge_dir=tmp_path / "knowledge")
    add_account(settings, "siti", Role.EDITOR)
    url = settings.database_url.get_secret_value()
    async with start(settings) as running:
        await citizens_ask(running, url, [GAP, GAP + " kak"])
        yield running, settings


async def citizens_ask(running: Started, url: str, questions: list[str]) -> list[dict[str, Any]]:
    assert running.simulator_url is not None
    before = len(stored(url, "questions"))
    async with aiohttp.ClientSession() as http:
        for number, text in enumerate(questions):
            response = await http.post(running.simulator_url + "sim/send",
                                       json={"chat_id": 3001 + before + number, "text": text})
            assert response.status == 200
    await wait_until(lambda: len(stored(url, "questions")) == before + len(questions), 15)
    return stored(url, "questions")[before:]


async def test_an_editor_accepts_a_cluster_then_undoes_it(
        product: tuple[Started, Settings], browser: Browser) -> None:  # noqa: F811
    running, settings = product
    assert running.dashboard is not None
    path = settings.knowledge_dir / "program.yaml"
    original = path.read_bytes()
    assert ask(settings, GAP)["outcome"] == "fallback"

    page = await browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    await page.goto(running.dashboard.url + "/")
    await page.fill("#name", "siti")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit]")
    await expect(page.locator("h1")).to_have_text("Ringkasan")

    # The gap, asked twice, is the first cluster; the editor opens it as an edit.
    await page.click("nav >> text=Belum terjawab")
    first = page.locator("article.cluster").first
    await expect(first.locator("h2")).to_have_text("2 pertanyaan dari 2 warga")
    await first.get_by_role("link", name="Jadikan pengetahuan").click()
    await expect(page.locator("h1")).to_have_text("Jadikan pengetahuan")
    nearest = await page.locator("section.card p code").first.text_content()
    form = page.locator("#tambah-contoh form")
    await expect(form.locator("select[name=entry_id]")).to_have_value(nearest or "?")
    await form.locator("select[name=entry_id]").select_option(ENTRY)
    await expect(form.locator("input[name=q0]")).to_have_value(GAP)
    await expect(form.locator("#pilih-0")).to_be_checked()
    await form.locator("input[name=q1]").fill(TYPED)
    await form.get_by_role("button", name="Tambahkan ke entri").click()

    # Saved, live, and recorded with its diff.
    await expect(page.locator("#tersimpan")).to_contain_text("langsung dipakai bot")
    record = page.locator("article.edit-record").first
    await expect(record.locator("h2")).to_contain_text(ENTRY)
    await expect(record.locator(".muted")).to_contain_text("oleh siti")
    await record.locator("summary").click()
    await expect(record.locator("pre.diff .add", has_text=TYPED)).to_have_count(1)
    for question in (GAP, TYPED):
        answer = ask(settings, question)
        assert (answer["outcome"], answer["entry_id"]) == ("answer", ENTRY)
    [again] = await citizens_ask(running, settings.database_url.get_secret_value(), [GAP])
    assert (again["outcome"], again["entry_id"]) == ("answer", ENTRY)  # the bot, at once

    # Undo: the file is back byte for byte, and the gap is a gap again.
    await record.get_by_role("button", name="Urungkan").click()
    await expect(page.locator("#tersimpan")).to_contain_text("kembali persis seperti sebelumnya")
    await expect(page.locator("article.edit-record")).to_have_count(2)
    await expect(page.locator(".undone")).to_contain_text("Diurungkan oleh siti")
    assert path.read_bytes() == original
    assert ask(settings, GAP)["outcome"] == "fallback"
    [after] = await citizens_ask(running, settings.database_url.get_secret_value(), [GAP])
    assert after["outcome"] == "fallback"
    assert dialogs == []
