"""Posters: a printable A4 page whose QR code opens the bot on one entry.

The QR codes are read back with a decoder (zxing-cpp), from the PNG and from the image inside
the PDF, and must equal the entry's deep link.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from bot import known_ids
from bot.callback_data import deep_link
from bot.config import Settings
from bot.poster import PRINT_DPI
from cli.poster import bot_username, poster
from simulator import LocalBotApi

ROOT = Path(__file__).resolve().parent.parent
A4_POINTS = (595.28, 841.89)


def settings_for(tmp_path: Path, **values: str) -> Settings:
    return Settings.load(env={"KNOWLEDGE_DIR": str(ROOT / "knowledge"), **values},
                         env_file=tmp_path / "none")


def decoded(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("entry_id", [known_ids.PILLARS, "daerah.kota-bandung"])
def test_a_png_poster_holds_the_deep_link_of_its_entry(
        tmp_path: Path, entry_id: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "poster.png"
    settings = settings_for(tmp_path, BOT_USERNAME="smartcity_bot")
    assert poster(settings, entry_id, out) == 0
    link = deep_link("smartcity_bot", entry_id)
    assert link in capsys.readouterr().out
    with Image.open(out) as image:
        assert decoded(image) == [link]
        width, height = image.size
        assert round(width / PRINT_DPI * 25.4) == 210 and round(height / PRINT_DPI * 25.4) == 297


def test_a_pdf_poster_is_one_a4_page_whose_qr_code_decodes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "poster.pdf"
    settings = settings_for(tmp_path, BOT_USERNAME="@smartcity_bot")
    assert poster(settings, known_ids.HOW_TO_JOIN, out) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    box = re.search(rb"/MediaBox \[ 0 0 ([\d.]+) ([\d.]+) \]", data)
    assert box is not None
    assert [abs(float(v) - a4) < 1 for v, a4 in zip(box.groups(), A4_POINTS, strict=True)] \
        == [True, True]
    assert re.search(rb"/Count 1\b", data)  # one page
    start = data.index(b"stream", data.index(b"/DCTDecode")) + len(b"stream")
    jpeg = data[start:data.index(b"endstream", start)].strip(b"\r\n")
    with Image.open(io.BytesIO(jpeg)) as page:
        assert decoded(page) == [deep_link("smartcity_bot", known_ids.HOW_TO_JOIN)]


async def test_the_username_comes_from_getme_without_bot_username(tmp_path: Path) -> None:
    async with LocalBotApi() as api:
        settings = settings_for(tmp_path, TELEGRAM_BOT_TOKEN=api.token,
                                TELEGRAM_API_BASE_URL=api.base_url,
                                USER_KEY_SECRET="s" * 32)
        username = await bot_username(settings)
        assert username and api.calls_to("getMe")
        assert username == api.state.bots[api.token]["username"]


def test_an_unknown_entry_or_no_username_is_refused_with_a_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "poster.png"
    assert poster(settings_for(tmp_path, BOT_USERNAME="smartcity_bot"), "program.tidak-ada",
                  out) == 1
    assert "Entri 'program.tidak-ada' tidak ada" in capsys.readouterr().err
    assert poster(settings_for(tmp_path), known_ids.PILLARS, out) == 2
    assert "BOT_USERNAME" in capsys.readouterr().err
    assert poster(settings_for(tmp_path, BOT_USERNAME="smartcity_bot"), known_ids.PILLARS,
                  tmp_path / "poster.jpg") == 2
    assert not out.exists()
