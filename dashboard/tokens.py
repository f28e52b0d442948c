"""Signed values for cookies and forms: the session cookie and the CSRF token.

Both are HMAC-SHA256 under DASHBOARD_SECRET (random per run when it is empty). The session
cookie is `<token>.<mac>`, so a cookie made without the secret is refused before the database
is asked. The CSRF token is the "signed double submit" pattern: a random value in an HttpOnly
cookie, and in each form its MAC, which a page on another site can neither read nor compute.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

SESSION_COOKIE = "sc_session"
CSRF_COOKIE = "sc_csrf"
CSRF_FIELD = "csrf_token"
_SESSION_PURPOSE = b"session:"
_CSRF_PURPOSE = b"csrf:"


def _mac(secret: bytes, purpose: bytes, value: str) -> str:
    return hmac.new(secret, purpose + value.encode(), hashlib.sha256).hexdigest()


def sign_session(secret: bytes, token: str) -> str:
    """The cookie value for a session token."""
    return f"{token}.{_mac(secret, _SESSION_PURPOSE, token)}"


def unsign_session(secret: bytes, cookie: str | None) -> str | None:
    """The session token in a cookie, or None if the cookie is absent or not ours."""
    if not cookie or "." not in cookie:
        return None
    token, _, mac = cookie.rpartition(".")
    if not hmac.compare_digest(mac, _mac(secret, _SESSION_PURPOSE, token)):
        return None
    return token


def new_csrf_seed() -> str:
    """A fresh random value for the CSRF cookie."""
    return secrets.token_urlsafe(32)


def csrf_token(secret: bytes, seed: str) -> str:
    """The token forms carry for a CSRF cookie value."""
    return _mac(secret, _CSRF_PURPOSE, seed)


def csrf_valid(secret: bytes, seed: str | None, token: str | None) -> bool:
    """Whether a submitted form token matches the browser's CSRF cookie."""
    if not seed or not token:
        return False
    return hmac.compare_digest(token, csrf_token(secret, seed))
