"""`/start`: the greeting with the menu, or straight to an entry when a deep link names one.

Deep links are `https://t.me/<bot>?start=<payload>`, the payload being an entry id with its
dots written as "_" (e.g. `pilar_daftar`) or the entry's 8-character code; see
`bot.callback_data`. A payload that names no entry gets the normal greeting. In groups both are
short: how to ask there, or the entry's first paragraph, with a button to the private chat.
"""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, filters

from bot.callback_data import FOREIGN_VALUE, entry_for_payload
from bot.greeting_replies import greeting
from bot.replies import entry_reply, group_entry_reply, group_greeting
from bot.storage import Channel, Outcome, new_record_id
from bot.telegram_context import BotContext
from handlers.common import channel_of, group_username, send


async def start(update: Update, context: BotContext) -> None:
    """Greet the citizen, or answer the entry named by a deep-link payload."""
    started = time.perf_counter()
    message = update.effective_message
    if message is None or message.text is None:
        return
    matcher, codes = context.knowledge.matcher, context.knowledge.codes
    payload = context.args[0] if context.args else ""
    entry_id = entry_for_payload(payload, matcher.kb.entries, codes) if payload else None
    entry = matcher.entry(entry_id) if entry_id else None
    username = group_username(update, context)
    record_id = new_record_id()
    if entry is None:
        user = update.effective_user
        reply = group_greeting(username) if username else \
            greeting(user.first_name if user else None)
    elif username:
        reply = group_entry_reply(matcher, entry, username)
    else:
        reply = entry_reply(matcher, entry, record_id=record_id, feedback=True)
    await send(update, context, reply)
    logged = payload if entry is not None else (FOREIGN_VALUE if payload else "")
    command = message.text.split(maxsplit=1)[0]
    context.log_question(
        update, record_id=record_id, question=f"{command} {logged}".rstrip(), started=started,
        payload=logged or None,
        outcome=Outcome.COMMAND if entry is None else Outcome.ANSWER,
        entry_id=entry.id if entry else None,
        channel=channel_of(update) if entry is None else Channel.DEEPLINK)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """`/start`."""
    return [CommandHandler("start", start, filters=filters.UpdateType.MESSAGE)]
