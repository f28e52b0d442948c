"""Inline mode: `@bot <pertanyaan>` in any chat offers matching entries to share.

Each result is an article whose message is the entry's HTML answer, with a button that opens
the bot privately on the same entry. An empty query offers popular topics; a question the bot
cannot answer offers nothing rather than something unrelated.
"""

from __future__ import annotations

import time

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.ext import BaseHandler, InlineQueryHandler

from bot import callbacks
from bot.context import BotContext
from bot.knowledge import Entry
from bot.replies import inline_entries
from bot.sending import NO_PREVIEW
from bot.storage import Channel
from bot.storage.models import new_record_id
from bot.telegram_html import split_message, visible_text

CACHE_TIME_SECONDS = 300
DESCRIPTION_CHARS = 100


def _article(context: BotContext, entry: Entry) -> InlineQueryResultArticle:
    """One shareable result for an entry."""
    html = context.services.matcher.render(entry)
    markup = None
    if context.bot.username:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(
            "Tanya bot ini", url=callbacks.deep_link(context.bot.username, entry.id))]])
    return InlineQueryResultArticle(
        id=callbacks.entry_code(entry.id), title=entry.title,
        description=" ".join(visible_text(html).split())[:DESCRIPTION_CHARS],
        input_message_content=InputTextMessageContent(
            split_message(html)[0], parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW),
        reply_markup=markup)


async def inline_query(update: Update, context: BotContext) -> None:
    """Answer an inline query with matching entries, then log non-empty queries."""
    started = time.perf_counter()
    query = update.inline_query
    if query is None:
        return
    text = query.query.strip()
    matcher = context.services.matcher
    result = matcher.match(text) if text else None
    results = [_article(context, entry) for entry in inline_entries(matcher, result)]
    await query.answer(results, cache_time=CACHE_TIME_SECONDS, is_personal=False)
    if result is not None:  # empty queries are the client opening inline mode, not questions
        context.log_question(update, record_id=new_record_id(), question=text,
                             outcome=result.outcome, channel=Channel.INLINE, started=started,
                             result=result)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The inline query handler."""
    return [InlineQueryHandler(inline_query)]
