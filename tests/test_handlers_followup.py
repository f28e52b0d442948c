"""Follow-up questions through the real bot and the local Bot API server.

A short question right after an answer ("kapan mulainya?", "kalau kota Bekasi?") is read
against that answer's topic, for that citizen in that chat, for FOLLOWUP_SECONDS; when two
readings disagree the bot asks which topic is meant. The conversation memory's clock is a
settable fake, so forgetting is tested without waiting.
"""

from __future__ import annotations

import pytest
from botkit import USER, BotHarness, FakeClock

from bot import callback_data
from bot.config import Settings

OTHER_USER = 1002
GROUP = -1005678
MEMBER, OTHER_MEMBER = 2101, 2102


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def privacy_mode() -> bool:
    return False  # every group message reaches the bot; it answers only what addresses it


async def logged(bot: BotHarness, count: int) -> list[dict]:
    """The question rows once `count` questions are stored."""
    rows = await bot.rows(expect=count)
    assert len(rows) == count
    return rows


def titles(bot: BotHarness, *entry_ids: str) -> list[str]:
    return [bot.services.matcher.entry(i).title for i in entry_ids]


async def test_a_short_question_continues_the_previous_topic(bot: BotHarness) -> None:
    await bot.ask("apa itu smart city?")
    await bot.ask("siapa yang ngurus?")
    rows = await logged(bot, 2)
    assert [(r["outcome"], r["entry_id"]) for r in rows] == [
        ("answer", "program.apa-itu"), ("answer", "program.penyelenggara")]


async def test_a_follow_up_finding_the_same_answer_is_not_sent_it_again(
        bot: BotHarness) -> None:
    first = await bot.ask("siapa aja pemenang smart city award 2025?")
    reply = await bot.ask("kapan itu?")
    rows = await logged(bot, 2)
    assert [(r["outcome"], r["entry_id"]) for r in rows] == [
        ("answer", "program.penghargaan"), ("suggest", "program.penghargaan")]
    # one line of the answer, the one with its date, instead of the whole answer again
    quoted = [line.removeprefix("• ") for line in reply.text.splitlines()
              if line.startswith("• ")]
    assert len(quoted) == 1 and quoted[0] in first.text and any(
        str(year) in quoted[0] for year in range(2017, 2031))
    assert len(reply.text) < len(first.text) / 2
    entry = bot.services.matcher.entry("program.penghargaan")
    assert [b["text"] for b in reply.buttons] == titles(bot, *entry.related)


async def test_the_other_type_of_the_same_name_answers_that_region(bot: BotHarness) -> None:
    await bot.ask("kota kupang ikut smart city gak ya")
    await bot.ask("kalau kabupatennya?")
    await bot.ask("kotanya?")
    rows = await logged(bot, 3)
    assert [r["entry_id"] for r in rows] == [
        "daerah.kota-kupang", "daerah.kabupaten-kupang", "daerah.kota-kupang"]


async def test_the_province_of_the_region_answers_the_province(bot: BotHarness) -> None:
    await bot.ask("Kota Palu ikut ga?")
    reply = await bot.ask("kalau provinsinya?")
    rows = await logged(bot, 2)
    assert [r["entry_id"] for r in rows] == ["daerah.kota-palu", "provinsi.sulawesi-tengah"]
    # whether the province itself takes part, not only its kabupaten/kota
    assert "Smart Province" in reply.text and "Sulawesi Tengah" in reply.text


async def test_a_how_question_after_a_region_not_recorded_is_how_to_join(
        bot: BotHarness) -> None:
    await bot.ask("kab sorong selatan termasuk peserta gerakan menuju smart city ga ya")
    reply = await bot.ask("syaratnya apa aja?")
    rows = await logged(bot, 2)
    assert [r["entry_id"] for r in rows] == ["daerah.kabupaten-sorong-selatan",
                                             "program.cara-bergabung"]
    assert "Sorong Selatan" in reply.text  # the region the conversation is about, noted


async def test_kalau_with_another_region_answers_that_region(bot: BotHarness) -> None:
    await bot.ask("kota bandung ikut smart city?")
    await bot.ask("kalau kota bekasi?")
    rows = await logged(bot, 2)
    assert [r["entry_id"] for r in rows] == ["daerah.kota-bandung", "daerah.kota-bekasi"]


