"""The handler registry: every feature module's handlers, in the order PTB must try them.

Within a handler group PTB runs the first handler whose check matches, so order matters:
commands first, then button presses, inline queries and the narrower message handlers, and
last the catch-alls (unknown commands, expired buttons, and the free-text question handler,
which would otherwise swallow every text message). Two earlier groups can stop an update
first: an update Telegram delivered again (`redelivery`, group -2) and a sender over the flood
limit (`flood`, group -1). Channel posts match no
handler on purpose: the bot does not answer channels.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, BaseHandler

from bot.telegram_context import BotApplication, BotContext
from handlers import (
    admin,
    buttons,
    daerah,
    deletion,
    errors,
    flood,
    info,
    inline,
    media,
    questions,
    redelivery,
    start,
)

Handler = BaseHandler[Update, BotContext, None]


def ordered_handlers(admin_ids: tuple[int, ...] = ()) -> list[Handler]:
    """The handlers of group 0, in the order they are tried."""
    return [
        # Commands (names from bot.commands).
        *start.handlers(),
        *info.handlers(),
        *daerah.handlers(),
        *questions.command_handlers(),
        *admin.handlers(admin_ids),  # only admins' private messages pass their filter
        *deletion.handlers(),  # /hapusdata and its confirmation buttons
        *info.unknown_command_handlers(),  # after every command: others' admin commands too
        # Buttons: specific prefixes, then anything else (old or foreign buttons).
        *buttons.handlers(),
        *buttons.fallback_handlers(),
        *inline.handlers(),
        # Messages that are not plain private text.
        *media.handlers(),
        *questions.group_handlers(),
        # Must stay last: any private text message is a question.
        *questions.free_text_handlers(),
    ]


def register(application: Application) -> None:
    """Add the redelivery check, the flood guard, every handler and the error handler."""
    admin_ids: tuple[int, ...] = ()
    if isinstance(application, BotApplication):
        admin_ids = application.services.settings.admin_user_ids
        admin.watch_refusals(application)
    application.add_handlers(redelivery.handlers(), group=redelivery.REDELIVERY_GROUP)
    application.add_handlers(flood.handlers(), group=flood.FLOOD_GROUP)
    application.add_handlers(ordered_handlers(admin_ids))
    application.add_error_handler(errors.on_error)
