"""Staff accounts, dashboard sessions and the audit trail (bot/staff) on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select

from bot.staff import (
    AuditAction,
    Role,
    SessionLimits,
    StaffError,
    add_staff,
    authenticate,
    close_session,
    find_session,
    list_staff,
    open_session,
    purge_sessions,
    recent_audit,
    record_audit,
    remove_staff,
    set_password,
)
from bot.staff.tables import SESSIONS, STAFF
from bot.storage import migrate

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
LIMITS = SessionLimits(idle=timedelta(minutes=30), absolute=timedelta(hours=12))
PASSWORD = "kata-sandi-rahasia"


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    migrate(engine)
    yield engine


def test_a_staff_member_logs_in_with_name_and_password(db: Engine) -> None:
    add_staff(db, "Budi.Santoso", PASSWORD, Role.EDITOR, now=T0, hasher=FAST)
    account = authenticate(db, "  budi.santoso ", PASSWORD, hasher=FAST)
    assert account is not None and account.name == "budi.santoso"
    assert account.role is Role.EDITOR and account.created_at == T0
    assert authenticate(db, "budi.santoso", PASSWORD + "x", hasher=FAST) is None
    assert authenticate(db, "siti", PASSWORD, hasher=FAST) is None
    assert authenticate(db, "<bukan nama>", PASSWORD, hasher=FAST) is None


def test_only_an_argon2id_hash_is_stored(db: Engine) -> None:
    add_staff(db, "budi", PASSWORD, hasher=FAST)
    with db.connect() as connection:
        stored = connection.scalar(select(STAFF.c.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_a_hash_with_old_parameters_is_upgraded_at_login(db: Engine) -> None:
    add_staff(db, "budi", PASSWORD, hasher=FAST)
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    assert authenticate(db, "budi", PASSWORD, hasher=stronger) is not None
    with db.connect() as connection:
        stored = connection.scalar(select(STAFF.c.password_hash))
    assert not stronger.check_needs_rehash(stored)
    assert authenticate(db, "budi", PASSWORD, hasher=stronger) is not None


@pytest.mark.parametrize(("name", "password", "message"), [
    ("b", PASSWORD, "Nama akun"),
    ("budi santoso", PASSWORD, "Nama akun"),
    ("-budi", PASSWORD, "Nama akun"),
    ("budi", "pendek", "minimal 10"),
    ("budi.santoso", "Budi.Santoso", "sama dengan nama"),
])
def test_bad_names_and_passwords_are_refused_in_indonesian(db: Engine, name: str, password: str,
                                                           message: str) -> None:
    with pytest.raises(StaffError, match=message):
        add_staff(db, name, password, hasher=FAST)
    assert list_staff(db) == []


def test_a_name_is_taken_once_whatever_its_case(db: Engine) -> None:
    add_staff(db, "budi", PASSWORD, hasher=FAST)
    with pytest.raises(StaffError, match="sudah ada"):
        add_staff(db, "BUDI", PASSWORD, Role.EDITOR, hasher=FAST)
    assert [(a.name, a.role) for a in list_staff(db)] == [("budi", Role.VIEWER)]


def test_removing_an_account_ends_its_sessions(db: Engine) -> None:
    add_staff(db, "budi", PASSWORD, hasher=FAST)
    add_staff(db, "siti", PASSWORD, hasher=FAST)
    budi = open_session(db, "budi", Role.VIEWER, now=T0)
    siti = open_session(db, "siti", Role.VIEWER, now=T0)
    remove_staff(db, "Budi")
    assert [a.name for a in list_staff(db)] == ["siti"]
    assert find_session(db, budi, now=T0, limits=LIMITS) is None
    assert find_session(db, siti, now=T0, limits=LIMITS) is not None
    with pytest.raises(StaffError, match="tidak ada"):
        remove_staff(db, "budi")


def test_a_new_password_replaces_the_old_one_and_ends_sessions(db: Engine) -> None:
    add_staff(db, "budi", PASSWORD, hasher=FAST)
    token = open_session(db, "budi", Role.VIEWER, now=T0)
    set_password(db, "budi", "sandi-baru-yang-panjang", now=T0 + timedelta(days=1), hasher=FAST)
    assert authenticate(db, "budi", PASSWORD, hasher=FAST) is None
    account = authenticate(db, "budi", "sandi-baru-yang-panjang", hasher=FAST)
    assert account is not None and account.password_changed_at == T0 + timedelta(days=1)
    assert find_session(db, token, now=T0, limits=LIMITS) is None
    with pytest.raises(StaffError, match="tidak ada"):
        set_password(db, "siti", "sandi-baru-yang-panjang", hasher=FAST)


def test_a_session_lives_while_used_and_ends_when_idle(db: Engine) -> None:
    token = open_session(db, "budi", Role.EDITOR, now=T0)
    with db.connect() as connection:
        assert connection.scalar(select(SESSIONS.c.id)) != token  # only its hash is stored
    moment = T0
    for _ in range(3):
        moment += timedelta(minutes=29)
        found = find_session(db, token, now=moment, limits=LIMITS)
        assert found is not None and found.staff_name == "budi" and found.role is Role.EDITOR
    assert find_session(db, token, now=moment + timedelta(minutes=30), limits=LIMITS) is None
    assert find_session(db, token, now=moment, limits=LIMITS) is None  # deleted, not revived


def test_a_busy_session_still_ends_at_the_absolute_limit(db: Engine) -> None:
    token = open_session(db, "budi", Role.VIEWER, now=T0)
    moment = T0
    while moment < T0 + timedelta(hours=11, minutes=40):
        moment += timedelta(minutes=20)
        assert find_session(db, token, now=moment, limits=LIMITS) is not None
    assert find_session(db, token, now=T0 + timedelta(hours=12), limits=LIMITS) is None


def test_logout_ends_only_that_session(db: Engine) -> None:
    first = open_session(db, "budi", Role.VIEWER, now=T0)
    second = open_session(db, "budi", Role.VIEWER, now=T0)
    close_session(db, first)
    assert find_session(db, first, now=T0, limits=LIMITS) is None
    assert find_session(db, second, now=T0, limits=LIMITS) is not None
    assert find_session(db, "tebakan", now=T0, limits=LIMITS) is None


def test_purge_removes_expired_and_one_time_sessions(db: Engine) -> None:
    old = open_session(db, "budi", Role.VIEWER, now=T0 - timedelta(hours=1))
    once = open_session(db, "lokal", Role.VIEWER, now=T0, temporary=True)
    fresh = open_session(db, "siti", Role.VIEWER, now=T0)
    assert purge_sessions(db, now=T0, limits=LIMITS) == 1
    assert find_session(db, once, now=T0, limits=LIMITS) is not None
    assert purge_sessions(db, now=T0, limits=LIMITS, temporary=True) == 1
    assert [find_session(db, t, now=T0, limits=LIMITS) is not None
            for t in (old, once, fresh)] == [False, False, True]


def test_the_audit_trail_keeps_who_did_what_newest_first(db: Engine) -> None:
    record_audit(db, "budi", AuditAction.LOGIN, address="127.0.0.1", now=T0)
    record_audit(db, "budi", AuditAction.EXPORT, detail="log from=2026-02-01",
                 now=T0 + timedelta(minutes=5))
    record_audit(db, "(tidak dikenal)", AuditAction.LOGIN_FAILED, address="10.0.0.9",
                 now=T0 + timedelta(minutes=6))
    events = recent_audit(db)
    assert [(e.staff_name, e.action) for e in events] == [
        ("(tidak dikenal)", "login_failed"), ("budi", "export"), ("budi", "login")]
    assert events[1].detail == "log from=2026-02-01" and events[2].address == "127.0.0.1"
    assert [e.action for e in recent_audit(db, action=AuditAction.EXPORT)] == ["export"]
    assert len(recent_audit(db, limit=1)) == 1
