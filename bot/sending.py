"""Send and edit replies the way Telegram wants them: HTML, split, retried, never fatal.

- Answers longer than 4096 characters are split at paragraph breaks; the keyboard goes on
  the last part.
- If Telegram cannot parse our HTML ("Bad Request: can't parse entities"), the same words are
  sent once more as plain text: a citizen gets a plain answer rather than none.
- A send is retried a few times, with a short backoff, only when it certainly never reached
  Telegram (see `nothing_was_sent`): a timeout may come after the message was delivered, and
  retrying it would send the answer twice. `RetryAfter` (429) is honoured by PTB's
  `AIORateLimiter` (see `bot.app`), so it is not handled here.
- A citizen who blocked the bot (403 Forbidden) is not retried: the reply is dropped and
  logged, and the handler carries on.

Logs name the kind of chat, never its id: a private chat's id is the citizen's Telegram id.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, TimedOut

from bot.replies import Reply
from bot.telegram_html import split_message, visible_text

logger = logging.getLogger(__name__)

NETWORK_RETRY_DELAYS_SECONDS = (0.5, 1.5)
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's buttons as an inline keyboard (None when it has none)."""
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(b.text, url=b.url) if b.url else
         InlineKeyboardButton(b.text, callback_data=b.data) for b in row]
        for row in reply.buttons])


def is_parse_error(error: BadRequest) -> bool:
    """Whether Telegram refused our HTML (and plain text would go through)."""
    return "can't parse entities" in error.message.lower()


def nothing_was_sent(error: NetworkError) -> bool:
    """Whether a failed request certainly never reached the Bot API, so a retry is safe.

    True when the connection could not be made (refused, connect timeout, no free connection
    in the pool) and for 502 Bad Gateway, which Telegram's front end answers when it cannot
    reach the Bot API. Any other timeout or network error may come after Telegram acted on
    the request.
    """
    if isinstance(error.__cause__, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return True
    if isinstance(error, TimedOut | BadRequest):
        return False
    return error.message.startswith("Bad Gateway")  # PTB adds details to an HTML answer


def chat_kind(chat_id: int) -> str:
    """What kind of chat an id names, for logs that must not show the id itself."""
    return "private" if chat_id > 0 else "group or channel"


async def send_reply(bot: Bot, chat_id: int, reply: Reply, *, reply_to: int | None = None,
                     thread_id: int | None = None) -> Message | None:
    """Send a reply, split if needed; return the last message, or None if it was not sent.

    Args:
        bot: The application's bot.
        chat_id: Where to send.
        reply: The HTML and buttons.
        reply_to: Quote this message (groups); sent anyway if it was deleted meanwhile.
        thread_id: The forum topic to post in (supergroups with topics).

    Raises:
        TelegramError: For failures other than the ones handled above; the error handler
            logs them.
    """
    parts = split_message(reply.html)
    markup = keyboard(reply)
    last: Message | None = None
    for number, part in enumerate(parts):
        quote = ReplyParameters(reply_to, allow_sending_without_reply=True) \
            if reply_to is not None and number == 0 else None
        last = await _send_part(bot, chat_id, part, markup if number == len(parts) - 1 else None,
                                quote, thread_id)
        if last is None:
            return None
    return last


async def _send_part(bot: Bot, chat_id: int, html: str, markup: InlineKeyboardMarkup | None,
                     quote: ReplyParameters | None, thread_id: int | None) -> Message | None:
    """Send one part with the fallbacks described in the module docstring."""
    text: str = html
    parse_mode: str | None = ParseMode.HTML
    for delay in (*NETWORK_RETRY_DELAYS_SECONDS, None):
        try:
            return await bot.send_message(chat_id, text, parse_mode=parse_mode,
                                          reply_markup=markup, reply_parameters=quote,
                                          message_thread_id=thread_id,
                                          link_preview_options=NO_PREVIEW)
        except Forbidden as error:
            logger.info("A %s chat cannot be written to (%s: %s); reply dropped",
                        chat_kind(chat_id), type(error).__name__, error.message)
            return None
        except BadRequest as error:
            if parse_mode is None or not is_parse_error(error):
                raise
            logger.warning("Telegram could not parse our HTML (%s); sending plain text",
                           error.message)
            text, parse_mode = visible_text(html), None
        except NetworkError as error:  # BadRequest is a NetworkError too: handled above
            if delay is None or not nothing_was_sent(error):
                raise
            logger.warning("%s sending to a %s chat; retrying in %s s", type(error).__name__,
                           chat_kind(chat_id), delay)
            await asyncio.sleep(delay)
    return None


async def edit_reply(query: CallbackQuery, reply: Reply) -> None:
    """Replace the text and buttons of the message under a pressed button (for pages)."""
    text: str = reply.html
    parse_mode: str | None = ParseMode.HTML
    for _attempt in range(2):
        try:
            await query.edit_message_text(text, parse_mode=parse_mode,
                                          reply_markup=keyboard(reply),
                                          link_preview_options=NO_PREVIEW)
            return
        except Forbidden as error:
            logger.info("Cannot edit in a chat that blocked the bot (%s)", error.message)
            return
        except BadRequest as error:
            if "not modified" in error.message.lower():
                return  # the same page pressed twice
            if parse_mode is None or not is_parse_error(error):
                raise
            text, parse_mode = visible_text(reply.html), None


async def remove_buttons(query: CallbackQuery, keep: InlineKeyboardMarkup | None) -> None:
    """Replace the keyboard under a pressed button (None removes it); errors are harmless."""
    try:
        await query.edit_message_reply_markup(reply_markup=keep)
    except (BadRequest, Forbidden) as error:
        logger.debug("Could not update the keyboard: %s", error.message)
