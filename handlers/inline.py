"""Inline mode: `@bot <pertanyaan>` in any chat offers matching entries to share.

Each result is an article whose message is the entry's HTML answer, with a button that opens
the bot privately on the same entry. An empty query offers popular topics; a question the bot
cannot answer offers nothing rather than something unrelated.

Clients send an inline query at nearly every keystroke, so queries are not logged as
questions. What a citizen actually shared is logged instead, from the `chosen_inline_result`
update that Telegram sends only when inline feedback is on (BotFather's `/setinlinefeedback`).
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
from telegram.ext import BaseHandler, ChosenInlineResultHandler, InlineQueryHandler

from bot import callback_data
from bot.knowledge_types import Entry
from bot.matcher import Matcher
from bot.replies import inline_entries
from bot.sending import NO_PREVIEW
from bot.storage import Channel, Outcome, new_record_id
from bot.telegram_context import BotContext
from bot.telegram_html import split_message, visible_text

CACHE_TIME_SECONDS = 300
DESCRIPTION_CHARS = 100


def _article(matcher: Matcher, bot_username: str | None,
             entry: Entry) -> InlineQueryResultArticle:
    """One shareable result for an entry; its id is the entry's button code."""
    html = matcher.render(entry)
    markup = None
    if bot_username:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton(
            "Tanya bot ini", url=callback_data.deep_link(bot_username, entry.id))]])
    return InlineQueryResultArticle(
        id=callback_data.entry_code(entry.id), title=entry.title,
        description=" ".join(visible_text(html).split())[:DESCRIPTION_CHARS],
        input_message_content=InputTextMessageContent(
            split_message(html)[0], parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW),
        reply_markup=markup)


async def inline_query(update: Update, context: BotContext) -> None:
    """Answer an inline query with matching entries (not logged: see the module docstring)."""
    query = update.inline_query
    if query is None:
        return
    text = query.query.strip()
    matcher = context.knowledge.matcher
    result = matcher.match(text) if text else None
    results = [_article(matcher, context.bot.username, entry)
               for entry in inline_entries(matcher, result)]
    await query.answer(results, cache_time=CACHE_TIME_SECONDS, is_personal=False)


async def chosen_result(update: Update, context: BotContext) -> None:
    """Log the entry a citizen shared: the query typed and the entry picked."""
    started = time.perf_counter()
    chosen = update.chosen_inline_result
    if chosen is None:
        return
    context.log_question(update, record_id=new_record_id(), question=chosen.query,
                         outcome=Outcome.ANSWER, channel=Channel.INLINE, started=started,
                         entry_id=context.knowledge.codes.resolve(chosen.result_id))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Inline queries and the results citizens chose from them."""
    return [InlineQueryHandler(inline_query), ChosenInlineResultHandler(chosen_result)]
