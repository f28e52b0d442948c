"""The flood guard, run before every other handler (handler group -1).

Counts the messages and button presses a citizen sends the bot; over FLOOD_MAX_MESSAGES per
FLOOD_WINDOW_SECONDS the first one gets "mohon tunggu sebentar" and the rest of the window is
ignored (button presses are still answered, with a short toast). Group chatter not addressed
to the bot is not counted.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.context import BotContext
from bot.flood import Verdict
from bot.replies import FLOOD_TOAST, flood_warning
from handlers.common import in_group, send
from handlers.questions import addressed_question

FLOOD_GROUP = -1  # handler group: runs before the default group 0


def _counts(update: Update, context: BotContext) -> bool:
    """Whether the update is something the bot would answer."""
    if update.callback_query is not None:
        return True
    message = update.message
    if message is None:
        return False  # edits, channel posts, inline queries, membership changes
    if not in_group(update):
        return True
    if (message.text or "").startswith("/"):
        return True
    return addressed_question(message, context.bot.username or "", context.bot.id) is not None


async def guard(update: Update, context: BotContext) -> None:
    """Let the update through, or warn once and stop it (and everything until the mute ends)."""
    user = update.effective_user
    if user is None or not _counts(update, context):
        return
    flood = context.services.flood
    verdict = flood.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    if update.callback_query is not None:
        await update.callback_query.answer(FLOOD_TOAST)
    elif verdict is Verdict.WARN:
        await send(update, context, flood_warning(flood.window_seconds))
    raise ApplicationHandlerStop


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The guard, for handler group FLOOD_GROUP."""
    return [TypeHandler(Update, guard)]
