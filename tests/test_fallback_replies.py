"""The honest "I cannot answer that": worded for what was asked, never echoing the question."""

from __future__ import annotations

import pytest

from bot import callback_data
from bot.fallback_replies import Miss, fallback_reply, read_miss
from bot.matcher import Matcher
from bot.outcome import Outcome
from bot.referrals import Referral
from bot.replies import answer_reply
from bot.telegram_html import check_html, visible_text

RECORD = "r" * 32


def referral_for(matcher: Matcher, word: str) -> Referral:
    return next(r for r in matcher.kb.referrals if word in r.words)


@pytest.mark.parametrize(("question", "word"), [
    ("bikin e-KTP yg ilang gmn caranya min", "ktp"),
    ("cara daftar bpjs kesehatan gimana", "bpjs"),
    ("pajak motor saya telat, bayar dimana", "pajak"),
    ("hoaks soal smart city beredar di grup wa, lapor kemana", "hoaks"),
])
def test_another_public_service_is_sent_to_its_office(matcher: Matcher, question: str,
                                                      word: str) -> None:
    result = matcher.match(question)
    assert result.outcome is Outcome.FALLBACK
    reply = answer_reply(matcher, result, RECORD)
    text = " ".join(visible_text(reply.html).split())
    assert " ".join(visible_text(referral_for(matcher, word).message).split()) in text
    assert "Diskominfo" not in text  # the wrong office for these


@pytest.mark.parametrize("question", ["apakah smart city pakai teknologi blockchain",
                                      "apakah ada lomba desain logo smart city untuk mahasiswa"])
def test_an_unanswered_programme_question_offers_the_nearest_entries(matcher: Matcher,
                                                                    question: str) -> None:
    result = matcher.match(question)
    assert result.outcome is Outcome.FALLBACK
    miss = read_miss(matcher, result)
    assert miss.about_programme and miss.nearest
    reply = answer_reply(matcher, result, RECORD)
    opened = [callback_data.parse(b.data) for row in reply.buttons for b in row
              if b.data and b.data.startswith("s:")]
    assert len(opened) == len(miss.nearest)
    text = visible_text(reply.html)
    assert "hanya menjawab" not in text  # it is about the programme: no "I only answer ..."
    assert "Komdigi" in text and "Diskominfo" in text
    # the topics offered may hold the answer: the bot does not claim it knows nothing
    assert "belum ada dalam pengetahuan" not in text and "topik di bawah" in text


def test_an_off_topic_question_learns_what_the_bot_covers(matcher: Matcher) -> None:
    result = matcher.match("harga cabai hari ini")
    miss = read_miss(matcher, result)
    assert not miss.about_programme and miss.referral is None
    text = visible_text(answer_reply(matcher, result, RECORD).html)
    assert "hanya menjawab" in text and "SP4N-LAPOR!" in text


def test_a_near_subject_is_declined_as_outside_the_programme(matcher: Matcher) -> None:
    result = matcher.match("smart city singapura gimana")
    miss = read_miss(matcher, result)
    assert miss.near_subject and not miss.about_programme and not miss.nearest


def test_a_seller_is_sent_to_procurement_not_offered_topics(matcher: Matcher) -> None:
    result = matcher.match("Kami vendor aplikasi kota cerdas, bagaimana menawarkan layanan kami "
                           "ke pemda peserta smart city?")
    assert result.outcome is Outcome.FALLBACK
    miss = read_miss(matcher, result)
    assert miss.referral == referral_for(matcher, "vendor") and not miss.nearest
    reply = answer_reply(matcher, result, RECORD)
    # not told it is off topic: it is a fair question, pointed to procurement and to how the
    # programme is funded (one button), not to a menu of guesses
    assert "di luar topik" not in reply.html and miss.referral.message in reply.html
    offered = [b for row in reply.buttons for b in row if b.data and b.data.startswith("s:")]
    cost = matcher.entry("program.biaya")
    assert cost is not None and [b.text for b in offered] == ["Biaya dan pendanaan"]
    assert offered[0].data.endswith(callback_data.entry_code(cost.id))


@pytest.mark.parametrize("group", [False, True])
@pytest.mark.parametrize("question", ["<script>alert(1)</script> smart city blockchain",
                                      "<b>harga cabai</b>", "ktp <i>hilang"])
def test_a_fallback_never_echoes_the_question(matcher: Matcher, question: str,
                                              group: bool) -> None:
    result = matcher.match(question)
    reply = answer_reply(matcher, result, RECORD,
                         group_bot_username="smartcity_bot" if group else None)
    assert result.outcome is Outcome.FALLBACK
    assert check_html(reply.html) == []
    assert "script" not in reply.html and "cabai" not in reply.html and "hilang" not in \
        reply.html


@pytest.mark.parametrize("miss", [Miss(True), Miss(False), Miss(False, near_subject=True)])
def test_every_kind_of_fallback_is_valid_html(miss: Miss) -> None:
    for group in (False, True):
        assert check_html(fallback_reply(miss, RECORD, group=group).html) == []


@pytest.mark.parametrize("question", ["aku sayang kamu bot", "bot kamu jomblo ga",
                                      "umur kamu berapa"])
def test_chit_chat_with_the_bot_is_declined_kindly(matcher: Matcher, question: str) -> None:
    result = matcher.match(question)
    assert result.outcome is Outcome.FALLBACK
    text = visible_text(answer_reply(matcher, result, RECORD).html)
    assert "Terima kasih" in text and "Smart City" in text and "Maaf" not in text


def test_a_question_about_the_bot_is_still_answered(matcher: Matcher) -> None:
    assert matcher.match("kamu bisa bantu apa aja").entry_id == "bot.tentang"
