"""The simulator in a real browser: ask, see the answer, press a button, see the follow-up.

Needs Debian's `chromium` (driven by Playwright). Without it the test is skipped with the
reason, except in CI (CI=true), where it fails: CI must run it.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from botkit import make_settings, opening
from playwright.async_api import async_playwright, expect

from bot import known_ids
from bot.matcher import Matcher
from bot.telegram_html import visible_text
from cli.run import start

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail("chromium is not installed, and CI=true requires the browser tests")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return path


async def test_a_citizen_chats_in_the_simulator_page(tmp_path: Path, chromium: str,
                                                     matcher: Matcher) -> None:
    settings = make_settings(tmp_path, simulator_port=0)
    programme = matcher.entry(known_ids.PROGRAMME)
    pillars = matcher.entry(known_ids.PILLARS)
    assert programme is not None and pillars is not None
    first_bold = re.search(r"<b>(.*?)</b>", matcher.render(programme))
    async with start(settings) as running, async_playwright() as playwright:
        assert running.simulator_url is not None
        browser = await playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            await page.goto(running.simulator_url)
            await page.fill("#input", "apa itu smart city")
            await page.click("#send")
            answer = page.locator(".msg.bot").first
            await expect(answer).to_contain_text(opening(matcher, known_ids.PROGRAMME),
                                                 timeout=10_000)
            if first_bold:  # the answer's HTML reaches the page as HTML
                await expect(answer.locator("b").first).to_have_text(
                    visible_text(first_bold.group(1)))
            await answer.get_by_role("button", name=pillars.title).click()
            await expect(page.locator(".msg.bot")).to_have_count(2, timeout=10_000)
            await expect(page.locator(".msg.bot").nth(1)).to_contain_text(
                opening(matcher, known_ids.PILLARS))
            await answer.get_by_role("button", name="👍 Ya").click()
            await expect(page.locator("#toast")).to_have_text(
                "Terima kasih atas umpan balik Anda!", timeout=10_000)
            await expect(answer.get_by_role("button", name="👍 Ya")).to_have_count(0)
        finally:
            await browser.close()
