"""The flood guard, run before every other handler (handler group -1).

Counts the messages, edits and button presses a citizen sends the bot; over FLOOD_MAX_MESSAGES
per FLOOD_WINDOW_SECONDS the first one gets "mohon tunggu sebentar" and the rest of the window
is ignored (button presses are still answered, with a short toast). Only what the bot would
answer is counted (`handlers.addressing.addressed_to_bot`), so in a group the bot cannot be made
to post a warning by chatter or by commands for other bots.
Inline queries are counted apart, with a larger allowance because clients send one as the
citizen types; over it they get no results, never a warning (there is no chat to post it in).
"""

from __future__ import annotations

from telegram import InlineQuery, Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.flood import FloodGuard, Verdict
from bot.replies import FLOOD_TOAST, flood_warning
from bot.telegram_context import BotContext
from handlers.addressing import addressed_to_bot
from handlers.common import answer_press, send

FLOOD_GROUP = -1  # handler group: runs before the default group 0
INLINE_QUERIES_PER_MESSAGE = 4  # inline queries allowed for each message of the limit


async def _guard_inline(query: InlineQuery, flood: FloodGuard) -> None:
    """Count an inline query in its own allowance; over it, answer with no results."""
    limit = flood.max_messages * INLINE_QUERIES_PER_MESSAGE
    if flood.check(("inline", query.from_user.id), limit=limit) is Verdict.ALLOW:
        return
    # Personal and uncached, so the empty answer is never shown to anyone else or later.
    await query.answer([], cache_time=0, is_personal=True)
    raise ApplicationHandlerStop


async def guard(update: Update, context: BotContext) -> None:
    """Let the update through, or warn once and stop it (and everything until the mute ends)."""
    user = update.effective_user
    if user is None:
        return
    flood = context.services.flood
    if update.inline_query is not None:
        await _guard_inline(update.inline_query, flood)
        return
    if not addressed_to_bot(update, context):
        return
    verdict = flood.check(user.id)
    if verdict is Verdict.ALLOW:
        return
    if update.callback_query is not None:
        await answer_press(update, FLOOD_TOAST)
    elif verdict is Verdict.WARN:
        await send(update, context, flood_warning(flood.window_seconds))
    raise ApplicationHandlerStop


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The guard, for handler group FLOOD_GROUP."""
    return [TypeHandler(Update, guard)]
