"""The honest "I cannot answer that", worded for what was asked.

- A question about the programme that the knowledge does not cover is told so plainly, offered
  the nearest entries as buttons when some are close, and pointed to who runs the programme.
- A question about another public service gets the office that handles it, from the admins'
  list in `knowledge/rujukan.yaml` (a lost e-KTP goes to Disdukcapil, not Diskominfo).
- Anything else learns what the bot covers, with a general line on where to complain.

The citizen's words are never echoed back. Pure code: no `telegram` import.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import callback_data, known_ids
from bot.commands import EXAMPLE_QUESTIONS
from bot.match_result import (
    CHITCHAT_REASON,
    NEAR_SUBJECT_REASON,
    SALE_REASON,
    MatchResult,
    Suggestion,
)
from bot.matcher import Matcher
from bot.referrals import Referral, find_referral
from bot.reply_types import Button, Reply
from bot.telegram_html import escape
from bot.tuning import FALLBACK_NEAR_SCORE, MAX_SUGGESTIONS, SUGGEST_KEEP

LAPOR = ('<b>SP4N-LAPOR!</b> di <a href="https://www.lapor.go.id">lapor.go.id</a>')
HELP_BUTTON = Button("Bantuan", callback_data.menu("bantuan"))
COVERS = "Saya hanya menjawab seputar Gerakan Menuju Smart City"


@dataclass(frozen=True)
class Miss:
    """What a fallback can say about one unanswered question."""

    about_programme: bool  # it asks about the programme: the knowledge lacks this point
    nearest: tuple[Suggestion, ...] = ()  # entries close enough to offer
    referral: Referral | None = None  # the office for another public service
    near_subject: bool = False  # a near subject the bot declines (other countries, devices)
    sale: bool = False  # a business asking to sell to, or partner with, a government
    chit_chat: bool = False  # an everyday subject asked of the bot ("kamu jomblo?")


def read_miss(matcher: Matcher, result: MatchResult) -> Miss:
    """Whether an unanswered question is about the programme, and where to send the asker.

    A word naming the programme ("smart city", "kota cerdas") makes it about the programme; a
    referral's word ("ktp", "bpjs") otherwise sends the asker to that office; another word of
    the programme's vocabulary counts when some entry is close.
    """
    tokens = matcher.normalizer.normalize(result.query).tokens
    words = set(tokens)
    vocabulary = matcher.words
    referral = find_referral(tokens, matcher.kb.referrals)
    if result.reason == CHITCHAT_REASON:
        return Miss(False, chit_chat=True)
    if result.reason in (NEAR_SUBJECT_REASON, SALE_REASON):
        return Miss(False, referral=referral, near_subject=True,
                    sale=result.reason == SALE_REASON)
    candidates = matcher.candidates(result.query, MAX_SUGGESTIONS)
    floor = max(FALLBACK_NEAR_SCORE, candidates[0].score * SUGGEST_KEEP) if candidates else 1.0
    nearest = tuple(s for s in candidates if s.score >= floor)
    if words & vocabulary.kata_nama_program:
        return Miss(True, nearest)
    if referral is not None:
        return Miss(False, referral=referral)
    programme = (words & vocabulary.domain) - matcher.scorer.smalltalk_words
    return Miss(bool(programme and nearest), nearest if programme else ())


def fallback_reply(miss: Miss, record_id: str | None = None, *, group: bool = False) -> Reply:
    """The reply to a question the bot cannot answer (see the module docstring)."""
    if group:
        return Reply(_group_text(miss))
    if miss.about_programme:
        if miss.nearest:  # the knowledge may well have it: never say it does not
            html = ("Maaf, saya belum yakin memahami pertanyaan Anda tentang Gerakan Menuju "
                    "Smart City. Mungkin jawabannya ada di salah satu topik di bawah ini.")
        else:
            html = ("Maaf, hal yang Anda tanyakan belum ada dalam pengetahuan kami tentang "
                    "Gerakan Menuju Smart City.")
        html += ("\n\nUntuk kepastian, tanyakan ke Diskominfo kabupaten/kota Anda atau ke "
                 "Komdigi (dulu Kominfo), kementerian yang menjalankan program ini.")
        rows = tuple((Button(s.title, callback_data.open_entry(s.entry_id, "suggestion",
                                                               record_id)),)
                     for s in miss.nearest)
        return Reply(html, (*rows, (HELP_BUTTON,)))
    if miss.chit_chat:
        html = ("Terima kasih sudah menyapa! Saya bot informasi, jadi tidak bisa "
                f"mengobrol soal itu. {COVERS}, misalnya:\n"
                + "\n".join(f"• {escape(q)}" for q in EXAMPLE_QUESTIONS))
        return Reply(html, ((HELP_BUTTON,),))
    if miss.sale:  # a fair question from a business, not an off-topic one
        html = ("Gerakan Menuju Smart City berupa pendampingan kementerian bagi pemerintah "
                "daerah, bukan pembelian produk atau jasa. Sumber dana pelaksanaannya di daerah "
                "ada di tombol <b>Biaya dan pendanaan</b>.")
        if miss.referral is not None:
            html += f"\n\n{miss.referral.message}"
        cost = Button("Biaya dan pendanaan", callback_data.open_entry(known_ids.COST,
                                                                        "suggestion", record_id))
        return Reply(html, ((cost,), (HELP_BUTTON,)))
    if miss.referral is not None:
        html = f"Maaf, pertanyaan itu di luar topik saya. {COVERS}.\n\n{miss.referral.message}"
        return Reply(html, ((HELP_BUTTON,),))
    examples = "\n".join(f"• {escape(q)}" for q in EXAMPLE_QUESTIONS)
    if miss.near_subject:
        html = (f"Maaf, hal itu di luar cakupan saya. {COVERS}, program nasional Komdigi (dulu "
                f"Kominfo) bagi daerah di Indonesia. Contoh pertanyaan:\n{examples}")
    else:
        html = (f"Maaf, saya belum bisa menjawab pertanyaan itu. {COVERS}. Contoh "
                f"pertanyaan:\n{examples}\n\nUntuk urusan lain, silakan hubungi instansi yang "
                f"menanganinya. Pengaduan tentang layanan publik dapat disampaikan melalui "
                f"{LAPOR}.")
    return Reply(html, ((HELP_BUTTON,),))


def _group_text(miss: Miss) -> str:
    """One short paragraph: groups get no examples or buttons."""
    if miss.about_programme:
        return ("Maaf, hal itu belum ada dalam pengetahuan kami tentang Gerakan Menuju Smart "
                "City. Untuk kepastian, tanyakan ke Diskominfo setempat atau Komdigi.")
    if miss.referral is not None:
        return f"Maaf, itu di luar topik saya. {miss.referral.message}"
    return (f"Maaf, saya belum punya jawaban untuk itu. {COVERS}; ketik /bantuan untuk contoh "
            f"pertanyaan. Pengaduan layanan publik dapat disampaikan melalui {LAPOR}.")
