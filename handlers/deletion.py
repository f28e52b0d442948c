"""`/hapusdata`: a citizen deletes every record the query log holds under their user key.

The command asks for confirmation with two buttons; "Ya" deletes through the query log (after
the records still queued, and from the spool too) and says how many records were deleted.
Neither the command nor the presses are logged: a deletion request leaves no new record. In a
group the bot only says to use a private chat (there anyone could press the button).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, filters

from bot import callback_data
from bot.deletion_replies import (
    CONFIRM_TOAST,
    GROUP_ONLY_TOAST,
    confirm_deletion,
    deletion_cancelled,
    deletion_done,
    deletion_failed,
    deletion_in_private_only,
)
from bot.sending import remove_buttons
from bot.storage import StorageUnavailable
from bot.telegram_context import BotContext
from handlers.common import answer_press, in_group, pressed, reply_to_press, send

logger = logging.getLogger(__name__)


async def hapusdata(update: Update, context: BotContext) -> None:
    """Ask for confirmation (private chats) or point to the private chat (groups)."""
    if in_group(update):
        await send(update, context, deletion_in_private_only(context.bot.username or ""))
        return
    await send(update, context,
               confirm_deletion(context.services.settings.log_retention_days))


async def confirmed(update: Update, context: BotContext) -> None:
    """Delete on "Ya", or do nothing on "Batal"; the buttons go away either way."""
    press = await pressed(update, callback_data.DeleteData)
    if press is None:
        return
    query, action = press
    if in_group(update):
        await answer_press(update, GROUP_ONLY_TOAST)
        return
    await answer_press(update, CONFIRM_TOAST if action.confirmed else None)
    await remove_buttons(query, None)
    if not action.confirmed:
        await reply_to_press(update, context, deletion_cancelled())
        return
    key = context.services.user_key(query.from_user.id)
    try:
        count = await context.services.query_log.delete_user(key)
    except StorageUnavailable as exc:
        logger.warning("Could not delete a citizen's records: %s", exc)
        await reply_to_press(update, context, deletion_failed())
        return
    logger.info("Deleted %d query log records at a citizen's request", count)
    await reply_to_press(update, context, deletion_done(count))


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """`/hapusdata` and its confirmation buttons."""
    return [
        CommandHandler("hapusdata", hapusdata, filters=filters.UpdateType.MESSAGE),
        CallbackQueryHandler(confirmed, pattern=r"^h:"),
    ]
