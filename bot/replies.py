"""What the bot says: every reply as Telegram HTML plus inline buttons, built from plain data.

Handlers turn a `Reply` into a Telegram message (`bot.sending`); everything here is pure (no
`telegram` import), so the wording and the buttons are tested without an event loop. Text that
comes from citizens is escaped; knowledge answers are already valid Telegram HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from bot import callback_data, known_ids
from bot.citation import with_footer
from bot.commands import help_html
from bot.fallback_replies import Miss, fallback_reply, read_miss
from bot.followup import WHICH_TOPIC_REASON
from bot.followup_replies import followup_reply
from bot.greeting_replies import small_talk_reply
from bot.knowledge_schema import MAX_RELATED
from bot.knowledge_types import Entry
from bot.match_result import SAME_TOPIC_REASON
from bot.matcher import Matcher, MatchResult
from bot.outcome import MATCHED, Outcome
from bot.places_noted import places_note, regions_footer
from bot.region_answers import same_name_answer
from bot.reply_types import Button, Keyboard, Reply
from bot.telegram_html import check_html, escape, visible_text

PILLAR_PREFIX = "pilar."  # the six pillar entries and their overview
GROUP_ANSWER_CHARS = 700  # a group answer is cut to about this many characters
FEEDBACK_PROMPT = "Apakah jawaban ini membantu?"
WHERE_TO_ASK = (
    "Untuk pertanyaan lain, silakan hubungi Diskominfo kabupaten/kota Anda atau Direktorat "
    "Jenderal Aplikasi Informatika (Aptika) Komdigi. Untuk pengaduan tentang layanan "
    'publik, sampaikan melalui <b>SP4N-LAPOR!</b> di <a href="https://www.lapor.go.id">'
    "lapor.go.id</a>."
)
# Toasts (answerCallbackQuery texts, at most 200 characters).
FEEDBACK_THANKS = "Terima kasih atas umpan balik Anda!"
BUTTON_EXPIRED = "Maaf, tombol ini sudah tidak berlaku. Silakan bertanya lagi."


def help_reply() -> Reply:
    """The `/bantuan` message."""
    return Reply(help_html(), ((Button("Daerah Peserta", callback_data.menu("daerah")),),))


def entry_reply(matcher: Matcher, entry: Entry, *, record_id: str | None = None,
                feedback: bool = False, extra: Iterable[Entry] = (),
                also_asked: Sequence[Entry] = (), places: str = "") -> Reply:
    """A knowledge entry in a private chat, with related-entry buttons.

    Args:
        matcher: Renders the answer and looks up related entries.
        entry: The entry to show.
        record_id: The question this answers; carried in the buttons to link presses to it.
        feedback: Add "Apakah jawaban ini membantu?" with 👍/👎.
        extra: Entries to offer as buttons instead of the entry's own related entries.
        also_asked: Entries the message's other questions reach: offered first, and said so.
        places: The note on the regions the asker named (`places_note`), after the answer.
    """
    html = matcher.render(entry)
    if places:
        html += f"\n\n{places}"
    related = list(extra) or offered_entries(matcher, entry)
    if also_asked:
        titles = ", ".join(f"“{escape(e.title)}”" for e in also_asked)
        html += f"\n\n<i>Pertanyaan Anda yang lain: ketuk {titles} di bawah.</i>"
        related = [*also_asked, *(e for e in related if e not in also_asked)][:MAX_RELATED]
    buttons = [Button(item.title, callback_data.open_entry(item.id, "related", record_id))
               for item in related]
    per_row = 2 if len(buttons) > MAX_RELATED else 1  # six pillars: three rows of two
    rows: list[tuple[Button, ...]] = [tuple(buttons[i:i + per_row])
                                      for i in range(0, len(buttons), per_row)]
    if feedback and record_id:
        html += f"\n\n<i>{FEEDBACK_PROMPT}</i>"
        rows.append((Button("👍 Ya", callback_data.feedback(record_id, True)),
                     Button("👎 Tidak", callback_data.feedback(record_id, False))))
    return Reply(html, tuple(rows))


def offered_entries(matcher: Matcher, entry: Entry) -> list[Entry]:
    """The entries offered as buttons under an answer.

    The pillar overview offers every pillar, so a student reaches each one in a tap; any
    other entry offers its related entries.
    """
    if entry.id == known_ids.PILLARS:
        return [e for e in matcher.kb.entries.values()
                if e.id.startswith(PILLAR_PREFIX) and e.id != entry.id]
    return [e for e in map(matcher.entry, entry.related) if e is not None]


def first_paragraph(html: str, limit: int = GROUP_ANSWER_CHARS) -> str:
    """The first paragraph of an answer, cut at a line break near `limit`, still valid HTML."""
    paragraph = html.strip().split("\n\n", 1)[0]
    lines: list[str] = []
    for line in paragraph.split("\n"):
        if lines and len(visible_text("\n".join([*lines, line]))) > limit:
            lines.append("…")
            break
        lines.append(line)
    short = "\n".join(lines)
    if check_html(short):  # a tag spans the cut: fall back to the plain words
        short = escape(visible_text(short)[:limit])
    return short


def group_entry_reply(matcher: Matcher, entry: Entry, bot_username: str) -> Reply:
    """A short group answer: first paragraph, sources and date, and a private-chat link."""
    html = with_footer(first_paragraph(matcher.render(entry, footer=False)), entry, "\n")
    link = Button("Baca selengkapnya di chat pribadi", url=callback_data.deep_link(bot_username,
                                                                                 entry.id))
    return Reply(html, ((link,),))


def private_chat_button(bot_username: str, entry_id: str | None = None) -> Keyboard:
    """The one button of a short group reply: continue in a private chat (on an entry)."""
    url = callback_data.deep_link(bot_username, entry_id) if entry_id else \
        f"https://t.me/{bot_username}"
    return ((Button("Lanjut di chat pribadi", url=url),),)


def how_to_ask_in_groups(bot_username: str) -> str:
    """One line on the three ways to ask the bot in a group."""
    return (f"Di grup, tanyakan dengan /tanya &lt;pertanyaan&gt;, sebut @{escape(bot_username)}, "
            "atau balas pesan saya.")


def group_greeting(bot_username: str) -> Reply:
    """`/start` in a group: who the bot is and how to ask, without the menu."""
    return Reply("Halo! Saya bot informasi <b>Gerakan Menuju Smart City</b>. "
                 + how_to_ask_in_groups(bot_username), private_chat_button(bot_username))


def group_help(bot_username: str) -> Reply:
    """`/bantuan` in a group: how to ask; the full list is in the private chat."""
    return Reply(how_to_ask_in_groups(bot_username) + " Daftar perintah dan contoh pertanyaan "
                 "ada di chat pribadi.", private_chat_button(bot_username))


def suggestion_reply(result: MatchResult, record_id: str) -> Reply:
    """The "Maksud Anda:" message with up to three suggestions."""
    rows = tuple((Button(s.title, callback_data.open_entry(s.entry_id, "suggestion", record_id)),)
                 for s in result.suggestions[:3])
    if result.reason == WHICH_TOPIC_REASON:
        return Reply("Pertanyaan Anda bisa menyambung jawaban sebelumnya atau menanyakan hal "
                     "lain. <b>Topik mana yang Anda maksud?</b>", rows)
    return Reply("Saya belum yakin maksud pertanyaan Anda. <b>Maksud Anda:</b>", rows)


def same_name_reply(matcher: Matcher, result: MatchResult, record_id: str) -> Reply | None:
    """Every region of one name in one reply ("Bekasi": the kota and the kabupaten).

    None unless every suggestion is such a region. Each line says whether that region takes
    part; a button per region opens its full answer.
    """
    data = matcher.kb.regions
    by_id = {region.id: region for region in data.regions.values()}
    regions = [by_id[s.entry_id] for s in result.suggestions if s.entry_id in by_id]
    if not regions or len(regions) != len(result.suggestions):
        return None
    entries = [e for e in map(matcher.entry, (s.entry_id for s in result.suggestions)) if e]
    html = f"{same_name_answer(data, regions)}\n\n{regions_footer(data, entries)}"
    return Reply(html, tuple(
        (Button(s.title, callback_data.open_entry(s.entry_id, "suggestion", record_id)),)
        for s in result.suggestions))


def answer_reply(matcher: Matcher, result: MatchResult, record_id: str, *,
                 group_bot_username: str | None = None) -> Reply:
    """Render the matcher's outcome.

    Args:
        matcher: The matcher that produced `result`.
        result: The outcome for the citizen's question.
        record_id: The question's record id, carried in the buttons.
        group_bot_username: Set in groups: answers are short with a deep link to the bot.

    Returns:
        The reply to send.
    """
    entry = matcher.entry(result.entry_id) if result.entry_id else None
    if result.reason == SAME_TOPIC_REASON and entry is not None:
        return followup_reply(matcher, result, entry, record_id)
    if result.outcome is Outcome.SUGGEST and result.suggestions:
        return same_name_reply(matcher, result, record_id) or \
            suggestion_reply(result, record_id)
    if entry is None or result.outcome is Outcome.FALLBACK:
        return fallback_reply(read_miss(matcher, result), record_id,
                              group=group_bot_username is not None)
    if result.outcome is Outcome.SMALLTALK:
        return small_talk_reply(matcher, result, entry)
    if group_bot_username is not None:
        return group_entry_reply(matcher, entry, group_bot_username)
    also = [e for e in map(matcher.entry, (s.entry_id for s in result.also_asked)) if e]
    return entry_reply(matcher, entry, record_id=record_id, feedback=True, also_asked=also,
                       places=places_note(matcher.kb.regions, matcher.kb.entries,
                                                 result.places))


def ask_prompt() -> Reply:
    """What to say to an empty `/tanya` or a bare mention."""
    return Reply("Silakan tulis pertanyaan Anda setelah /tanya, misalnya: "
                 "<code>/tanya apa itu smart city</code>")


def non_text_reply() -> Reply:
    """The answer to stickers, photos, voice notes, locations and documents."""
    return Reply("Maaf, saya hanya bisa membaca pesan teks. Silakan tulis pertanyaan Anda, "
                 "misalnya “apa itu smart city?”. Mohon jangan mengirim foto dokumen atau data "
                 "pribadi.")


def unknown_command_reply() -> Reply:
    """The answer to a command this bot does not have."""
    return Reply("Maaf, perintah itu tidak saya kenal. Ketik /bantuan untuk melihat daftar "
                 "perintah.")


def error_reply() -> Reply:
    """The apology sent when handling a message failed on our side."""
    return Reply("Maaf, terjadi kendala di sisi kami sehingga pesan Anda belum bisa dijawab. "
                 "Silakan coba lagi beberapa saat lagi.")


def unhelpful_followup() -> Reply:
    """Sent after 👎: how to get a better answer."""
    return Reply("Terima kasih atas masukannya. Coba tulis pertanyaan dengan kata lain, atau "
                 f"ketik /bantuan untuk contoh pertanyaan.\n\n{WHERE_TO_ASK}")



def pillar_reply(matcher: Matcher) -> Reply:
    """`/pilar`: the six pillars, with a button for each."""
    overview = matcher.entry(known_ids.PILLARS)
    if overview is None:  # the knowledge base always has it; keep working if it does not
        return fallback_reply(Miss(about_programme=False))
    return entry_reply(matcher, overview)


def entry_by_id(matcher: Matcher, entry_id: str) -> Entry:
    """An entry the bot's own menus rely on (KeyError with its id if it is missing)."""
    entry = matcher.entry(entry_id)
    if entry is None:
        raise KeyError(f"knowledge entry {entry_id!r} is missing")
    return entry



INLINE_DEFAULT_ENTRIES = (known_ids.PROGRAMME, known_ids.PILLARS, known_ids.REGION_LIST,
                          known_ids.HOW_TO_JOIN)
MAX_INLINE_RESULTS = 5


def inline_entries(matcher: Matcher, result: MatchResult | None) -> list[Entry]:
    """Entries to offer for an inline query: the answer, the suggestions, or none.

    Args:
        matcher: The matcher that produced `result`.
        result: The match of the typed query; None for an empty query (popular topics).
    """
    if result is None:
        ids: Iterable[str] = INLINE_DEFAULT_ENTRIES
    elif result.outcome in MATCHED and result.entry_id:
        ids = [result.entry_id, *(r.entry_id for r in result.related)]
    else:
        ids = [s.entry_id for s in result.suggestions]
    entries = [matcher.entry(entry_id) for entry_id in ids]
    return [e for e in entries if e is not None and not e.is_smalltalk][:MAX_INLINE_RESULTS]
