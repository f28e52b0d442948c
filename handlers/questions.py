"""Questions: free text in private chats, `/tanya`, and mentions of or replies to the bot.

In groups the bot answers only what is addressed to it (a command, a mention, a reply to one
of its messages), never ordinary chatter, and keeps the answer short with a link to continue
in a private chat. An edited question in a private chat is answered again. A short follow-up
("syaratnya apa?") is read against the topic of the citizen's last answer in the same chat,
remembered a few minutes in memory (FOLLOWUP_SECONDS).
"""

from __future__ import annotations

import time

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.outcome import Outcome
from bot.replies import answer_reply, ask_prompt
from bot.storage import Channel, new_record_id
from bot.telegram_context import BotContext
from handlers.addressing import addressed_question
from handlers.common import (
    answer_command,
    channel_of,
    conversation_key,
    group_username,
    send,
)


async def answer_question(update: Update, context: BotContext, question: str, *,
                          channel: Channel) -> None:
    """Match a question, send the rendered outcome, then hand the record to the query log."""
    started = time.perf_counter()
    matcher = context.knowledge.matcher
    record_id = new_record_id()
    memory = context.services.conversations
    key = conversation_key(update, context)
    result = matcher.match(question, context=memory.recall(key) if key else None)
    reply = answer_reply(matcher, result, record_id,
                         group_bot_username=group_username(update, context))
    if key and result.outcome is Outcome.ANSWER and result.entry_id:
        memory.remember(key, result.entry_id)
    await send(update, context, reply)
    context.log_question(update, record_id=record_id, question=question, outcome=result.outcome,
                         channel=channel, started=started, result=result)


async def private_question(update: Update, context: BotContext) -> None:
    """Answer free text in a private chat."""
    if update.message and update.message.text:
        await answer_question(update, context, update.message.text, channel=Channel.PRIVATE)


async def tanya(update: Update, context: BotContext) -> None:
    """`/tanya <pertanyaan>`: ask explicitly (the way to ask in groups)."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    parts = message.text.split(maxsplit=1)
    if len(parts) < 2:
        await answer_command(update, context, ask_prompt())
        return
    await answer_question(update, context, parts[1], channel=channel_of(update))


async def group_message(update: Update, context: BotContext) -> None:
    """Answer a group message that mentions or replies to the bot; ignore the rest."""
    message = update.message
    if message is None or context.bot.username is None:
        return
    question = addressed_question(message, context.bot.username, context.bot.id)
    if question is None:
        return  # ordinary chatter between members: not for us
    if not question:
        await send(update, context, ask_prompt())
        return
    await answer_question(update, context, question, channel=Channel.GROUP)


async def edited_question(update: Update, context: BotContext) -> None:
    """Answer an edited question again in a private chat; ignore other edits."""
    message = update.edited_message
    if message is None or message.chat.type != ChatType.PRIVATE or not message.text \
            or message.text.startswith("/"):
        return
    await answer_question(update, context, message.text, channel=Channel.PRIVATE)


TEXT_MESSAGE = filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND


def command_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """`/tanya`."""
    return [CommandHandler("tanya", tanya, filters=filters.UpdateType.MESSAGE)]


def group_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Group messages that may be addressed to the bot, and edited messages."""
    return [
        MessageHandler(filters.ChatType.GROUPS & TEXT_MESSAGE, group_message),
        MessageHandler(filters.UpdateType.EDITED_MESSAGE, edited_question),
    ]


def free_text_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Free text in private chats: must be registered after every other message handler."""
    return [MessageHandler(filters.ChatType.PRIVATE & TEXT_MESSAGE, private_question)]
