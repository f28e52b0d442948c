"""Helpers the handler modules share: where a reply goes, button presses, logging commands."""

from __future__ import annotations

import logging
import time
from typing import TypeVar

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType
from telegram.error import NetworkError

from bot import callback_data
from bot.replies import BUTTON_EXPIRED, Reply
from bot.sending import send_reply
from bot.storage import Channel, Outcome, new_record_id
from bot.telegram_context import BotContext

logger = logging.getLogger(__name__)
A = TypeVar("A", bound=callback_data.Action)

GROUP_TYPES = frozenset({ChatType.GROUP, ChatType.SUPERGROUP})


def in_group(update: Update) -> bool:
    """Whether the update comes from a group or supergroup."""
    chat = update.effective_chat
    return chat is not None and chat.type in GROUP_TYPES


def group_username(update: Update, context: BotContext) -> str | None:
    """The bot's username when the update comes from a group (replies there are short)."""
    return context.bot.username if in_group(update) else None


def conversation_key(update: Update, context: BotContext) -> str | None:
    """The pseudonymous key of one citizen in one chat (follow-ups are read per chat)."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return None
    services = context.services
    return f"{services.user_key(user.id)}:{services.user_key(chat.id)}"


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


async def answer_press(update: Update, text: str | None = None) -> None:
    """Answer a button press (stops the client's spinner); a failure never stops the handler.

    Telegram refuses answers to presses older than about 15 seconds ("query is too old"),
    e.g. presses made while the bot restarted; the press itself is still handled.
    """
    query = update.callback_query
    if query is None:
        return
    try:
        await query.answer(text)
    except NetworkError as error:  # BadRequest and TimedOut included
        logger.info("Could not answer a button press (%s: %s)", type(error).__name__,
                    error.message)


async def pressed(update: Update, kind: type[A]) -> tuple[CallbackQuery, A] | None:
    """The press and its callback data when the data is a `kind` action made by this bot.

    Anything else (forged, or made by an older version) is answered "expired" and gives None,
    so the citizen's client never keeps spinning.
    """
    query = update.callback_query
    action = callback_data.parse(query.data) if query else None
    if query is None or not isinstance(action, kind):
        await answer_press(update, BUTTON_EXPIRED)
        return None
    return query, action


async def reply_to_press(update: Update, context: BotContext, reply: Reply) -> Message | None:
    """Send `reply` where the pressed button is: its chat and, in a forum, its topic."""
    message = update.callback_query.message if update.callback_query else None
    if message is None:
        return None
    # As PTB's Message.reply_*: a reply chain in an ordinary group has a message_thread_id
    # too, but only a forum topic's id is a valid target.
    topic = message.message_thread_id \
        if isinstance(message, Message) and message.is_topic_message else None
    return await send_reply(context.bot, message.chat.id, reply, thread_id=topic)


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
