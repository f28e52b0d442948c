"""Fold look-alike characters so one pattern sees every way a phone writes a number or address.

Phone keyboards, copy-paste and people hiding an address from spam bots produce the same
personal data in many shapes: "０８１２", "٠٨١٢", "0812\u200b3456", "budi＠gmail．com",
"budi [at] gmail [dot] com", "budi at gmail dot com". `fold_text` turns all of them into plain
ASCII digits, "@" and ".", so the masking patterns need to know only one shape. The folded text
is also what gets stored: it reads the same to a person.

Folding is idempotent: folding folded text changes nothing.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

# Spelled-out "@" and "." in brackets are never ordinary prose: always folded.
_BRACKETED_AT_RE = re.compile(r"\s*[\[({<]\s*at\s*[\])}>]\s*", re.IGNORECASE)
_BRACKETED_DOT_RE = re.compile(r"\s*[\[({<]\s*(?:dot|titik)\s*[\])}>]\s*", re.IGNORECASE)
# Top-level domains citizens actually write, and mail providers named without a domain.
TOP_LEVEL_DOMAINS = r"(?:com|net|org|id|co|go|ac|sch|or|web|my|biz|info|io|me|edu|gov|mil|desa)"
MAIL_PROVIDERS = (
    r"(?:gmail|googlemail|yahoo|ymail|rocketmail|hotmail|outlook|live|msn|icloud|"
    r"proton(?:mail)?|aol|yandex|zoho|gmx)"
)
# A plain " at " is an e-mail "@" only when a domain follows ("budi at gmail dot com",
# "budi at kominfo.go.id", "budi at yahoo"); "workshop at Bandung" stays as written.
_SPOKEN_AT_RE = re.compile(
    rf"(?<=[\w.])\s+at\s+(?=[\w-]+(?:\.\w|\s+(?:dot|titik)\s+\w|\s*\.\s*{TOP_LEVEL_DOMAINS}\b)"
    rf"|{MAIL_PROVIDERS}(?![^\W\d_]))",
    re.IGNORECASE,
)
_OTHER_DIGIT_RE = re.compile(r"(?![0-9])\d")  # a decimal digit of any script but ASCII


@functools.cache
def _format_characters() -> re.Pattern[str]:
    """Every format character (category Cf: zero-width spaces and joiners, bidi marks...).

    Built on first use from the interpreter's Unicode database (a 50 ms scan), not at import.
    """
    chars = "".join(chr(code) for code in range(sys.maxunicode + 1)
                    if unicodedata.category(chr(code)) == "Cf")
    return re.compile(f"[{re.escape(chars)}]")


def fold_text(text: str) -> str:
    """Return `text` with look-alike digits, "@" and "." in their plain ASCII form.

    In order: format characters (Unicode category Cf, e.g. zero-width spaces) removed; NFKC
    (full-width and other compatibility forms to their plain form: "０" to "0", "＠" to "@",
    "．" to "."); every other Unicode decimal digit ("٣", "३", "๓") to its ASCII digit;
    "[dot]", "(dot)", "(titik)" to "."; "[at]", "(at)", "{at}", "<at>" to "@"; " at " to "@"
    when a domain or a mail provider follows. Plain ASCII text only gets the last three.
    """
    if not text.isascii():
        text = _format_characters().sub("", text)
        text = unicodedata.normalize("NFKC", text)
        text = _OTHER_DIGIT_RE.sub(lambda match: str(unicodedata.decimal(match[0])), text)
    lowered = text.lower()
    if "dot" in lowered or "titik" in lowered:
        text = _BRACKETED_DOT_RE.sub(".", text)
    if "at" in lowered:
        text = _SPOKEN_AT_RE.sub("@", _BRACKETED_AT_RE.sub("@", text))
    return text
