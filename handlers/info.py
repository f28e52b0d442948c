"""Information commands: `/bantuan` (`/help`), `/pilar`, `/tentang`, `/privasi`, and unknown ones.

`/bantuan` is built from the one command list in `bot.commands`, which also feeds the command
menu, so the two cannot drift apart.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler, MessageHandler, filters

from bot.commands import command
from bot.context import BotContext
from bot.replies import entry_by_id, entry_reply, help_reply, pillar_reply, unknown_command_reply
from handlers.common import answer_command

ABOUT_ENTRY = "bot.tentang"
PRIVACY_ENTRY = "bot.privasi"


async def bantuan(update: Update, context: BotContext) -> None:
    """Explain what the bot can do, with the command list and example questions."""
    await answer_command(update, context, help_reply())


async def pilar(update: Update, context: BotContext) -> None:
    """Show the six pillars, with a button for each."""
    await answer_command(update, context, pillar_reply(context.services.matcher),
                         entry_id="pilar.daftar")


async def tentang(update: Update, context: BotContext) -> None:
    """Say who runs the bot and that it is not an official government channel."""
    matcher = context.services.matcher
    await answer_command(update, context, entry_reply(matcher, entry_by_id(matcher, ABOUT_ENTRY)),
                         entry_id=ABOUT_ENTRY)


async def privasi(update: Update, context: BotContext) -> None:
    """Say what the query log keeps and why."""
    matcher = context.services.matcher
    reply = entry_reply(matcher, entry_by_id(matcher, PRIVACY_ENTRY))
    await answer_command(update, context, reply, entry_id=PRIVACY_ENTRY)


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
