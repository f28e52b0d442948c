"""python-telegram-bot against the local Bot API server: the Bot and an Application."""

from __future__ import annotations

import datetime as dtm

import pytest
import telegram
from simulatorkit import CHAT
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from simulator import BOT_USERNAME, LocalBotApi


async def test_python_telegram_bot_compatibility(api: LocalBotApi,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    bot = telegram.Bot(api.token, base_url=api.base_url)
    async with bot:
        me = await bot.get_me()
        assert (me.username, me.is_bot, me.supports_inline_queries) == (BOT_USERNAME, True, True)

        await api.send_text(CHAT, "/start abc")
        [update] = await bot.get_updates(timeout=1)
        assert isinstance(update, telegram.Update)
        assert update.message.text == "/start abc"
        assert update.message.parse_entities([telegram.MessageEntity.BOT_COMMAND]) == {
            telegram.MessageEntity(telegram.MessageEntity.BOT_COMMAND, 0, 6): "/start"}

        markup = telegram.InlineKeyboardMarkup([
            [telegram.InlineKeyboardButton("Ya", callback_data="ya")],
            [telegram.InlineKeyboardButton("Situs", url="https://example.id")]])
        sent = await bot.send_message(CHAT, "<b>Halo</b> 👋 <i>Anda</i>",
                                      parse_mode=ParseMode.HTML, reply_markup=markup)
        assert isinstance(sent, telegram.Message)
        assert sent.reply_markup == markup
        assert sent.text_html == "<b>Halo</b> 👋 <i>Anda</i>"  # UTF-16 offsets round-trip

        await api.press(CHAT, sent.message_id, "ya")
        [update] = await bot.get_updates(offset=update.update_id + 1, timeout=1)
        query = update.callback_query
        assert (query.data, query.message.message_id) == ("ya", sent.message_id)
        assert await query.answer("Terima kasih") is True

        await api.add_fault("sendMessage", 429, retry_after=7)
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(CHAT, "x")
        assert raised.value.retry_after == dtm.timedelta(seconds=7)

        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(4242, "x")
        await api.block(CHAT)
        with pytest.raises(Forbidden, match="bot was blocked by the user"):
            await bot.send_message(CHAT, "x")


async def test_python_telegram_bot_application_end_to_end(api: LocalBotApi) -> None:
    async def start(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_html(
            "<b>Selamat datang</b>, Anda!",
            reply_markup=telegram.InlineKeyboardMarkup(
                [[telegram.InlineKeyboardButton("Info", callback_data="info")]]))

    async def info(update: telegram.Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer("Sip")
        await update.callback_query.edit_message_text("Info smart city")

    application = Application.builder().token(api.token).base_url(api.base_url).build()
    application.add_handlers([CommandHandler("start", start), CallbackQueryHandler(info)])
    async with application:
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=5)
        await api.send_text(CHAT, "/start")
        welcome = await api.wait_for_bot_message(CHAT)
        assert (welcome.text, welcome.callback_data) == ("Selamat datang, Anda!", ["info"])
        await api.press(CHAT, welcome.message_id, "info")
        edited = await api.wait_for_bot_message(CHAT)
        assert (edited.text, edited.edited, edited.reply_markup) == ("Info smart city", True, None)
        await application.updater.stop()
        await application.stop()
    assert api.state.chats[CHAT].toasts[0].text == "Sip"
