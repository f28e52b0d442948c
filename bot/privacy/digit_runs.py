"""Mask NIKs and phone numbers however they are written: any long run of digits.

Recognising each format (0812-3456-7890, +62 812..., 0062 812..., (021) 555 1234, a NIK in
groups of four or 2.2.2.6.4) always misses the next one, so the rule is blunter: a *digit run*
is digits joined by separators that are not letters, of any length ("0812 / 3456 _ 7890",
"0812 - 3456", "(0812) 3456", "0812...3456", emoji in between all join). A run of 9 or more
digits is masked. Letters end a run, so years, counts and short numbers in a sentence
("tahun 2017 dan 2018", "48 daerah", "100 smart city", "Pasal 27") stay readable.

Three shapes of 9+ digits are kept because they are common in questions and no real NIK or
phone number takes them (see `is_harmless_run`):
- lists of plausible years, 1900-2099: "2017 2018 2019", "2017/2018, 2019/2020";
- lists of full dates (day-month-year or year-month-day with one "-", "/" or "." inside):
  "20-05-2021 - 25-05-2021";
- rupiah amounts after "Rp"/"IDR" or before "rupiah" in thousands groups or plain:
  "Rp 1.500.000.000", "Rp 1 500 000 000", "2.500.000.000 rupiah".
Anything else is masked: one digit group that is not a year ("0812 2019 2020", "62 2019 2020")
is enough. Over-masking a long number is accepted; leaking a phone number is not.

A masked run becomes "[NIK]" when it has exactly 16 digits and no phone prefix (a NIK never
starts with 0), otherwise "[TELEPON]". Runs split by "," ";" or a line break into parts of 9+
digits each are labelled part by part ("[NIK], [TELEPON]").
"""

from __future__ import annotations

import re

NIK_LABEL = "[NIK]"
PHONE_LABEL = "[TELEPON]"
MIN_MASKED_DIGITS = 9  # a run with this many digits or more is personal data
NIK_DIGITS = 16
FIRST_YEAR, LAST_YEAR = 1900, 2099  # a four-digit group in this range reads as a year

# A separator is any character that is neither a letter nor a digit. `[^\W\d_]` is a letter
# (or a non-decimal numeral such as "Ⅻ"); folding has already made every decimal digit ASCII.
_SEPARATOR = r"(?:(?![^\W\d_])\D)"
# A leading "+" or "(" belongs to the number ("+62 812...", "(021) 555..."). Possessive
# quantifiers keep the scan linear however long the separators are.
_RUN_RE = re.compile(rf"(?P<lead>(?:\(\s*)?\+\s*|\(\s*)?(?P<run>\d(?:{_SEPARATOR}*+\d)*+)")
_GROUP_RE = re.compile(r"\d+")
_STRONG_SEPARATOR_RE = re.compile(r"(\s*[,;\n]\s*)")
_RUPIAH_BEFORE_RE = re.compile(r"(?:\bRp|\bIDR)\.?\s*$", re.IGNORECASE)
_RUPIAH_AFTER_RE = re.compile(r"^\s*rupiah\b", re.IGNORECASE)
_AMOUNT_RE = re.compile(
    r"[1-9]\d{0,2}(?:(?:\.\d{3})+(?:,\d{1,2})?|(?:,\d{3})+(?:\.\d{1,2})?|(?: \d{3})+)|[1-9]\d*")
_DATE_SEPARATORS = frozenset("-/.")


def mask_digit_runs(text: str) -> str:
    """Replace every run of 9 or more digits that is not a harmless shape with a label."""
    if _digit_count(text) < MIN_MASKED_DIGITS:
        return text
    return _RUN_RE.sub(lambda match: _masked(match, text), text)


def is_harmless_run(run: str, before: str = "", after: str = "") -> bool:
    """Whether a run of digits is a list of years or dates or a rupiah amount.

    Args:
        run: The digits and separators, from the first digit to the last.
        before: The text before the run (an amount follows "Rp" or "IDR").
        after: The text after the run (an amount may be followed by "rupiah").
    """
    if (_RUPIAH_BEFORE_RE.search(before[-8:]) or _RUPIAH_AFTER_RE.match(after)) \
            and _AMOUNT_RE.fullmatch(run):
        return True
    groups = _GROUP_RE.findall(run)
    separators = _GROUP_RE.split(run)[1:-1]
    index = 0
    while index < len(groups):
        if _is_date(groups[index:index + 3], separators[index:index + 2]):
            index += 3
        elif _is_year(groups[index]):
            index += 1
        else:
            return False
    return True


def _masked(match: re.Match[str], text: str) -> str:
    """The replacement of one run: itself when short or harmless, else its label(s)."""
    lead, run = match["lead"] or "", match["run"]
    if _digit_count(run) < MIN_MASKED_DIGITS:
        return match[0]
    before, after = text[:match.start("run")], text[match.end():]
    if "+" not in lead and is_harmless_run(run, before, after):
        return match[0]
    parts = _STRONG_SEPARATOR_RE.split(run)  # numbers at even indexes, separators between
    if len(parts) == 1 or any(_digit_count(part) < MIN_MASKED_DIGITS for part in parts[::2]):
        parts = [run]
    kept_lead, pieces = lead, []
    for index, part in enumerate(parts):
        part_lead = lead if index == 0 else ""
        if index % 2 or ("+" not in part_lead and is_harmless_run(part)):
            pieces.append(part)
            continue
        if index == 0:  # "(" stays outside the label unless the number closes it
            kept_lead = "(" if lead.startswith("(") and ")" not in part else ""
        pieces.append(_label(part, part_lead))
    return kept_lead + "".join(pieces)


def _label(run: str, lead: str) -> str:
    """"[NIK]" for 16 digits without a phone prefix, "[TELEPON]" for any other masked run."""
    digits = "".join(_GROUP_RE.findall(run))
    if len(digits) == NIK_DIGITS and "+" not in lead and not digits.startswith(("0", "628")):
        return NIK_LABEL
    return PHONE_LABEL


def _digit_count(text: str) -> int:
    return sum(map(str.isdecimal, text))


def _is_year(group: str) -> bool:
    return len(group) == 4 and FIRST_YEAR <= int(group) <= LAST_YEAR


def _is_date(groups: list[str], separators: list[str]) -> bool:
    """Day-month-year or year-month-day, both separators the same single "-", "/" or "."."""
    if len(groups) < 3 or separators[0] != separators[1] \
            or separators[0] not in _DATE_SEPARATORS:
        return False
    if _is_year(groups[0]):
        groups = groups[::-1]  # year-month-day: check as day-month-year
    day, month, year = groups
    return (len(day) <= 2 and len(month) <= 2 and 1 <= int(day) <= 31
            and 1 <= int(month) <= 12 and _is_year(year))
