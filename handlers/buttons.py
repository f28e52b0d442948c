"""Button presses: entries (menu, related, suggestion), feedback and menus.

Every press is answered with answerCallbackQuery, also when the button is no longer valid,
so the citizen's Telegram never keeps spinning; if Telegram refuses the answer (a press made
while the bot restarted is "too old"), the press is still handled. Replies go to the chat and
forum topic of the pressed message. Presses under an answer carry the question's record id
(see `bot.callback_data`), and their log records are linked to it.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot import browse, callback_data
from bot.replies import (
    BUTTON_EXPIRED,
    FEEDBACK_THANKS,
    entry_reply,
    group_entry_reply,
    group_help,
    help_reply,
    unhelpful_followup,
)
from bot.sending import remove_buttons
from bot.storage import EventKind
from bot.telegram_context import BotContext
from handlers.common import (
    answer_press,
    conversation_key,
    group_username,
    pressed,
    reply_to_press,
)

EVENT_KINDS = {"menu": EventKind.MENU, "related": EventKind.RELATED,
               "suggestion": EventKind.SUGGESTION}


async def open_entry(update: Update, context: BotContext) -> None:
    """Show the entry a menu, related or suggestion button names."""
    press = await pressed(update, callback_data.OpenEntry)
    if press is None:
        return
    query, action = press
    matcher = context.knowledge.matcher
    entry_id = context.knowledge.codes.resolve(action.code)
    entry = matcher.entry(entry_id) if entry_id else None
    if entry is None or query.message is None:
        await answer_press(update, BUTTON_EXPIRED)
        return
    await answer_press(update)
    username = group_username(update, context)
    if username:
        reply = group_entry_reply(matcher, entry, username)
    else:
        # A picked suggestion answers the question, so it asks for feedback on it.
        reply = entry_reply(matcher, entry, record_id=action.record_id,
                            feedback=action.via == "suggestion")
    key = conversation_key(update, context)
    if key:  # a follow-up question now refers to the entry the citizen chose
        context.services.conversations.remember(key, entry.id)
    await reply_to_press(update, context, reply)
    context.log_event(update, EVENT_KINDS[action.via], query_id=action.record_id,
                      value=entry.id)


async def feedback(update: Update, context: BotContext) -> None:
    """Record 👍/👎, thank the citizen and take the feedback buttons away."""
    press = await pressed(update, callback_data.Feedback)
    if press is None:
        return
    query, action = press
    await answer_press(update, FEEDBACK_THANKS)
    message = query.message
    if isinstance(message, Message):
        await remove_buttons(query, _without_feedback(message.reply_markup))
    if not action.helpful:
        await reply_to_press(update, context, unhelpful_followup())
    context.log_event(update, EventKind.FEEDBACK, query_id=action.record_id,
                      value="up" if action.helpful else "down")


def _without_feedback(markup: InlineKeyboardMarkup | None) -> InlineKeyboardMarkup | None:
    """The keyboard minus its 👍/👎 row (None when nothing is left)."""
    if markup is None:
        return None
    rows = [row for row in markup.inline_keyboard
            if not any(str(b.callback_data or "").startswith("f:") for b in row)]
    return InlineKeyboardMarkup(rows) if rows else None


async def menu(update: Update, context: BotContext) -> None:
    """Open the help text or the region browser from a menu button."""
    press = await pressed(update, callback_data.Menu)
    if press is None:
        return
    query, action = press
    if query.message is None:
        await answer_press(update, BUTTON_EXPIRED)
        return
    await answer_press(update)
    username = group_username(update, context)
    if action.name == "bantuan":
        reply = group_help(username) if username else help_reply()
    else:
        reply = browse.group_daerah_menu(username) if username else browse.daerah_menu()
    await reply_to_press(update, context, reply)
    context.log_event(update, EventKind.MENU, value=action.name)


async def expired(update: Update, context: BotContext) -> None:
    """Answer any other press (old or foreign buttons) so the client stops waiting."""
    await answer_press(update, BUTTON_EXPIRED)


def handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Entry, feedback and menu buttons (paging buttons live in `handlers.daerah`)."""
    return [
        CallbackQueryHandler(open_entry, pattern=r"^[ers]:"),
        CallbackQueryHandler(feedback, pattern=r"^f:"),
        CallbackQueryHandler(menu, pattern=r"^m:"),
    ]


def fallback_handlers() -> list[BaseHandler[Update, BotContext, None]]:
    """Any press no other handler took: after every callback handler."""
    return [CallbackQueryHandler(expired)]
