"""Button presses: entries (menu, related, suggestion), feedback and menus.

Every press is answered with answerCallbackQuery, also when the button is no longer valid,
so the citizen's Telegram never keeps spinning. Presses under an answer carry the question's
record id (see `bot.callbacks`), and their log records are linked to it.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot import browse, callbacks
from bot.context import BotContext
from bot.replies import (
    BUTTON_EXPIRED,
    FEEDBACK_THANKS,
    entry_reply,
    group_entry_reply,
    help_reply,
    unhelpful_followup,
)
from bot.sending import remove_buttons, send_reply
from bot.storage import EventKind
from handlers.common import in_group

EVENT_KINDS = {"menu": EventKind.MENU, "related": EventKind.RELATED,
               "suggestion": EventKind.SUGGESTION}


async def open_entry(update: Update, context: BotContext) -> None:
    """Show the entry a menu, related or suggestion button names."""
    query = update.callback_query
    action = callbacks.parse(query.data) if query else None
    if query is None or not isinstance(action, callbacks.OpenEntry):
        return
    services = context.services
    entry_id = services.codes.resolve(action.code)
    entry = services.matcher.entry(entry_id) if entry_id else None
    if entry is None or query.message is None:
        await query.answer(BUTTON_EXPIRED)
        return
    await query.answer()
    if in_group(update) and context.bot.username:
        reply = group_entry_reply(services.matcher, entry, context.bot.username)
    else:
        # A picked suggestion answers the question, so it asks for feedback on it.
        reply = entry_reply(services.matcher, entry, record_id=action.record_id,
                            feedback=action.via == "suggestion")
    await send_reply(context.bot, query.message.chat.id, reply)
    context.log_event(update, EVENT_KINDS[action.via], query_id=action.record_id,
                      value=entry.id)


async def feedback(update: Update, context: BotContext) -> None:
    """Record 👍/👎, thank the citizen and take the feedback buttons away."""
    query = update.callback_query
    action = callbacks.parse(query.data) if query else None
    if query is None or not isinstance(action, callbacks.Feedback):
        return
    await query.answer(FEEDBACK_THANKS)
    message = query.message
    if isinstance(message, Message):
        await remove_buttons(query, _without_feedback(message.reply_markup))
    if message is not None and not action.helpful:
        await send_reply(context.bot, message.chat.id, unhelpful_followup())
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
    query = update.callback_query
    action = callbacks.parse(query.data) if query else None
    if query is None or not isinstance(action, callbacks.Menu) or query.message is None:
        if query is not None:
            await query.answer(BUTTON_EXPIRED)
        return
    await query.answer()
    reply = help_reply() if action.name == "bantuan" else browse.daerah_menu()
    await send_reply(context.bot, query.message.chat.id, reply)
    context.log_event(update, EventKind.MENU, value=action.name)


async def expired(update: Update, context: BotContext) -> None:
    """Answer any other press (old or foreign buttons) so the client stops waiting."""
    if update.callback_query is not None:
        await update.callback_query.answer(BUTTON_EXPIRED)


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
