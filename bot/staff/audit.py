"""The staff audit trail: who logged in (or failed to), logged out, exported and edited what.

The log holds citizens' questions (personal data under UU PDP 27/2022), so access to it is
recorded. Rows are only ever added; `recent_audit` reads them for `smartcity-bot staff audit`.
A failed login records the typed name only when such an account exists, so a password typed
into the name field is never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Engine, desc, insert, select
from sqlalchemy.exc import SQLAlchemyError

from bot.staff.tables import AUDIT
from bot.storage.engine import describe_error
from bot.storage.errors import StorageUnavailable
from bot.storage.models import new_record_id, utc_now

UNKNOWN_NAME = "(tidak dikenal)"
MAX_DETAIL_CHARS = 2000


class AuditAction(StrEnum):
    """What a staff member did."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    EXPORT = "export"
    STAFF_ADDED = "staff_added"
    STAFF_REMOVED = "staff_removed"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - an action name
    KNOWLEDGE_EDIT = "knowledge_edit"  # a knowledge file changed (or an edit undone)


@dataclass(frozen=True)
class AuditEvent:
    """One row of the audit trail."""

    created_at: datetime
    staff_name: str
    action: str
    address: str | None
    detail: str | None


def record_audit(engine: Engine, staff_name: str, action: AuditAction, *,
                 address: str | None = None, detail: str | None = None,
                 now: datetime | None = None) -> None:
    """Append one event.

    Args:
        engine: A migrated database.
        staff_name: Who (an account name, or UNKNOWN_NAME).
        action: What.
        address: The client address of a web request.
        detail: What exactly: the report exported and its filters, the one-time login, ...
        now: When (default: now).

    Raises:
        StorageUnavailable: If the event cannot be stored.
    """
    values = {"id": new_record_id(), "created_at": now or utc_now(), "staff_name": staff_name,
              "action": AuditAction(action).value, "address": address,
              "detail": detail[:MAX_DETAIL_CHARS] if detail else detail}
    try:
        with engine.begin() as connection:
            connection.execute(insert(AUDIT).values(**values))
    except SQLAlchemyError as exc:
        raise StorageUnavailable(f"cannot write the audit trail: {describe_error(exc)}") from exc


def recent_audit(engine: Engine, limit: int = 50,
                 action: AuditAction | None = None) -> list[AuditEvent]:
    """The latest events, newest first (optionally of one action)."""
    query = select(AUDIT).order_by(desc(AUDIT.c.created_at), desc(AUDIT.c.id)).limit(limit)
    if action is not None:
        query = query.where(AUDIT.c.action == AuditAction(action).value)
    try:
        with engine.connect() as connection:
            rows = connection.execute(query).all()
    except SQLAlchemyError as exc:
        raise StorageUnavailable(f"cannot read the audit trail: {describe_error(exc)}") from exc
    return [AuditEvent(r.created_at, r.staff_name, r.action, r.address, r.detail) for r in rows]
