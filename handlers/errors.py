"""The error handler: log first, then tell the citizen politely that something went wrong.

Errors that mean "nobody to tell" are only logged: the citizen blocked the bot (403) or the
network failed while polling. The apology itself must never raise.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.replies import error_reply
from bot.sending import send_reply
from bot.telegram_context import BotContext
from handlers.common import answer_press

logger = logging.getLogger(__name__)

ERROR_TOAST = "Maaf, terjadi kendala. Silakan coba lagi."


async def on_error(update: object, context: BotContext) -> None:
    """Log the exception with the update's kind, then apologise where we can."""
    error = context.error
    kind = next((k for k in ("message", "edited_message", "callback_query", "inline_query",
                             "channel_post") if isinstance(update, Update) and getattr(update, k)),
                type(update).__name__)
    logger.error("Error while handling %s update: %s", kind, error, exc_info=error)
    unreachable = isinstance(error, Forbidden) or (
        isinstance(error, NetworkError) and not isinstance(error, BadRequest))
    if not isinstance(update, Update) or unreachable:
        return  # nobody to tell, or no way to reach them now
    try:
        if update.callback_query is not None:
            await answer_press(update, ERROR_TOAST)
        elif update.message is not None:
            await send_reply(context.bot, update.message.chat_id, error_reply())
    except TelegramError as apology_error:
        logger.warning("Could not send the apology: %s", apology_error)
