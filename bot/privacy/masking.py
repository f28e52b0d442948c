"""What the question log may store: citizens' words with their personal data masked.

`mask_personal_data` is the one step every stored text goes through. It folds the text
(`fold_text`), then masks, in this order: chat links (`contacts`), runs of 9 or more digits
(`digit_runs`), e-mail addresses and @accounts (`contacts`), and names after an introduction
(`names`). Each module's docstring gives its exact rule. Masking errs on the side of privacy:
a long number that was not personal is masked too, and the rest stays readable.

`contains_personal_data` is the check for tests and for scanning stored columns.
"""

from __future__ import annotations

import re

from bot.privacy.contacts import mask_addresses, mask_links
from bot.privacy.digit_runs import mask_digit_runs
from bot.privacy.folding import fold_text
from bot.privacy.names import mask_names

# Plain ASCII text without any of these cannot change: most questions skip every pattern.
_MAYBE_PERSONAL_RE = re.compile(
    r"[0-9@]|nama|\bnm\b|kenal|panggil|\ba\.\s?n\b|name|\bat\b|wa\.|whatsapp|\.me/|\[email\]",
    re.IGNORECASE,
)


def mask_personal_data(text: str) -> str:
    """Return `text` as it may be stored: folded, with personal data replaced by labels.

    Labels: "[NIK]", "[TELEPON]" (phone numbers, other long digit runs and chat links),
    "[EMAIL]", "[AKUN]" (@accounts) and "[NAMA]". The result is stable: masking it again
    changes nothing. Already normalised text (lower case, no punctuation) is safe input too:
    its digit runs and introduced names are masked the same way.

    Example:
        >>> mask_personal_data("NIK 3171 0123 4567 0001, HP 0812-3456-7890")
        'NIK [NIK], HP [TELEPON]'
    """
    if text.isascii() and _MAYBE_PERSONAL_RE.search(text) is None:
        return text
    text = fold_text(text)
    if _MAYBE_PERSONAL_RE.search(text) is None:
        return text
    text = mask_digit_runs(mask_links(text))
    addressed = mask_addresses(text)
    if addressed != text:  # "@20-05-2021 2019": the rest of a kept run may no longer be kept
        addressed = mask_digit_runs(addressed)
    return mask_names(addressed)


def contains_personal_data(text: str) -> bool:
    """Whether `text` holds anything `mask_personal_data` would mask (an "@" included).

    For tests and for scanning stored columns: masked text gives False. Like masking it looks
    through folding, so "0812\u200b3456\u200b7890", "budi [at] gmail" and a local part left
    beside its label ("budi[EMAIL]") count as found.
    """
    folded = fold_text(text)
    return "@" in folded or mask_personal_data(folded) != folded
