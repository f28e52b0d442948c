"""Greetings: the `/start` message, and small talk answered in kind with the topic menu.

"Assalamualaikum, selamat pagi min" is returned with "Waalaikumsalam." and, like "halo, mau
tanya", offers the same topic buttons as `/start`, so a citizen who only greets still sees
where to begin.
"""

from __future__ import annotations

from bot import callback_data, known_ids
from bot.knowledge_types import Entry
from bot.matcher import Matcher, MatchResult
from bot.normalize import basic_tokens
from bot.reply_types import Button, Keyboard, Reply
from bot.telegram_html import escape

GREETINGS = frozenset({"smalltalk.salam", "smalltalk.bertanya"})  # answered with the menu
GREETINGS_IN_KIND = (  # a greeting returned in kind, as the asker wrote it
    ("alaikum", "Waalaikumsalam."), ("sampurasun", "Rampes."), ("horas", "Horas!"),
    ("swastiastu", "Om swastiastu."), ("tabea", "Tabea!"), ("yaahowu", "Yaahowu!"),
)
MENU_ENTRIES = (  # /start menu: (button text, entry id or menu name)
    (("Tentang Program", known_ids.PROGRAMME), ("6 Pilar", known_ids.PILLARS)),
    (("Daerah Peserta", "daerah"), ("Cara Bergabung", known_ids.HOW_TO_JOIN)),
    (("Bantuan", "bantuan"),),
)
PRIVACY_NOTICE = ("🔒 Pertanyaan Anda dicatat tanpa identitas untuk memperbaiki jawaban; mohon "
                  "jangan mengirim data pribadi. Selengkapnya: /privasi")


def greeting(first_name: str | None) -> Reply:
    """The `/start` message with the menu."""
    name = f", {escape(first_name)}" if first_name else ""
    html = (f"Halo{name}! Saya bot informasi <b>Gerakan Menuju Smart City</b>. Silakan tulis "
            "pertanyaan Anda, atau pilih topik di bawah ini.\n\n" + PRIVACY_NOTICE)
    return Reply(html, menu_rows())


def small_talk_reply(matcher: Matcher, result: MatchResult, entry: Entry) -> Reply:
    """Small talk; a greeting is returned in kind and offers the topics of `/start`."""
    html = matcher.render(entry)
    if entry.id not in GREETINGS:
        return Reply(html)
    said = "".join(basic_tokens(result.query.replace("'", "").replace("’", "")))
    answer = next((reply for word, reply in GREETINGS_IN_KIND if word in said), None)
    if answer:
        html = f"{answer} {html}"
    return Reply(html, menu_rows())


def menu_rows() -> Keyboard:
    """The topic buttons of `/start`."""
    rows = []
    for row in MENU_ENTRIES:
        buttons = []
        for text, target in row:
            if target in callback_data.MENUS:
                buttons.append(Button(text, callback_data.menu(target)))
            else:
                buttons.append(Button(text, callback_data.open_entry(target)))
        rows.append(tuple(buttons))
    return tuple(rows)
