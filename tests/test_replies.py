"""The wording and buttons of replies (pure: no Telegram, no event loop)."""

from __future__ import annotations

import pytest

from bot import browse, callback_data, citation, greeting_replies, replies
from bot.matcher import Matcher
from bot.record_ids import new_record_id
from bot.telegram_html import check_html, visible_text

RECORD = new_record_id()


def all_data(reply: replies.Reply) -> list[str]:
    return [b.data for row in reply.buttons for b in row if b.data]


def test_every_entry_renders_as_valid_html_in_private_and_in_groups(matcher: Matcher) -> None:
    for entry in matcher.kb.entries.values():
        private = replies.entry_reply(matcher, entry, record_id=RECORD, feedback=True)
        group = replies.group_entry_reply(matcher, entry, "smartcity_bot")
        for reply in (private, group):
            problems = [p for p in check_html(reply.html) if not p.startswith("visible text")]
            assert problems == [], (entry.id, problems)
        body = group.html.removesuffix(citation.entry_footer(entry))
        assert len(visible_text(body)) <= replies.GROUP_ANSWER_CHARS + 4
        assert all(callback_data.parse(d) is not None for d in all_data(private))


def test_first_paragraph_keeps_tags_closed() -> None:
    assert replies.first_paragraph("<b>Satu</b> dua\n\nTiga") == "<b>Satu</b> dua"
    long = "<b>" + "\n".join(f"baris {n}" for n in range(300)) + "</b>"
    short = replies.first_paragraph(long, limit=50)
    assert check_html(short) == [] and len(visible_text(short)) <= 52


def test_the_greeting_escapes_the_name() -> None:
    reply = greeting_replies.greeting("<Budi & Ani>")
    assert reply.html.startswith("Halo, &lt;Budi &amp; Ani&gt;!")
    assert [b.text for row in reply.buttons for b in row] == [
        "Tentang Program", "6 Pilar", "Daerah Peserta", "Cara Bergabung", "Bantuan"]


def test_province_pages_list_every_province_once(matcher: Matcher) -> None:
    regions = matcher.kb.regions
    seen = []
    for page in range(browse.page_count(regions)):
        reply = browse.province_page(regions, page)
        seen += [b.text.rsplit(" (", 1)[0] for row in reply.buttons for b in row
                 if b.data and b.data.startswith("e:")]
    assert seen == list(regions.provinces)
    assert browse.province_page(regions, 99) == browse.province_page(
        regions, browse.page_count(regions) - 1)


def test_cohort_list_offers_every_cohort(matcher: Matcher) -> None:
    reply = browse.cohort_list(matcher.kb.regions)
    codes = callback_data.EntryCodes(matcher.kb.entries)
    opened = [codes.resolve(callback_data.parse(d).code) for d in all_data(reply)  # type: ignore[union-attr]
              if d.startswith("e:")]
    assert opened == [f"angkatan.{year}" for year in sorted(matcher.kb.regions.cohorts)]


@pytest.mark.parametrize(("name", "outcome"), [
    ("Siak", "answer"), ("malang", "suggest"), ("2024", "answer"),
    ("pilar smart city", "fallback"), ("Negeri Antah Berantah", "fallback"),
])
def test_find_region_only_finds_regions(matcher: Matcher, name: str, outcome: str) -> None:
    assert browse.find_region(matcher, name).outcome == outcome


def test_inline_entries(matcher: Matcher) -> None:
    answer = matcher.match("apa itu smart city")
    ids = [e.id for e in replies.inline_entries(matcher, answer)]
    assert ids[0] == "program.apa-itu" and len(ids) <= replies.MAX_INLINE_RESULTS
    assert not any(e.is_smalltalk for e in replies.inline_entries(matcher, matcher.match("halo")))
    assert replies.inline_entries(matcher, matcher.match("resep rendang")) == []


def test_a_topic_suggestion_asks_what_was_meant() -> None:
    from bot.matcher import MatchResult, Suggestion
    from bot.replies import suggestion_reply

    result = MatchResult("q", "q", "suggest", suggestions=(
        Suggestion("program.tahapan", "Tahapan program", 0.5),
        Suggestion("program.evaluasi", "Evaluasi", 0.45)))
    reply = suggestion_reply(result, "r" * 32)
    assert reply.html.startswith("Saya belum yakin maksud pertanyaan Anda.")
    assert [row[0].text for row in reply.buttons] == ["Tahapan program", "Evaluasi"]


def test_the_pillar_overview_offers_every_pillar(matcher: Matcher) -> None:
    result = matcher.match("apa aja 6 pilar smart city? buat tugas kuliah kak")
    reply = replies.answer_reply(matcher, result, RECORD)
    codes = callback_data.EntryCodes(matcher.kb.entries)
    opened = {codes.resolve(callback_data.parse(d).code) for d in all_data(reply)  # type: ignore[union-attr]
              if d.startswith("r:")}
    pillars = {i for i in matcher.kb.entries if i.startswith("pilar.") and i != "pilar.daftar"}
    assert opened == pillars and len(pillars) == 6
    assert max(len(row) for row in reply.buttons) == 2  # three rows of two on a phone


def test_region_answers_offer_a_next_step(matcher: Matcher) -> None:
    from bot.regions import province_id

    regions = matcher.kb.regions.regions
    codes = callback_data.EntryCodes(matcher.kb.entries)
    for key in (("kabupaten", "garut"), ("kota", "tasikmalaya")):
        region = regions[key]
        reply = replies.entry_reply(matcher, matcher.kb.entries[region.id], record_id=RECORD)
        opened = [codes.resolve(callback_data.parse(d).code) for d in all_data(reply)  # type: ignore[union-attr]
                  if d.startswith("r:")]
        assert province_id(region.province) in opened
        if region.is_participant:
            assert f"angkatan.{region.cohorts[0]}" in opened
        else:
            assert opened[0] == "program.cara-bergabung"


def test_a_greeting_is_returned_in_kind_with_the_topics_of_start(matcher) -> None:
    result = matcher.match("Assalamualaikum, selamat pagi min")
    reply = replies.answer_reply(matcher, result, "r1")
    assert reply.html.startswith("Waalaikumsalam.")
    assert reply.buttons == greeting_replies.greeting(None).buttons
    thanks = replies.answer_reply(matcher, matcher.match("makasih ya"), "r2")
    assert not thanks.buttons and "Waalaikumsalam" not in thanks.html


def test_regional_greetings_are_returned_in_kind(matcher) -> None:
    for question, reply in [("Sampurasun, wilujeng enjing!", "Rampes."),
                            ("Horas lae!", "Horas!"), ("Assalamu'alaikum wr wb",
                                                       "Waalaikumsalam.")]:
        html = replies.answer_reply(matcher, matcher.match(question), "r1").html
        assert html.startswith(reply)
