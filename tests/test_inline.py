"""Inline mode: `@bot <query>` offers entries to share in any chat."""

from __future__ import annotations

from botkit import USER, BotHarness, stored
from storagekit import wait_until

from bot import callback_data
from bot.privacy import user_key
from bot.telegram_html import check_html, visible_text
from simulator import BOT_USERNAME


async def inline(bot: BotHarness, query: str) -> list[dict]:
    record = await bot.api.inline(query)
    await wait_until(lambda: record.answered)
    return bot.api.inline_results(record.id)


async def test_an_inline_query_returns_the_matching_entry(bot: BotHarness) -> None:
    results = await inline(bot, "apa saja pilar smart city")
    first = results[0]
    assert first["type"] == "article"
    assert first["id"] == callback_data.entry_code("pilar.daftar")
    entry = bot.services.matcher.entry("pilar.daftar")
    assert entry is not None and first["title"] == entry.title
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert check_html(content["message_text"]) == []
    assert bot.shows(visible_text(content["message_text"]), "pilar.daftar")
    button = first["reply_markup"]["inline_keyboard"][0][0]
    assert button["url"] == f"https://t.me/{BOT_USERNAME}?start=pilar_daftar"
    assert len(results) > 1  # related entries follow


async def test_an_ambiguous_inline_query_offers_the_suggestions(bot: BotHarness) -> None:
    results = await inline(bot, "bandung")
    assert [r["title"] for r in results] == ["Kabupaten Bandung", "Kota Bandung"]


async def test_an_empty_inline_query_offers_popular_topics_and_is_not_logged(
        bot: BotHarness) -> None:
    results = await inline(bot, "")
    assert [r["id"] for r in results] == [callback_data.entry_code(i) for i in (
        "program.apa-itu", "pilar.daftar", "daerah.daftar", "program.cara-bergabung")]
    await bot.services.query_log.flush()
    assert await bot.rows(expect=0) == []


async def test_an_off_topic_inline_query_offers_nothing(bot: BotHarness) -> None:
    assert await inline(bot, "resep nasi goreng") == []


async def test_the_shared_result_is_logged_not_each_keystroke(bot: BotHarness) -> None:
    typed = ["ap", "apa saja", "apa saja pilar", "apa saja pilar smart city"]
    records = [await bot.api.inline(text, user_id=USER) for text in typed]
    await wait_until(lambda: all(r.answered for r in records))
    chosen = records[-1]
    second = bot.api.inline_results(chosen.id)[1]
    await bot.api.choose_inline(chosen.id, second["id"])
    [row] = await bot.rows()
    assert (row["channel"], row["chat_type"], row["outcome"]) == ("inline", "inline", "answer")
    assert row["question"] == "apa saja pilar smart city"
    assert row["entry_id"] == bot.services.codes.resolve(second["id"]) is not None
    assert row["user_key"] == user_key(bot.services.user_key_secret, USER)
    await bot.services.query_log.flush()
    # The queries typed on the way are not logged.
    assert len(stored(bot.settings.database_url.get_secret_value(), "questions")) == 1