async def test_kalau_with_a_name_of_two_regions_answers_both_at_once(bot: BotHarness) -> None:
    await bot.ask("kab garut ikut smart city gak?")
    reply = await bot.ask("kalau di Bekasi?")
    regions = bot.services.matcher.kb.regions.regions
    both = [regions[("kota", "bekasi")], regions[("kabupaten", "bekasi")]]
    for region in both:
        line = next(t for t in reply.text.splitlines() if t.startswith(f"• {region.display}"))
        assert all(str(year) in line for year in region.cohorts), line
    assert sorted(b["text"] for row in reply.reply_markup["inline_keyboard"] for b in row) == \
        sorted(r.display for r in both)
    rows = await logged(bot, 2)
    assert rows[1]["outcome"] == "suggest"


async def test_kalau_with_another_cohort_answers_that_cohort(bot: BotHarness) -> None:
    await bot.ask("siapa saja peserta angkatan 2019?")
    await bot.ask("kalau 2021?")
    rows = await logged(bot, 2)
    assert [r["entry_id"] for r in rows] == ["angkatan.2019", "angkatan.2021"]


async def test_two_readings_make_the_bot_ask_which_topic(bot: BotHarness) -> None:
    await bot.ask("apa itu smart province?")
    reply = await bot.ask("syaratnya apa?")
    [_, row] = await logged(bot, 2)
    assert row["outcome"] == "suggest"
    offered = [b["text"] for b in reply.buttons]
    assert offered == titles(bot, "program.smart-province", "program.cara-bergabung")
    # choosing one answers it and makes it the topic: the same follow-up now reads back to it
    code = callback_data.entry_code("program.cara-bergabung")
    chosen = next(d for d in reply.callback_data if d.endswith(code))
    query = await bot.press(reply, chosen)
    await bot.answered(query)
    await bot.api.wait_for_bot_message(USER)
    await bot.ask("syaratnya apa?")
    rows = await logged(bot, 3)
    assert (rows[-1]["outcome"], rows[-1]["entry_id"]) == ("suggest", "program.cara-bergabung")


async def test_the_topic_is_forgotten_after_followup_seconds(bot: BotHarness,
                                                             clock: FakeClock,
                                                             settings: Settings) -> None:
    await bot.ask("apa itu smart governance?")
    clock.now += settings.followup_seconds + 1
    await bot.ask("contohnya?")
    rows = await logged(bot, 2)
    assert [r["outcome"] for r in rows] == ["answer", "fallback"]


async def test_the_topic_belongs_to_one_citizen(bot: BotHarness) -> None:
    await bot.ask("apa itu smart governance?")
    await bot.ask("contohnya?", chat_id=OTHER_USER)
    rows = await logged(bot, 2)
    assert [r["outcome"] for r in rows] == ["answer", "fallback"]


async def test_an_off_topic_question_is_not_read_as_a_follow_up(bot: BotHarness) -> None:
    await bot.ask("kota bandung ikut smart city?")
    await bot.ask("resep rendang")
    rows = await logged(bot, 2)
    assert [r["outcome"] for r in rows] == ["answer", "fallback"]


async def test_thanks_after_an_answer_stays_small_talk(bot: BotHarness) -> None:
    await bot.ask("apa itu smart governance?")
    await bot.ask("makasih ya")
    rows = await logged(bot, 2)
    assert rows[-1]["entry_id"] == "smalltalk.terima-kasih"


async def test_in_a_group_each_member_has_their_own_topic(bot: BotHarness) -> None:
    async def tanya(text: str, member: int) -> None:
        await bot.api.send_text(GROUP, f"/tanya {text}", chat_type="group", user_id=member)
        await bot.api.wait_for_bot_message(GROUP)

    await tanya("apa itu smart governance?", MEMBER)
    await tanya("contohnya?", OTHER_MEMBER)
    await tanya("contohnya?", MEMBER)
    rows = await logged(bot, 3)
    assert [(r["outcome"], r["entry_id"]) for r in rows] == [
        ("answer", "pilar.governance"), ("fallback", None), ("suggest", "pilar.governance")]
