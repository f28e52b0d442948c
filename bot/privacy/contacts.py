"""Mask e-mail addresses, chat links and @accounts: every way to reach a citizen but a number.

Run on folded text (`fold_text`), where "＠", "[at]" and "budi at gmail" are already "@", links
before digit runs and addresses after them (so "0812 3456 7890@x.id" loses every digit). An
e-mail is anything shaped like local@domain, with or without a top-level domain ("budi@gmail"),
with accented letters, and with spaces around "@" ("budi @ gmail.com", "budi@ gmail"). Only
"word @name" (a space before "@" and none after) may also be someone addressing an account, so
it counts as an address when the name has a dot or is a known mail provider ("budi @gmail.com").
Links that open a chat with a person (wa.me/..., t.me/+62..., api.whatsapp.com/send?phone=...)
become "[TELEPON]". Whatever "@" is left after that is an account name ("@budi_s" becomes
"[AKUN]") or stray and removed: stored text never holds "@".
"""

from __future__ import annotations

import re

from bot.privacy.digit_runs import NIK_LABEL, PHONE_LABEL
from bot.privacy.folding import MAIL_PROVIDERS, TOP_LEVEL_DOMAINS

EMAIL_LABEL = "[EMAIL]"
ACCOUNT_LABEL = "[AKUN]"

_LINK_RE = re.compile(
    r"(?:https?://)?(?:(?:www|api|web|chat)\.)?(?:wa\.me/|wa\.link/|whatsapp\.com/)\S*"
    r"|(?:https?://)?(?:t|telegram)\.me/\+\S*",
    re.IGNORECASE,
)
# Local parts: letters of any script, digits, the punctuation addresses use, and the label of a
# digit run masked before ("[TELEPON]@gmail.com"). Possessive and anchored at a word start, so a
# long word without "@" costs one pass, not one per letter.
_NOT_AFTER_LOCAL = r"(?<![\w.%+'’\]-])"
_LOCAL = rf"{_NOT_AFTER_LOCAL}(?:[\w.%+'’-]|{re.escape(NIK_LABEL)}|{re.escape(PHONE_LABEL)})++"
_MAILTO = rf"(?:{_NOT_AFTER_LOCAL}mailto:\s*)?"
_DOMAIN_PART = r"\w[\w-]*+"
# Between domain parts: ".", " dot ", or a spaced "." / "titik" before a known top-level domain.
_DOMAIN_DOT = rf"(?:\.|\s+dot\s+|\s*(?:\.|\btitik\b)\s*(?={TOP_LEVEL_DOMAINS}\b))"
_EMAIL_RE = re.compile(
    rf"{_MAILTO}(?P<local>{_LOCAL})(?P<at>\s*@\s*)"
    rf"(?P<domain>{_DOMAIN_PART}(?:{_DOMAIN_DOT}{_DOMAIN_PART})*)",
    re.IGNORECASE,
)
_PROVIDER_RE = re.compile(rf"{MAIL_PROVIDERS}(?![^\W\d_])", re.IGNORECASE)
_DOTTED_RE = re.compile(r"\.|\s(?:dot|titik)\s", re.IGNORECASE)
# "budi@" with no domain after it still names its owner.
_LOCAL_ONLY_RE = re.compile(rf"{_MAILTO}{_LOCAL}\s*@(?!\s*\w)", re.IGNORECASE)
_ACCOUNT_RE = re.compile(r"@\w+")
# A local part glued to the label, as a broken masking step (or a copy of one) leaves it.
_LOCAL_BEFORE_LABEL_RE = re.compile(rf"{_LOCAL}(?={re.escape(EMAIL_LABEL)})")


def mask_links(text: str) -> str:
    """Replace links that open a chat with a person (wa.me/..., t.me/+...) in folded text."""
    lowered = text.lower()
    if "wa." in lowered or "whatsapp." in lowered or ".me/" in lowered:
        text = _LINK_RE.sub(PHONE_LABEL, text)
    return text


def mask_addresses(text: str) -> str:
    """Replace e-mail addresses and @accounts in folded text; drop any other "@"."""
    if EMAIL_LABEL in text:
        text = _LOCAL_BEFORE_LABEL_RE.sub("", text)  # "budi[EMAIL]" to "[EMAIL]"
    if "@" not in text:
        return text
    text = _EMAIL_RE.sub(_masked_email, text)
    if "@" in text:
        text = _LOCAL_ONLY_RE.sub(EMAIL_LABEL, text)
        text = _ACCOUNT_RE.sub(ACCOUNT_LABEL, text).replace("@", "")
    return text


def _masked_email(match: re.Match[str]) -> str:
    """The label for an address; the match itself when it is rather "word @account"."""
    at, domain = match["at"], match["domain"]
    if not at[0].isspace() or at[-1].isspace():
        return EMAIL_LABEL  # "budi@gmail", "budi@ gmail", "budi @ gmail"
    if _DOTTED_RE.search(domain) or _PROVIDER_RE.match(domain):
        return EMAIL_LABEL  # "budi @gmail.com", "budi @yahoo"
    return match[0]  # "tanya @smartcity_bot": an account, masked next
