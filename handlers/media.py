"""Stickers, photos, voice notes, locations, documents: a polite text-only reply.

In private chats every non-text message is answered; in groups only one that replies to the
bot (anything else there is members talking to each other).
"""

from __future__ import annotations

import time

from telegram import Message, Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.replies import non_text_reply
from bot.storage import Outcome, new_record_id
from bot.telegram_context import BotContext
from handlers.common import channel_of, in_group, send

KINDS = ("sticker", "photo", "voice", "audio", "video", "video_note", "animation", "location",
         "venue", "contact", "document", "poll", "dice")


def kind_of(message: Message) -> str:
    """What was sent, e.g. "sticker" (logged as "[sticker]" instead of a question)."""
    return next((kind for kind in KINDS if getattr(message, kind, None)), "lainnya")


async def non_text(update: Update, context: BotContext) -> None:
    """Tell the citizen the bot reads text only."""
    started = time.perf_counter()
    message = update.message
    if message is None:
        return
    if in_group(update):
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
            return
    await send(update, context, non_text_reply())
    context.log_question(update, record_id=new_record_id(), question=f"[{kind_of(message)}]",
                         outcome=Outcome.NON_TEXT, channel=channel_of(update), started=started)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """New non-text messages (service messages such as "X joined" are left alone)."""
    return [MessageHandler(filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL
                           & (filters.ChatType.PRIVATE | filters.ChatType.GROUPS), non_text)]
