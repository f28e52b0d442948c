"""Record ids: made by the bot, carried in buttons, and recognised when a button comes back.

A record's id is 32 lower-case hex characters (a uuid4), drawn again until it holds no run of
nine or more digits. Button presses send the id back in their callback data, which a client can
forge; an id that does not have exactly this shape cannot be the bot's own, so a forged
"f:081234567890:u" can never smuggle a phone number into the log as an id.
"""

from __future__ import annotations

import re
import uuid

RECORD_ID_CHARS = 32
LONG_DIGIT_RUN = 9  # from this many digits in a row, text may be a phone number or a NIK
_RECORD_ID_RE = re.compile(rf"[0-9a-f]{{{RECORD_ID_CHARS}}}")
_DIGIT_RUN_RE = re.compile(rf"\d{{{LONG_DIGIT_RUN},}}")


def is_record_id(text: str) -> bool:
    """Whether `text` has the shape of an id `new_record_id` makes."""
    return bool(_RECORD_ID_RE.fullmatch(text)) and not _DIGIT_RUN_RE.search(text)


def new_record_id() -> str:
    """Return a fresh record id (see the module docstring)."""
    while True:  # about one uuid in three has a long digit run; two tries on average
        candidate = uuid.uuid4().hex
        if is_record_id(candidate):
            return candidate
