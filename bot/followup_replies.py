"""What to say when a follow-up finds only the answer the citizen already has.

"kapan itu?" right after the award answer reads back to the award answer. Sending it again
answers nothing, so the bot quotes the lines of that answer that speak to the question (a date
for "kapan", a figure for "berapa", otherwise the lines using the question's own words), says
plainly that nothing more is known, and offers the related entries as buttons. "kotanya?" after
a kabupaten whose name has no kota is told so. Pure code: no `telegram` import.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot import callback_data
from bot.followup import other_type_asked
from bot.knowledge_types import Entry
from bot.match_result import MatchResult
from bot.matcher import Matcher
from bot.regions import Region, RegionData
from bot.reply_types import Button, Reply
from bot.telegram_html import escape, visible_text

MAX_LINES = 2  # lines quoted from the previous answer: the point, not the answer again
YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
FIGURE_RE = re.compile(r"\d")
# a sentence ends at . ! ? before a capital, except after a short title ("Kab. Asahan")
SENTENCE_RE = re.compile(r"(?<!\bKab\.)(?<!\bKec\.)(?<!\bNo\.)(?<!\bDr\.)(?<=[.!?])\s+(?=[A-Z])")
CLOSING = ("Untuk hal lain, pilih topik di bawah ini atau tulis pertanyaan Anda secara "
           "lengkap.")


ASKED = frozenset({"kapan", "berapa"})  # question words that say what to look for


def followup_reply(matcher: Matcher, result: MatchResult, previous: Entry,
                   record_id: str) -> Reply:
    """The reply to a follow-up that reads back to `previous`, the answer just sent."""
    tokens = matcher.normalizer.normalize(result.query).tokens
    missing = missing_type_reply(result, matcher.kb.regions, tokens, record_id)
    if missing is not None:
        return missing
    ignore = (matcher.function_words | matcher.words.kata_pengisi) - ASKED
    question = frozenset(t for t in tokens if t not in ignore)
    body = matcher.render(previous, footer=False)
    lines = relevant_lines(question, body, lambda text: matcher.normalizer.normalize(text).tokens)
    return previous_answer_reply(result, lines, record_id)


def relevant_lines(question: frozenset[str], answer_html: str,
                   tokenize: Callable[[str], tuple[str, ...]]) -> list[str]:
    """The sentences of an answer that speak to a follow-up's own words.

    Args:
        question: The follow-up's content words (normalised, without filler).
        answer_html: The previous answer (Telegram HTML, without its sources line).
        tokenize: Normalises a sentence into the same kind of words.
    """
    sentences = [part.strip(" •") for line in visible_text(answer_html).splitlines()
                 for part in SENTENCE_RE.split(line) if part.strip(" •")]
    if "kapan" in question:  # "kapan itu?": the first date, where the answer leads
        return [s for s in sentences if YEAR_RE.search(s)][:1]
    if "berapa" in question:
        return [s for s in sentences if FIGURE_RE.search(s)][:1]
    words = question - ASKED
    return [s for s in sentences if words & set(tokenize(s))][:MAX_LINES] if words else []


def previous_answer_reply(result: MatchResult, lines: list[str], record_id: str) -> Reply:
    """Point into the answer just sent instead of sending it again."""
    title = f"<b>{escape(result.title)}</b>"
    if lines:
        quoted = "\n".join(f"• {escape(line)}" for line in lines)
        html = (f"Jawaban saya sebelumnya ({title}) menyebutkan:\n{quoted}\n\nHanya "
                f"itu yang saya ketahui tentang hal tersebut. {CLOSING}")
    else:
        html = (f"Jawaban saya sebelumnya ({title}) sudah memuat semua yang saya ketahui "
                f"tentang hal itu. {CLOSING}")
    return Reply(html, _buttons(result, record_id))


def missing_type_reply(result: MatchResult, data: RegionData, tokens: tuple[str, ...],
                       record_id: str) -> Reply | None:
    """"kotanya?" after Kabupaten Ngawi: there is no Kota Ngawi, said plainly."""
    region = next((r for r in data.regions.values() if r.id == result.entry_id), None)
    other = other_type_asked(region.type, tokens) if region else None
    if region is None or other is None or (other, region.name.lower()) in data.regions:
        return None
    html = (f"Tidak ada {other} bernama {escape(region.written)} di antara {len(data.regions)} "
            f"kabupaten/kota di Indonesia. Yang ada hanya {_display(region)}, yang saya "
            "jawab sebelumnya.")
    return Reply(html, _buttons(result, record_id))


def _display(region: Region) -> str:
    return f"<b>{escape(region.display)}</b>"


def _buttons(result: MatchResult, record_id: str) -> tuple[tuple[Button, ...], ...]:
    return tuple((Button(s.title, callback_data.open_entry(s.entry_id, "related", record_id)),)
                 for s in result.suggestions)
