"""A citizen in a private chat with the real bot (PTB Application against the local Bot API)."""

from __future__ import annotations

import logging

import pytest
from botkit import USER, BotHarness
from storagekit import wait_until

from bot import callback_data, known_ids
from bot.commands import COMMANDS, EXAMPLE_QUESTIONS
from bot.replies import BUTTON_EXPIRED, Button, Reply
from bot.sending import send_reply
from bot.telegram_html import visible_text

MENU = ["Tentang Program", "6 Pilar", "Daerah Peserta", "Cara Bergabung", "Bantuan"]
GREETING = "smalltalk.salam"


def texts(message) -> list[str]:
    return [button["text"] for button in message.buttons]


def shown(bot: BotHarness, text: str, expected: str) -> bool:
    """The reply shows the entry `expected` names, or contains the bot's own text."""
    if bot.services.matcher.entry(expected) is not None:
        return bot.shows(text, expected)
    return expected in text


async def test_start_greets_with_privacy_notice_and_menu(bot: BotHarness) -> None:
    reply = await bot.ask("/start")
    assert reply.text.startswith("Halo, Warga!")
    assert "/privasi" in reply.text and "data pribadi" in reply.text
    assert texts(reply) == MENU


@pytest.mark.parametrize("payload", ["pilar_daftar", callback_data.entry_code("pilar.daftar")])
async def test_start_deep_link_answers_the_entry(bot: BotHarness, payload: str) -> None:
    reply = await bot.ask(f"/start {payload}")
    assert bot.shows(reply.text, known_ids.PILLARS)
    assert "Apakah jawaban ini membantu?" in reply.text
    [row] = await bot.rows()
    assert (row["channel"], row["payload"], row["entry_id"]) == ("deeplink", payload,
                                                                 "pilar.daftar")


@pytest.mark.parametrize("payload", ["tidak_ada", "<b>x</b>", "a" * 80])
async def test_start_with_an_invalid_payload_greets(bot: BotHarness, payload: str) -> None:
    reply = await bot.ask(f"/start {payload}")
    assert reply.text.startswith("Halo")
    assert texts(reply) == MENU
    [row] = await bot.rows()  # not the bot's own link: its payload is not kept
    assert (row["question"], row["payload"], row["channel"]) == (
        "/start [tidak dikenal]", "[tidak dikenal]", "private")


@pytest.mark.parametrize("command", ["/bantuan", "/help"])
async def test_bantuan_lists_every_command_and_examples(bot: BotHarness, command: str) -> None:
    reply = await bot.ask(command)
    for item in COMMANDS:
        assert item.usage in reply.text
    assert all(question in reply.text for question in EXAMPLE_QUESTIONS)


async def test_pilar_offers_every_pillar(bot: BotHarness) -> None:
    reply = await bot.ask("/pilar")
    assert bot.shows(reply.text, known_ids.PILLARS)
    assert texts(reply) == [bot.services.matcher.entry(f"pilar.{name}").title for name in (
        "governance", "branding", "economy", "living", "society", "environment")]


@pytest.mark.parametrize(("command", "entry_id"), [
    ("/tentang", known_ids.ABOUT),
    ("/privasi", known_ids.PRIVACY),
])
async def test_tentang_and_privasi(bot: BotHarness, command: str, entry_id: str) -> None:
    reply = await bot.ask(command)
    assert bot.shows(reply.text, entry_id)


async def test_an_unknown_command_points_to_bantuan(bot: BotHarness) -> None:
    reply = await bot.ask("/hapus_semua")
    assert "/bantuan" in reply.text


async def test_daerah_browses_provinces_page_by_page(bot: BotHarness) -> None:
    menu = await bot.ask("/daerah")
    assert texts(menu) == ["Per provinsi", "Per angkatan"]
    query = await bot.press(menu, "d:p:0")
    await bot.answered(query)
    page1 = await bot.api.wait_for_bot_message(USER, predicate=lambda m: "halaman 1" in m.text)
    assert page1.message_id == menu.message_id  # the same message, edited
    assert "halaman 1 dari 4" in page1.text
    assert texts(page1)[0].startswith("Aceh (")
    assert texts(page1)[-2:] == ["Berikutnya »", "Per angkatan"]
    await bot.press(page1, "d:p:1")
    page2 = await bot.api.wait_for_bot_message(USER, predicate=lambda m: "halaman 2" in m.text)
    assert "« Sebelumnya" in texts(page2)
    province = next(d for b, d in zip(page2.buttons, page2.callback_data, strict=True)
                    if b["text"].startswith("Jawa Tengah"))
    query = await bot.press(page2, province)
    answer = await bot.api.wait_for_bot_message(USER, predicate=lambda m: m.message_id >
                                                page2.message_id)
    assert bot.shows(answer.text, "provinsi.jawa-tengah")
    assert (await bot.answered(query))["text"] == ""


