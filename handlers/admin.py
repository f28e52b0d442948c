"""Commands for the knowledge admins (ADMIN_USER_IDS, private chats only).

/muatulang reloads the knowledge now, /versi tells which version is served; /statistik and
/belumterjawab read the query log through the reports every front end uses (in a thread: the
queries block). Anyone else gets the reply an unknown command gets, as if these commands did
not exist: the handlers' filter lets only the admins' private messages through, so other
updates fall through to the unknown-command handler. They are not in the command menu.
`alert_admins` tells every admin, once per broken version, that a live reload refused an edit.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, BaseHandler, CommandHandler, filters

from bot.admin_replies import (
    log_unavailable_reply,
    refused_alert,
    refused_reply,
    reloaded_reply,
    statistics_reply,
    unanswered_reply,
    version_reply,
)
from bot.admin_reports import (
    MAX_UNANSWERED_DAYS,
    UNANSWERED_SINCE_DAYS,
    statistics,
    unanswered,
)
from bot.knowledge_watch import reload
from bot.replies import Reply
from bot.reports import SchemaMissing
from bot.sending import send_reply
from bot.storage import StorageUnavailable
from bot.telegram_context import BotApplication, BotContext
from bot.yaml_source import Problem
from handlers.common import send

logger = logging.getLogger(__name__)

RELOAD = "muatulang"
VERSION = "versi"
STATISTICS = "statistik"
UNANSWERED = "belumterjawab"


async def muatulang(update: Update, context: BotContext) -> None:
    """Reload the knowledge now; reply with the new version or the checker's messages."""
    user = update.effective_user
    holder = context.services.knowledge
    previous = holder.current.matcher.kb.version
    if await reload(holder, context.services.settings,
                    requested_by=user.id if user else None):
        reply = reloaded_reply(holder.current.matcher.kb, previous)
    else:
        reply = refused_reply(holder.problems, holder.current.matcher.kb.version)
    await send(update, context, reply)


async def versi(update: Update, context: BotContext) -> None:
    """Tell the version served, when it was loaded and how many entries it has."""
    holder = context.services.knowledge
    await send(update, context, version_reply(holder.current.matcher.kb,
                                              holder.current.loaded_at, holder.problems))


async def statistik(update: Update, context: BotContext) -> None:
    """Questions, outcomes and feedback of today and of the last 7 days."""
    url = context.services.settings.database_url.get_secret_value()
    try:
        windows = await asyncio.to_thread(statistics, url, datetime.now(UTC))
    except StorageUnavailable as error:
        await send(update, context, log_unavailable_reply(isinstance(error, SchemaMissing)))
        return
    await send(update, context, statistics_reply(windows))


async def belumterjawab(update: Update, context: BotContext) -> None:
    """The largest groups of unanswered questions (`/belumterjawab 30`: of 30 days)."""
    days = UNANSWERED_SINCE_DAYS
    if context.args and context.args[0].isdigit():
        days = min(max(int(context.args[0]), 1), MAX_UNANSWERED_DAYS)
    url = context.services.settings.database_url.get_secret_value()
    try:
        clusters = await asyncio.to_thread(unanswered, url, context.knowledge.matcher,
                                           datetime.now(UTC), days)
    except StorageUnavailable as error:
        await send(update, context, log_unavailable_reply(isinstance(error, SchemaMissing)))
        return
    await send(update, context, unanswered_reply(clusters, days))


def admin_only(admin_ids: tuple[int, ...]) -> filters.BaseFilter:
    """New messages from an admin in a private chat."""
    return (filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
            & filters.User(user_id=admin_ids))


def handlers(admin_ids: tuple[int, ...]) -> list[BaseHandler[Update, BotContext, None]]:
    """The admin commands (none when there are no admins)."""
    if not admin_ids:
        return []
    only = admin_only(admin_ids)
    return [CommandHandler(RELOAD, muatulang, filters=only),
            CommandHandler(VERSION, versi, filters=only),
            CommandHandler(STATISTICS, statistik, filters=only),
            CommandHandler(UNANSWERED, belumterjawab, filters=only)]


async def alert_admins(application: Application, problems: tuple[Problem, ...],
                       requested_by: int | None) -> None:
    """Send the refused edit's messages to every admin but the one who asked."""
    if not isinstance(application, BotApplication):
        return
    services = application.services
    reply: Reply = refused_alert(problems, services.knowledge.current.matcher.kb.version)
    for admin in services.settings.admin_user_ids:
        if admin == requested_by:
            continue
        try:
            await send_reply(application.bot, admin, reply)
        except TelegramError as error:  # e.g. an admin who never opened a chat with the bot
            logger.warning("Could not alert an admin about the refused edit (%s: %s)",
                           type(error).__name__, error.message)


def watch_refusals(application: BotApplication) -> None:
    """Alert the admins whenever a live reload of this bot refuses an edit."""
    async def listener(version: str, problems: tuple[Problem, ...],
                       requested_by: int | None) -> None:
        await alert_admins(application, problems, requested_by)

    application.services.knowledge.on_refused = listener
