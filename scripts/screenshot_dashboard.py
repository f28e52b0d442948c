"""Make the README's screenshot of the dashboard overview (docs/dashboard.png).

Usage: python scripts/screenshot_dashboard.py [--rows 20000] [--out docs/dashboard.png]

Seeds a temporary SQLite log with the reports' seeding code (scripts/seed_log.py), serves the
dashboard on 127.0.0.1 with its clock at the seeded log's last day, logs in through a
one-time link in Debian's headless chromium (Playwright) and saves the overview as a PNG,
which must stay under 200 KB.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from playwright.async_api import async_playwright  # noqa: E402
from seed_log import END, seed  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.storage import create_engine  # noqa: E402
from dashboard.server import serving  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
MAX_BYTES = 200_000


async def shoot(rows: int, out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'log.db'}"
        engine = create_engine(url)
        seed(engine, rows)
        engine.dispose()
        settings = Settings.load(env={}, env_file=Path(folder) / "none", database_url=url,
                                 knowledge_dir=ROOT / "knowledge")
        async with serving(settings, port=0, clock=lambda: END) as running, \
                async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = await browser.new_page(viewport={"width": 1200, "height": 1000})
            await page.goto(running.one_time_link())
            await page.wait_for_selector("svg.chart")
            await page.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": 1200,
                                                       "height": 1000})
            await browser.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "dashboard.png")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot(args.rows, args.out))
    size = args.out.stat().st_size
    print(f"{args.out}: {size // 1000} KB")
    return 0 if size < MAX_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
