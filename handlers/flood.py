"""The flood guard, run before every other handler (handler group -1).

Counts what a citizen sends the bot in a token bucket (`bot.flood`): a message costs one token,
a button press half of one. When the bucket is empty the first message gets a warning that says
how long to wait and that messages sent meanwhile are not answered; then everything is ignored
until that time has passed (button presses are still answered, with a short toast). Only what
the bot would answer is counted (`handlers.addressing.addressed_to_bot`), so in a group the bot
cannot be made to post a warning by chatter or by commands for other bots.

In a group, what passes the citizen's bucket is counted again in the group's bucket: a group
gets at most what Telegram lets the bot send there (20 messages a minute). Beyond it the group
gets one short notice and nothing else until the group's bucket is full again, so a burst is
dropped at once instead of queueing for the rate limiter while private chats wait.
Inline queries are counted apart, with a larger allowance because clients send one as the
citizen types; over it they get no results, never a warning (there is no chat to post it in).
"""

from __future__ import annotations

from telegram import InlineQuery, Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.flood import BUTTON_COST, FloodGuard, Verdict
from bot.flood_replies import FLOOD_TOAST, flood_warning, group_busy_notice
from bot.telegram_context import BotContext
from handlers.addressing import addressed_to_bot
from handlers.common import answer_press, in_group, send

FLOOD_GROUP = -1  # handler group: runs before the default group 0
INLINE_QUERIES_PER_MESSAGE = 4  # inline queries allowed for each message of the limit


async def _guard_inline(query: InlineQuery, flood: FloodGuard) -> None:
    """Count an inline query in its own allowance; over it, answer with no results."""
    key = ("inline", query.from_user.id)
    if flood.check(key, scale=INLINE_QUERIES_PER_MESSAGE) is Verdict.ALLOW:
        return
    # Personal and uncached, so the empty answer is never shown to anyone else or later.
    await query.answer([], cache_time=0, is_personal=True)
    raise ApplicationHandlerStop


async def guard(update: Update, context: BotContext) -> None:
    """Let the update through, or warn once and stop it (and everything until the mute ends)."""
    user = update.effective_user
    if user is None:
        return
    services = context.services
    if update.inline_query is not None:
        await _guard_inline(update.inline_query, services.flood)
        return
    if not addressed_to_bot(update, context):
        return
    pressed = update.callback_query is not None
    verdict = services.flood.check(user.id, cost=BUTTON_COST if pressed else 1.0)
    chat = update.effective_chat
    group = ("group", chat.id) if chat is not None and in_group(update) else None
    if verdict is Verdict.ALLOW and group is not None:
        verdict = services.groups.check(group)
        if verdict is Verdict.WARN and not pressed:
            await send(update, context, group_busy_notice(services.groups.window_seconds,
                                                          context.bot.username or ""))
    elif verdict is Verdict.WARN and not pressed:
        # The warning is a message in the chat: in a group it needs the group's allowance too.
        if group is None or services.groups.check(group) is Verdict.ALLOW:
            await send(update, context, flood_warning(services.flood.window_seconds))
    if verdict is Verdict.ALLOW:
        return
    if pressed:
        await answer_press(update, FLOOD_TOAST)
    raise ApplicationHandlerStop


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """The guard, for handler group FLOOD_GROUP."""
    return [TypeHandler(Update, guard)]
