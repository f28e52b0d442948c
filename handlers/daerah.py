"""`/daerah [nama]`: a region by name, or the participant lists by province and by cohort.

The lists are pages of one message: paging buttons edit it in place; a province or cohort
button opens its entry as a new message (handled in `handlers.buttons`). In groups the answer
is short and the lists are offered in a private chat.
"""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import browse, callback_data
from bot.outcome import Outcome
from bot.replies import answer_reply
from bot.sending import edit_reply
from bot.storage import EventKind, new_record_id
from bot.telegram_context import BotContext
from handlers.common import answer_command, answer_press, channel_of, group_username, send


async def daerah(update: Update, context: BotContext) -> None:
    """Answer `/daerah <nama>`, or show how to browse when no name is given."""
    started = time.perf_counter()
    message = update.effective_message
    if message is None or message.text is None:
        return
    parts = message.text.split(maxsplit=1)
    username = group_username(update, context)
    if len(parts) < 2:
        await answer_command(update, context, browse.group_daerah_menu(username) if username
                             else browse.daerah_menu())
        return
    matcher = context.knowledge.matcher
    record_id = new_record_id()
    result = browse.find_region(matcher, parts[1])
    if result.outcome is Outcome.FALLBACK:
        reply = browse.region_not_found(parts[1], group_bot_username=username)
    else:
        reply = answer_reply(matcher, result, record_id, group_bot_username=username)
    await send(update, context, reply)
    context.log_question(update, record_id=record_id, question=message.text,
                         outcome=result.outcome, channel=channel_of(update), started=started,
                         result=result)


async def page(update: Update, context: BotContext) -> None:
    """Show a page of the province list, or the cohort list, in the same message."""
    query = update.callback_query
    if query is None:
        return
    await answer_press(update)
    action = callback_data.parse(query.data)
    regions = context.knowledge.matcher.kb.regions
    if isinstance(action, callback_data.ProvincePage):
        await edit_reply(query, browse.province_page(regions, action.page))
        context.log_event(update, EventKind.PAGE, value=f"provinsi:{action.page}")
    else:
        await edit_reply(query, browse.cohort_list(regions))
        context.log_event(update, EventKind.PAGE, value="angkatan")


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """`/daerah` and its paging buttons."""
    return [
        CommandHandler("daerah", daerah, filters=filters.UpdateType.MESSAGE),
        CallbackQueryHandler(page, pattern=r"^d:(p:\d{1,3}|a)$"),
    ]
