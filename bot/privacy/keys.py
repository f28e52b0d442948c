"""Pseudonymous user keys: link one citizen's questions without storing who they are."""

from __future__ import annotations

import hashlib
import hmac


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
