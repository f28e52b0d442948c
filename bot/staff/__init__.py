"""Staff: the accounts that may read the question log, their sessions and the audit trail.

Shared by `smartcity-bot staff` (accounts), the dashboard (login, sessions, audit) and later
front ends. Pure database functions over a migrated engine (migration 5); no web framework.
"""

from bot.staff.accounts import (
    Role,
    StaffAccount,
    StaffError,
    add_staff,
    authenticate,
    find_staff,
    list_staff,
    normalize_name,
    remove_staff,
    set_password,
)
from bot.staff.audit import UNKNOWN_NAME, AuditAction, AuditEvent, recent_audit, record_audit
from bot.staff.sessions import (
    SessionLimits,
    StaffSession,
    close_session,
    find_session,
    open_session,
    purge_sessions,
)

__all__ = [
    "UNKNOWN_NAME",
    "AuditAction",
    "AuditEvent",
    "Role",
    "SessionLimits",
    "StaffAccount",
    "StaffError",
    "StaffSession",
    "add_staff",
    "authenticate",
    "close_session",
    "find_session",
    "find_staff",
    "list_staff",
    "normalize_name",
    "open_session",
    "purge_sessions",
    "recent_audit",
    "record_audit",
    "remove_staff",
    "set_password",
]
