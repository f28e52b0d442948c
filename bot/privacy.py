"""Personal data in citizens' messages: mask it before it is stored, and pseudonymise users.

The query log keeps what people ask so staff can improve the answers, but never who asked or
how to reach them. `mask_personal_data` replaces Indonesian national ID numbers (NIK),
Indonesian mobile and landline numbers and e-mail addresses with placeholders; `user_key` turns a
Telegram user id into a keyed hash that links one user's questions without revealing the id.

Both are pure functions. Masking errs on the side of privacy: any run of 16 or more digits is
treated as a NIK, whatever surrounds it.

Example:
    >>> mask_personal_data("NIK 3171 0123 4567 0001, HP 0812-3456-7890")
    'NIK [NIK], HP [TELEPON]'
"""

from __future__ import annotations

import hashlib
import hmac
import re

NIK_LABEL = "[NIK]"
PHONE_LABEL = "[TELEPON]"
EMAIL_LABEL = "[EMAIL]"

# Passes run in this order. E-mail first, so digits inside an address stay part of it; NIK
# before phone, so a phone-like tail inside a spaced NIK ("3171 0801 ...") is not split off.
_EMAIL_RE = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
_FULL_WIDTH = {0xFF10 + n: ord("0") + n for n in range(10)} | {0xFF20: ord("@"), 0xFF0B: ord("+")}
# Between digit groups people type spaces (also no-break and double ones), dots, dashes and
# the Unicode dashes phone keyboards insert; at most two such characters in a row.
_SEP = r"[\s.\-\u2010-\u2015]{1,2}"
# Sixteen digits, optionally separated ("3171012345670001", "3171 0123 4567 0001",
# "31.71.01.234567.0001"), not touching more digits.
_NIK_RE = re.compile(rf"(?<!\d)\d(?:(?:{_SEP})?\d){{15}}(?!\d)")
# Any longer unbroken run of digits: not a phone number, and it may hide a NIK.
_LONG_DIGITS_RE = re.compile(r"\d{16,}")
# Indonesian mobile numbers: 08..., 62 8..., +62 8..., (0812) ..., 9 to 13 digits when written
# with the leading 0 (so 7 to 11 digits after the "8"). Years ("2017") and counts ("48 daerah",
# "100 smart city") never start with 08 or 628.
_PREFIX = r"\(?(?:\+62|62|0)\)?"
_PHONE_RE = re.compile(rf"(?<![\d+]){_PREFIX}(?:{_SEP})?\(?8(?:\)?(?:{_SEP})?\d){{7,11}}(?!\d)")
# Landlines: 0 (or +62) and an area code of 1 to 3 digits after the first, then 5 to 8 digits
# ("021-555-1234", "(0274) 512345", "+62 21 5551234").
_LANDLINE_RE = re.compile(
    rf"(?<![\d+]){_PREFIX}(?:{_SEP})?\(?[1-79]\d{{1,2}}\)?(?:(?:{_SEP})?\d){{5,8}}(?!\d)")


def mask_personal_data(text: str) -> str:
    """Replace NIKs, phone numbers and e-mail addresses in `text` with placeholders.

    The result is stable under repetition: masking masked text changes nothing.

    Args:
        text: A message as the citizen wrote it.

    Returns:
        The text with "[NIK]", "[TELEPON]" and "[EMAIL]" in place of the personal data;
        text without personal data is returned unchanged.
    """
    if not any(char.isdigit() or char in "@\uff20" for char in text):
        return text  # the common case: nothing that could match, skip the regexes
    text = text.translate(_FULL_WIDTH)  # "０８１２…" and "＠" as phone keyboards may type them
    text = _EMAIL_RE.sub(EMAIL_LABEL, text)
    text = _NIK_RE.sub(NIK_LABEL, text)
    text = _LONG_DIGITS_RE.sub(NIK_LABEL, text)
    text = _PHONE_RE.sub(PHONE_LABEL, text)
    return _LANDLINE_RE.sub(PHONE_LABEL, text)


def user_key(secret: str, telegram_id: int) -> str:
    """Return the pseudonymous key of a Telegram user: hex HMAC-SHA256 of the id.

    The same secret and id always give the same key, so one user's questions can be grouped;
    without the secret the id cannot be recovered by hashing all possible ids.

    Args:
        secret: The `USER_KEY_SECRET` setting; must not be empty.
        telegram_id: The Telegram user (or chat) id.

    Returns:
        64 lowercase hex characters.

    Raises:
        ValueError: If `secret` is empty (the key would be a plain, reversible hash).
    """
    if not secret:
        raise ValueError("user key secret must not be empty")
    message = str(telegram_id).encode("ascii")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()
