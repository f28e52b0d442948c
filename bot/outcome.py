"""What the bot did with a message: one type for the matcher, the handlers and the log.

The matcher decides among the first four; handlers add `COMMAND` and `NON_TEXT`. Values are
stored in the query log and counted by the reports, so a value may be added but never renamed.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """The outcome of one handled message."""

    ANSWER = "answer"  # one entry answered it
    SUGGEST = "suggest"  # "Maksud Anda:" with up to three entries to pick from
    FALLBACK = "fallback"  # honest "I don't know", with help
    SMALLTALK = "smalltalk"  # a greeting, thanks or goodbye, answered in kind
    COMMAND = "command"  # a command such as /start or /pilar
    NON_TEXT = "non_text"  # a sticker, photo or other message without text


MATCHED = frozenset({Outcome.ANSWER, Outcome.SMALLTALK})  # an entry's answer was given
