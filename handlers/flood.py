"""The flood guard, run before every other handler (handler group -1).

Counts the messages, edits and button presses a citizen sends the bot; over FLOOD_MAX_MESSAGES
per FLOOD_WINDOW_SECONDS the first one gets "mohon tunggu sebentar" and the rest of the window
is ignored (button presses are still answered, with a short toast). Only what the bot would
answer is counted: in groups that is our own commands, mentions and replies, never chatter or
commands for other bots (`/warn@modbot`), so the bot cannot be made to post a warning there.
Inline queries are counted apart, with a larger allowance because clients send one as the
citizen types; over it they get no results, never a warning (there is no chat to post it in).
"""

from __future__ import annotations

from telegram import InlineQuery, Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from bot.commands import COMMANDS
from bot.context import BotContext
from bot.flood import FloodGuard, Verdict
from bot.replies import FLOOD_TOAST, flood_warning
from handlers.common import answer_press, in_group, send
from handlers.questions import addressed_question

FLOOD_GROUP = -1  # handler group: runs before the default group 0
INLINE_QUERIES_PER_MESSAGE = 4  # inline queries allowed for each message of the limit
COMMAND_NAMES = frozenset(name for item in COMMANDS for name in item.names)


def is_our_command(message: Message, bot_username: str) -> bool:
    """Whether a message is one of our commands, bare or addressed to us (`/tanya@our_bot`)."""
    text = message.text or ""
    if not text.startswith("/"):
        return False
    name, _, addressee = text.split(maxsplit=1)[0][1:].partition("@")
    return name.lower() in COMMAND_NAMES and addressee.lower() in ("", bot_username.lower())


def _counts(update: Update, context: BotContext) -> bool:
    """Whether the update is a message or press the bot would answer."""
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
    if not _counts(update, context):
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