async def test_daerah_browses_cohorts(bot: BotHarness) -> None:
    menu = await bot.ask("/daerah")
    await bot.press(menu, "d:a")
    cohorts = await bot.api.wait_for_bot_message(USER, predicate=lambda m: "angkatan" in
                                                 m.text and m.message_id == menu.message_id)
    assert [t.split(" (")[0] for t in texts(cohorts)[:7]] == [
        f"Angkatan {y}" for y in (2017, 2018, 2019, 2021, 2022, 2023, 2024)]
    await bot.press(cohorts, callback_data.open_entry("angkatan.2019"))
    answer = await bot.api.wait_for_bot_message(USER, predicate=lambda m: m.message_id >
                                                menu.message_id)
    assert bot.shows(answer.text, "angkatan.2019")


@pytest.mark.parametrize(("name", "expected"), [
    ("Kota Bandung", "daerah.kota-bandung"),
    ("bandung", "Kota Bandung"),
    ("Jawa Tengah", "provinsi.jawa-tengah"),
    ("Negeri Antah Berantah", "Maaf, saya tidak menemukan daerah bernama"),
])
async def test_daerah_by_name(bot: BotHarness, name: str, expected: str) -> None:
    reply = await bot.ask(f"/daerah {name}")
    assert shown(bot, reply.text, expected)


async def test_free_text_answer_has_related_and_feedback_buttons(bot: BotHarness) -> None:
    reply = await bot.ask("apa itu smart city")
    assert bot.shows(reply.text, known_ids.PROGRAMME)
    assert reply.text.endswith("Apakah jawaban ini membantu?")
    assert texts(reply)[-2:] == ["👍 Ya", "👎 Tidak"]
    assert len(texts(reply)) == 2 + len(bot.services.matcher.entry("program.apa-itu").related)
    assert any(d.startswith("r:") for d in reply.callback_data)
    [row] = await bot.rows()
    assert (row["outcome"], row["entry_id"], row["channel"]) == ("answer", "program.apa-itu",
                                                                 "private")
    assert all(d.split(":")[1] == row["id"] for d in reply.callback_data)


async def test_related_button_opens_the_entry_and_is_logged(bot: BotHarness) -> None:
    reply = await bot.ask("apa itu smart city")
    query = await bot.press(reply, callback_data.open_entry("pilar.daftar", "related",
                                                        reply.callback_data[0].split(":")[1]))
    answer = await bot.api.wait_for_bot_message(USER, predicate=lambda m: m.message_id >
                                                reply.message_id)
    await bot.answered(query)
    assert bot.shows(answer.text, known_ids.PILLARS)
    [question] = await bot.rows()
    [event] = await bot.rows("button_events")
    assert (event["kind"], event["query_id"], event["value"]) == ("related", question["id"],
                                                                  "pilar.daftar")


async def test_a_picked_suggestion_answers_and_is_linked(bot: BotHarness) -> None:
    reply = await bot.ask("bandung")
    assert texts(reply) == ["Kabupaten Bandung", "Kota Bandung"]
    regions = bot.services.matcher.kb.regions.regions
    for kind in ("kabupaten", "kota"):  # both are answered in the one reply
        region = regions[(kind, "bandung")]
        line = next(t for t in reply.text.splitlines() if t.startswith(f"• {region.display}"))
        assert all(str(year) in line for year in region.cohorts), line
    assert "Sumber:" in reply.text
    query = await bot.press(reply, reply.callback_data[1])
    answer = await bot.api.wait_for_bot_message(USER, predicate=lambda m: m.message_id >
                                                reply.message_id)
    assert (await bot.answered(query))["text"] == ""
    assert bot.shows(answer.text, "daerah.kota-bandung")
    assert texts(answer)[-2:] == ["👍 Ya", "👎 Tidak"]
    [question] = await bot.rows()
    assert question["outcome"] == "suggest"
    assert question["suggestions"] == '["daerah.kabupaten-bandung", "daerah.kota-bandung"]'
    [event] = await bot.rows("button_events")
    assert (event["kind"], event["query_id"], event["value"]) == (
        "suggestion", question["id"], "daerah.kota-bandung")


