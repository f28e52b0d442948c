"""`smartcity-bot poster ENTRY_ID [--out FILE]`: a printable page with the entry's QR code.

The deep link needs the bot's username: BOT_USERNAME, or else Telegram's getMe with
TELEGRAM_BOT_TOKEN (against TELEGRAM_API_BASE_URL).
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from telegram import Bot
from telegram.error import TelegramError

from bot.callback_data import deep_link, start_payload
from bot.config import Settings
from bot.poster import POSTER_TEXT_CHARS, SUFFIXES, PosterText, save_poster
from bot.replies import first_paragraph
from bot.telegram_html import visible_text
from cli.ask import load_matcher


async def bot_username(settings: Settings) -> str | None:
    """BOT_USERNAME, or the username Telegram gives the token (None without either)."""
    if settings.bot_username:
        return settings.bot_username
    token = settings.telegram_bot_token.get_secret_value()
    if not token:
        return None
    async with Bot(token, base_url=settings.telegram_api_base_url) as bot:
        return (await bot.get_me()).username


def poster(settings: Settings, entry_id: str, out: Path | None) -> int:
    """Make the poster of `entry_id`; return the exit code."""
    path = out or Path(f"poster-{start_payload(entry_id)}.png")
    if path.suffix.lower() not in SUFFIXES:
        print(f"{path.name}: simpan poster sebagai .png atau .pdf", file=sys.stderr)
        return 2
    matcher = load_matcher(settings)
    if matcher is None:
        return 1
    entry = matcher.entry(entry_id)
    if entry is None:
        print(f"Entri {entry_id!r} tidak ada — periksa id-nya dengan `smartcity-bot ask` atau "
              "di berkas knowledge/", file=sys.stderr)
        return 1
    try:
        username = asyncio.run(bot_username(settings))
    except TelegramError as error:
        print(f"Nama bot tidak dapat ditanyakan ke Telegram ({type(error).__name__}) — isi "
              "BOT_USERNAME", file=sys.stderr)
        return 1
    if not username:
        print("Nama bot belum diketahui — isi BOT_USERNAME (tanpa @) atau TELEGRAM_BOT_TOKEN",
              file=sys.stderr)
        return 2
    text = visible_text(first_paragraph(matcher.render(entry, footer=False),
                                        POSTER_TEXT_CHARS))
    link = deep_link(username, entry.id)
    try:
        save_poster(PosterText(entry.title, text, link), path)
    except OSError as error:
        print(f"{path} tidak dapat ditulis ({error.strerror})", file=sys.stderr)
        return 1
    print(f"Poster {entry.id} disimpan di {path} (tautan {link})")
    return 0
