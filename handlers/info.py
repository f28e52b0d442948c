"""Information commands: `/bantuan` (`/help`), `/pilar`, `/tentang`, `/privasi`, and unknown ones.

`/bantuan` is built from the one command list in `bot.commands`, which also feeds the command
menu, so the two cannot drift apart. In groups every answer is short (how to ask, or an
entry's first paragraph) with a button to continue in a private chat.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot import known_ids
from bot.commands import command
from bot.replies import (
    entry_by_id,
    entry_reply,
    group_entry_reply,
    group_help,
    help_reply,
    pillar_reply,
    unknown_command_reply,
)
from bot.telegram_context import BotContext
from handlers.common import answer_command, group_username


async def bantuan(update: Update, context: BotContext) -> None:
    """Explain what the bot can do, with the command list and example questions."""
    username = group_username(update, context)
    await answer_command(update, context, group_help(username) if username else help_reply())


async def pilar(update: Update, context: BotContext) -> None:
    """Show the six pillars, with a button for each."""
    matcher = context.knowledge.matcher
    username = group_username(update, context)
    reply = group_entry_reply(matcher, entry_by_id(matcher, known_ids.PILLARS), username) \
        if username else pillar_reply(matcher)
    await answer_command(update, context, reply, entry_id=known_ids.PILLARS)


async def _entry_command(update: Update, context: BotContext, entry_id: str) -> None:
    """Answer a command that shows one fixed entry."""
    matcher = context.knowledge.matcher
    entry = entry_by_id(matcher, entry_id)
    username = group_username(update, context)
    reply = group_entry_reply(matcher, entry, username) if username \
        else entry_reply(matcher, entry)
    await answer_command(update, context, reply, entry_id=entry_id)


async def tentang(update: Update, context: BotContext) -> None:
    """Say who runs the bot and that it is not an official government channel."""
    await _entry_command(update, context, known_ids.ABOUT)


async def privasi(update: Update, context: BotContext) -> None:
    """Say what the query log keeps and why."""
    await _entry_command(update, context, known_ids.PRIVACY)


async def unknown_command(update: Update, context: BotContext) -> None:
    """Point to /bantuan when a private chat uses a command this bot does not have."""
    await answer_command(update, context, unknown_command_reply())


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The information commands (names from `bot.commands`)."""
    only_new = filters.UpdateType.MESSAGE
    return [
        CommandHandler(command("bantuan").names, bantuan, filters=only_new),
        CommandHandler(command("pilar").names, pilar, filters=only_new),
        CommandHandler(command("tentang").names, tentang, filters=only_new),
        CommandHandler(command("privasi").names, privasi, filters=only_new),
    ]


def unknown_command_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Unknown commands in private chats: after every command handler."""
    return [MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
                           & filters.COMMAND, unknown_command)]
