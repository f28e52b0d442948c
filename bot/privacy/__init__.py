"""Personal data in citizens' messages: mask it before it is stored, and pseudonymise users.

The query log keeps what people ask so staff can improve the answers, but never who asked or
how to reach them (UU PDP 27/2022). `mask_personal_data` masks NIKs, phone numbers, e-mail
addresses, chat links, @accounts and introduced names; `contains_personal_data` checks stored
text; `user_key` turns a Telegram user id into a keyed hash that links one user's questions
without revealing the id. All are pure functions.
"""

from bot.privacy.contacts import ACCOUNT_LABEL, EMAIL_LABEL
from bot.privacy.digit_runs import NIK_LABEL, PHONE_LABEL
from bot.privacy.folding import fold_text
from bot.privacy.keys import user_key
from bot.privacy.masking import contains_personal_data, mask_personal_data
from bot.privacy.names import NAME_LABEL

LABELS = (NIK_LABEL, PHONE_LABEL, EMAIL_LABEL, ACCOUNT_LABEL, NAME_LABEL)

__all__ = [
    "ACCOUNT_LABEL", "EMAIL_LABEL", "LABELS", "NAME_LABEL", "NIK_LABEL", "PHONE_LABEL",
    "contains_personal_data", "fold_text", "mask_personal_data", "user_key",
]
