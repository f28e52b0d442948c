"""Small helpers the handler modules share: where a reply goes, and logging a command."""

from __future__ import annotations

import time

from telegram import Message, Update
from telegram.constants import ChatType

from bot.context import BotContext
from bot.replies import Reply
from bot.sending import send_reply
from bot.storage import Channel, Outcome
from bot.storage.models import new_record_id

GROUP_TYPES = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})


def in_group(update: Update) -> bool:
    """Whether the update comes from a group or supergroup."""
    chat = update.effective_chat
    return chat is not None and chat.type in GROUP_TYPES


def channel_of(update: Update) -> Channel:
    """The query-log channel of a message: group or private."""
    return Channel.GROUP if in_group(update) else Channel.PRIVATE


async def send(update: Update, context: BotContext, reply: Reply) -> Message | None:
    """Send `reply` to the update's chat, quoting the citizen's message in groups."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None:
        return None
    quote = message.message_id if message is not None and in_group(update) else None
    return await send_reply(context.bot, chat.id, reply, reply_to=quote)


async def answer_command(update: Update, context: BotContext, reply: Reply, *,
                         entry_id: str | None = None) -> None:
    """Send the reply to a command, then log the command."""
    started = time.perf_counter()
    await send(update, context, reply)
    message = update.effective_message
    context.log_question(update, record_id=new_record_id(),
                         question=(message.text or "") if message else "",
                         outcome=Outcome.COMMAND, channel=channel_of(update), started=started,
                         entry_id=entry_id)
