"""Updates Telegram delivers again are dropped before anything else runs (handler group -2).

In webhook mode the receiver has already answered 200, so Telegram stops retrying; in both
modes the copy is neither answered, nor logged, nor counted by the flood guard.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.telegram_context import BotContext

logger = logging.getLogger(__name__)

REDELIVERY_GROUP = -2  # before the flood guard (-1) and every handler (0)


async def drop_redelivered(update: Update, context: BotContext) -> None:
    """Stop an update whose id was handled already."""
    if context.services.recent_updates.first_time(update.update_id):
        return
    logger.info("Ignoring update %d: Telegram delivered it again", update.update_id)
    raise ApplicationHandlerStop


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The redelivery check, for handler group REDELIVERY_GROUP."""
    return [TypeHandler(Update, drop_redelivered)]
