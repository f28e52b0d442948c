"""Whether an update is addressed to the bot: the one rule the flood guard and handlers share.

In a private chat everything is for the bot. In a group only our own commands (bare or
`/tanya@our_bot`, never `/warn@modbot`), messages that mention @our_bot and replies to the
bot's messages are; ordinary chatter is not, so the bot neither answers it nor counts it
against a member's flood allowance (and cannot be made to post a warning there).
"""

from __future__ import annotations

import re

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType

from bot.commands import COMMANDS
from bot.telegram_context import BotContext
from handlers.common import in_group

COMMAND_NAMES = frozenset(name for item in COMMANDS for name in item.names)


def is_our_command(message: Message, bot_username: str) -> bool:
    """Whether a message is one of our commands, bare or addressed to us (`/tanya@our_bot`)."""
    text = message.text or ""
    if not text.startswith("/"):
        return False
    name, _, addressee = text.split(maxsplit=1)[0][1:].partition("@")
    return name.lower() in COMMAND_NAMES and addressee.lower() in ("", bot_username.lower())


def addressed_question(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a group message meant for the bot, or None for ordinary chatter.

    A message is meant for the bot when it mentions @bot_username or replies to the bot; the
    mention itself is removed from the question.
    """
    mention = f"@{bot_username}".lower()
    mentioned = bool(bot_username) and any(text.lower() == mention for text in
                    message.parse_entities([MessageEntity.MENTION]).values())
    replied = message.reply_to_message is not None and \
        message.reply_to_message.from_user is not None and \
        message.reply_to_message.from_user.id == bot_id
    if not (mentioned or replied):
        return None
    text = message.text or ""
    if mentioned:
        text = re.sub(rf"@{re.escape(bot_username)}\b", " ", text, flags=re.IGNORECASE)
    return " ".join(text.split())


def addressed_to_bot(update: Update, context: BotContext) -> bool:
    """Whether the bot answers this message, edit or button press (inline queries aside)."""
    if update.callback_query is not None:
        return True
    if update.edited_message is not None:  # edited questions are answered in private chats
        return update.edited_message.chat.type == ChatType.PRIVATE
    message = update.message
    if message is None:
        return False  # channel posts, membership changes
    if not in_group(update):
        return True
    username = context.bot.username or ""
    if (message.text or "").startswith("/"):
        return is_our_command(message, username)
    return addressed_question(message, username, context.bot.id) is not None
