"""A printable A4 poster for one entry: its title, a short text and a QR code of its deep link.

A region office prints it for a notice board; a citizen scans the code and lands in a private
chat with the bot on that very answer (`https://t.me/<bot>?start=<payload>`). Each arrival is
logged with its payload (channel `deeplink`), so the dashboard can show which poster works.
The page is drawn with Pillow at PRINT_DPI and saved as PNG or as a one-page PDF; the QR code
is made by segno; the text is set in the vendored DejaVu Sans (bot/fonts, licence beside it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

FONT = Path(__file__).resolve().parent / "fonts" / "DejaVuSans.ttf"
PRINT_DPI = 200
A4_MM = (210, 297)
PAGE = (round(A4_MM[0] / 25.4 * PRINT_DPI), round(A4_MM[1] / 25.4 * PRINT_DPI))  # (1654, 2339)
MARGIN = 130
BLUE = (20, 70, 130)
INK = (30, 30, 30)
GREY = (100, 100, 100)
QR_SIZE = 900  # pixels: about 11 cm, easy to scan from a metre away
POSTER_TEXT_CHARS = 420
SUFFIXES = (".png", ".pdf")


@dataclass(frozen=True)
class PosterText:
    """What the page says."""

    title: str
    text: str  # plain text, a short paragraph
    link: str  # the deep link the QR code holds, printed below it too


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def _wrapped(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont,
             width: int) -> list[str]:
    """Lines of `text` no wider than `width` pixels, words kept whole, line breaks kept."""
    lines: list[str] = []
    for paragraph in text.splitlines():
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and draw.textlength(candidate, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _qr_image(link: str) -> Image.Image:
    """The QR code of `link`, QR_SIZE pixels wide with its quiet zone."""
    code = segno.make(link, error="m", micro=False)
    buffer = io.BytesIO()
    width, _ = code.symbol_size(scale=1, border=4)
    code.save(buffer, kind="png", scale=max(1, QR_SIZE // width), border=4)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def draw_poster(poster: PosterText) -> Image.Image:
    """The A4 page as an image (RGB, PRINT_DPI)."""
    page = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(page)
    width = PAGE[0] - 2 * MARGIN
    y = MARGIN
    draw.rectangle((0, 0, PAGE[0], 40), fill=BLUE)
    draw.text((MARGIN, y), "Tanya smartcity-bot di Telegram", font=_font(46), fill=BLUE)
    y += 110
    title_font = _font(84)
    for line in _wrapped(draw, poster.title, title_font, width):
        draw.text((MARGIN, y), line, font=title_font, fill=INK, stroke_width=2,
                  stroke_fill=INK)
        y += 105
    y += 30
    body_font = _font(40)
    for line in _wrapped(draw, poster.text, body_font, width)[:9]:
        draw.text((MARGIN, y), line, font=body_font, fill=INK)
        y += 56
    qr = _qr_image(poster.link)
    y = max(y + 50, PAGE[1] - MARGIN - 330 - qr.height)
    page.paste(qr, ((PAGE[0] - qr.width) // 2, y))
    y += qr.height + 20
    for text, size, colour in (
            ("Pindai kode QR ini dengan kamera ponsel untuk membuka jawabannya di Telegram.",
             36, INK),
            (poster.link, 34, BLUE),
            ("Bot ini bukan kanal resmi pemerintah. Untuk kepastian, hubungi Diskominfo "
             "daerah Anda.", 30, GREY)):
        font = _font(size)
        for line in _wrapped(draw, text, font, width):
            draw.text(((PAGE[0] - draw.textlength(line, font=font)) / 2, y), line, font=font,
                      fill=colour)
            y += size + 16
        y += 14
    return page


def save_poster(poster: PosterText, path: Path) -> None:
    """Draw the page and save it as PNG or PDF (by the file's suffix)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"{path.name}: a poster is saved as .png or .pdf")
    image = draw_poster(poster)
    image.save(path, "PDF" if suffix == ".pdf" else "PNG", resolution=PRINT_DPI,
               **({"dpi": (PRINT_DPI, PRINT_DPI)} if suffix == ".png" else {}))
