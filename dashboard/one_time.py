"""One-time login links for the local simulator: a newcomer runs `make run` and is in.

With no Telegram token the console prints a link holding a random token; opening it starts a
temporary session as "lokal" (those sessions are deleted at the next start). Each token works
once and only in the process that printed it.
"""

from __future__ import annotations

import secrets

from bot.staff import Role

LOCAL_NAME = "lokal"
LOCAL_ROLE = Role.EDITOR
LINK_PATH = "/masuk/"


class OneTimeLogins:
    """The unused tokens of this process."""

    def __init__(self) -> None:
        self._tokens: set[str] = set()

    def issue(self) -> str:
        """A new token; its link is LINK_PATH + token."""
        token = secrets.token_urlsafe(24)
        self._tokens.add(token)
        return token

    def redeem(self, token: str) -> bool:
        """Use up a token; False if it was never issued or is already used."""
        if token in self._tokens:
            self._tokens.discard(token)
            return True
        return False