@pytest.mark.parametrize(("vote", "value"), [("u", "up"), ("d", "down")])
async def test_feedback_is_recorded_linked_and_thanked(bot: BotHarness, vote: str,
                                                       value: str) -> None:
    reply = await bot.ask("apa saja pilar smart city")
    query = await bot.press(reply, next(d for d in reply.callback_data if d.endswith(f":{vote}")))
    assert (await bot.answered(query))["text"] == "Terima kasih atas umpan balik Anda!"
    await wait_until(lambda: not any(d.startswith("f:") for d in
                                     bot.api.messages(USER)[-1 if vote == "u" else -2]
                                     .callback_data))
    if vote == "d":
        followup = await bot.api.wait_for_bot_message(
            USER, predicate=lambda m: m.message_id > reply.message_id)
        assert "SP4N-LAPOR!" in followup.text
    [question] = await bot.rows()
    [event] = await bot.rows("button_events")
    assert (event["kind"], event["query_id"], event["value"]) == ("feedback", question["id"],
                                                                  value)


async def test_menu_buttons_open_entries_and_menus(bot: BotHarness) -> None:
    start = await bot.ask("/start")
    query = await bot.press(start, "m:bantuan")
    help_message = await bot.api.wait_for_bot_message(USER)
    await bot.answered(query)
    assert "/daerah [nama]" in help_message.text
    await bot.press(start, callback_data.open_entry("program.cara-bergabung"))
    joining = await bot.api.wait_for_bot_message(USER)
    assert bot.shows(joining.text, known_ids.HOW_TO_JOIN)
    events = await bot.rows("button_events", expect=2)
    assert [(e["kind"], e["value"]) for e in events] == [
        ("menu", "bantuan"), ("menu", "program.cara-bergabung")]


TOO_OLD = "Bad Request: query is too old and response timeout expired or query id is invalid"


@pytest.mark.parametrize(("ask", "button", "expected_text", "event"), [
    ("/start", callback_data.open_entry("program.cara-bergabung"),
     known_ids.HOW_TO_JOIN, ("menu", "program.cara-bergabung")),
    ("/start", "m:bantuan", "/daerah [nama]", ("menu", "bantuan")),
    ("apa saja pilar smart city", "f:", "SP4N-LAPOR!", ("feedback", "down")),
])
async def test_a_press_telegram_calls_too_old_is_still_handled(
        bot: BotHarness, caplog: pytest.LogCaptureFixture, ask: str, button: str,
        expected_text: str, event: tuple[str, str]) -> None:
    # After a restart, presses made meanwhile can no longer be answered; they still count.
    first = await bot.ask(ask)
    await bot.api.add_fault("answerCallbackQuery", 400, description=TOO_OLD)
    caplog.set_level(logging.INFO)
    data = next(d for d in first.callback_data if d.startswith(button) and not d.endswith(":u"))
    query = await bot.press(first, data)
    reply = await bot.api.wait_for_bot_message(
        USER, predicate=lambda m: m.message_id > first.message_id)
    assert shown(bot, reply.text, expected_text)
    [row] = await bot.rows("button_events")
    assert (row["kind"], row["value"]) == event
    assert not query.answered
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_fallback_is_honest_and_points_to_lapor(bot: BotHarness) -> None:
    reply = await bot.ask("jadwal kereta besok pagi")
    assert reply.text.startswith("Maaf, saya belum bisa menjawab pertanyaan itu.")
    assert "kereta" not in reply.text  # the question is not echoed back
    assert "SP4N-LAPOR!" in reply.text and "lapor.go.id" in reply.text
    [row] = await bot.rows()
    assert row["outcome"] == "fallback"


async def test_another_public_service_is_sent_to_the_right_office(bot: BotHarness) -> None:
    reply = await bot.ask("bikin e-KTP yg ilang gmn caranya min")
    [referral] = [r for r in bot.services.matcher.kb.referrals if "ktp" in r.words]
    assert " ".join(visible_text(referral.message).split()) in " ".join(reply.text.split())
    assert "Diskominfo" not in reply.text and "ilang" not in reply.text


