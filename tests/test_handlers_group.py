"""The bot in a group: only what is addressed to it, short answers, a link to go private.

Privacy mode is off in this module's local API, so every group message reaches the bot and
the bot's own filtering is what is tested (as when it is an admin or privacy is disabled).
"""

from __future__ import annotations

import pytest
from botkit import BotHarness

from bot import callback_data
from bot.replies import Button, Reply
from bot.sending import keyboard
from simulator import BOT_USERNAME

GROUP = -1001234
MEMBER = 2002


@pytest.fixture
def privacy_mode() -> bool:
    return False


async def say(bot: BotHarness, text: str, **kwargs) -> int | None:
    return await bot.api.send_text(GROUP, text, chat_type="group", user_id=MEMBER, **kwargs)


def deep_links(message) -> list[str]:
    return [b["url"] for b in message.buttons if "url" in b]


async def test_chatter_is_ignored_and_tanya_is_answered_briefly(bot: BotHarness) -> None:
    await say(bot, "apa itu smart city")
    await say(bot, "halo semua, besok rapat jam 9")
    await say(bot, "/tanya apa itu smart city")
    reply = await bot.api.wait_for_bot_message(GROUP)
    asked = [m for m in bot.api.messages(GROUP) if m.sender == "user"][-1]
    assert reply.payload["reply_to_message"]["message_id"] == asked.message_id
    assert len(bot.bot_messages(GROUP)) == 1  # the two chatter messages got nothing
    full = bot.services.matcher.render(bot.services.matcher.entry("program.apa-itu"))
    assert bot.shows(reply.text, "program.apa-itu")
    assert len(reply.text) < len(full) and "\n\n" not in reply.text
    assert deep_links(reply) == [f"https://t.me/{BOT_USERNAME}?start=program_apa-itu"]
    assert reply.callback_data == []  # no feedback buttons in groups
    [row] = await bot.rows()
    assert (row["channel"], row["chat_type"], row["entry_id"]) == ("group", "group",
                                                                   "program.apa-itu")


async def test_a_mention_is_answered(bot: BotHarness) -> None:
    await say(bot, f"@{BOT_USERNAME} apa saja pilar smart city?")
    reply = await bot.api.wait_for_bot_message(GROUP)
    assert bot.shows(reply.text, "pilar.daftar")
    assert deep_links(reply) == [f"https://t.me/{BOT_USERNAME}?start=pilar_daftar"]
    [row] = await bot.rows()
    assert row["question"] == "apa saja pilar smart city?"


async def test_a_reply_to_the_bot_is_answered(bot: BotHarness) -> None:
    await say(bot, "/tanya apa itu smart city")
    first = await bot.api.wait_for_bot_message(GROUP)
    await say(bot, "kalau pilar smart city apa saja?", reply_to=first.message_id)
    second = await bot.api.wait_for_bot_message(GROUP)
    assert bot.shows(second.text, "pilar.daftar")


async def test_a_reply_to_another_member_is_ignored(bot: BotHarness) -> None:
    await say(bot, "siapa yang bawa laptop?")
    other = bot.api.messages(GROUP)[-1]
    await say(bot, "apa itu smart city", reply_to=other.message_id)
    await say(bot, "/tanya")
    prompt = await bot.api.wait_for_bot_message(GROUP)
    assert prompt.text.startswith("Silakan tulis pertanyaan Anda setelah /tanya")
    assert len(bot.bot_messages(GROUP)) == 1


async def test_a_sticker_in_a_group_is_ignored(bot: BotHarness) -> None:
    await bot.api.send_media(GROUP, "sticker", chat_type="group", user_id=MEMBER)
    await say(bot, "/tanya halo")
    reply = await bot.api.wait_for_bot_message(GROUP)
    assert bot.shows(reply.text, "smalltalk.salam")
    assert len(bot.bot_messages(GROUP)) == 1


async def test_suggestions_in_a_group_lead_to_a_short_answer(bot: BotHarness) -> None:
    await say(bot, "/tanya bandung")
    suggest = await bot.api.wait_for_bot_message(GROUP)
    assert [b["text"] for b in suggest.buttons] == ["Kabupaten Bandung", "Kota Bandung"]
    query = await bot.press(suggest, suggest.callback_data[1], user_id=MEMBER)
    answer = await bot.api.wait_for_bot_message(
        GROUP, predicate=lambda m: m.message_id > suggest.message_id)
    await bot.answered(query)
    assert bot.shows(answer.text, "daerah.kota-bandung")
    assert deep_links(answer) == [f"https://t.me/{BOT_USERNAME}?start=daerah_kota-bandung"]


@pytest.mark.parametrize(("command", "payload"), [
    ("/start", None),
    ("/start pilar_daftar", "pilar_daftar"),
    ("/bantuan", None),
    ("/help", None),
    ("/pilar", "pilar_daftar"),
    ("/daerah", "daerah_daftar"),
    ("/daerah negeri antah berantah", "daerah_daftar"),
    ("/daerah kota bandung", "daerah_kota-bandung"),
    ("/tentang", "bot_tentang"),
    ("/privasi", "bot_privasi"),
])
async def test_every_command_answers_briefly_in_a_group(bot: BotHarness, command: str,
                                                        payload: str | None) -> None:
    await say(bot, command)
    reply = await bot.api.wait_for_bot_message(GROUP)
    assert "\n\n" not in reply.text and len(reply.text) < 800
    assert reply.callback_data == []  # menus, lists and feedback stay in the private chat
    link = f"https://t.me/{BOT_USERNAME}" + (f"?start={payload}" if payload else "")
    assert deep_links(reply) == [link]


async def test_a_press_in_a_forum_topic_is_answered_in_that_topic(bot: BotHarness) -> None:
    forum, topic = -1005555, 7
    await bot.api.send_text(forum, "/tanya halo", chat_type="supergroup", user_id=MEMBER)
    await bot.api.wait_for_bot_message(forum)
    entry = callback_data.open_entry("daerah.kota-bandung")
    buttons = Reply("Pilih", ((Button("Bantuan", "m:bantuan"), Button("Kota Bandung", entry)),))
    menu = await bot.application.bot.send_message(forum, "Pilih", message_thread_id=topic,
                                                  reply_markup=keyboard(buttons))
    pressed = bot.bot_messages(forum)[-1]
    assert pressed.message_id == menu.message_id
    for data in pressed.callback_data:
        await bot.press(pressed, data, user_id=MEMBER)
        reply = await bot.api.wait_for_bot_message(forum)
        assert reply.payload.get("message_thread_id") == topic, data