async def test_an_unanswered_programme_question_offers_the_nearest_entries(
        bot: BotHarness) -> None:
    reply = await bot.ask("apakah smart city pakai teknologi blockchain")
    assert "Komdigi" in reply.text and "hanya menjawab" not in reply.text
    offered = [d for d in reply.callback_data if d.startswith("s:")]
    assert offered
    await bot.press(reply, offered[0])
    opened = await bot.api.wait_for_bot_message(
        USER, predicate=lambda m: m.message_id > reply.message_id)
    nearest = bot.services.matcher.candidates("apakah smart city pakai teknologi blockchain", 1)
    assert bot.shows(opened.text, nearest[0].entry_id)


async def test_smalltalk_has_no_feedback_buttons(bot: BotHarness) -> None:
    reply = await bot.ask("terima kasih")
    assert not any(d.startswith("f:") for d in reply.callback_data)
    [row] = await bot.rows()
    assert row["outcome"] == "smalltalk"


@pytest.mark.parametrize("kind", ["sticker", "photo", "voice", "location", "document"])
async def test_non_text_messages_get_a_polite_text_reply(bot: BotHarness, kind: str) -> None:
    await bot.api.send_media(USER, kind)
    reply = await bot.api.wait_for_bot_message(USER)
    assert reply.text.startswith("Maaf, saya hanya bisa membaca pesan teks.")
    [row] = await bot.rows()
    assert (row["outcome"], row["question"]) == ("non_text", f"[{kind}]")


async def test_edits_and_channel_posts_do_not_crash(bot: BotHarness,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR)
    first = await bot.ask("apa itu smrt city")
    original = next(m for m in bot.api.messages(USER) if m.sender == "user")
    await bot.api.edit(USER, original.message_id, "apa saja pilar smart city")
    again = await bot.api.wait_for_bot_message(USER, after_seq=first.seq)
    assert bot.shows(again.text, known_ids.PILLARS)
    await bot.api.channel_post(-100777, "/start halo kanal")
    await bot.api.channel_post(-100777, "apa itu smart city")
    reply = await bot.ask("halo")  # still alive, and the channel got nothing
    assert bot.shows(reply.text, GREETING)
    assert [m.sender for m in bot.api.messages(-100777)] == ["channel", "channel"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_long_message_gets_an_answer(bot: BotHarness) -> None:
    question = ("apa itu smart city " * 250)[:4000]
    reply = await bot.ask(question)
    # Answered (the words repeat, so matching still works), not apologised for.
    assert bot.shows(reply.text, known_ids.PROGRAMME)
    [row] = await bot.rows()
    assert (row["outcome"], row["entry_id"]) == ("answer", "program.apa-itu")
    assert len(row["question"]) == 4000


async def test_html_in_a_question_never_reaches_the_reply(bot: BotHarness) -> None:
    greeting = await bot.ask("<b>halo</b> <script>")
    assert bot.shows(greeting.text, GREETING)
    reply = await bot.ask("<b>jadwal</b> kereta <script>alert(1)</script> besok")
    assert reply.text.startswith("Maaf")
    assert "script" not in (reply.html or "") and "jadwal" not in reply.text


async def test_an_old_or_foreign_button_is_still_answered(bot: BotHarness) -> None:
    await bot.ask("/start")
    old = Reply("Tombol lama", ((Button("Lama", "x:lama"), Button("Hilang", "e:zzzzzzzz")),))
    await send_reply(bot.application.bot, USER, old)
    message = bot.bot_messages()[-1]
    for data in message.callback_data:
        query = await bot.press(message, data)
        assert (await bot.answered(query))["text"] == BUTTON_EXPIRED
    assert bot.bot_messages()[-1].message_id == message.message_id  # nothing else was sent


async def test_tanya_without_a_question_asks_for_one(bot: BotHarness) -> None:
    reply = await bot.ask("/tanya")
    assert reply.text.startswith("Silakan tulis pertanyaan Anda setelah /tanya")
    answer = await bot.ask("/tanya apa itu smart city")
    assert bot.shows(answer.text, known_ids.PROGRAMME)
