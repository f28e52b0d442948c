"""Staff accounts: who may open the dashboard, with which role, under which password.

Passwords are stored only as argon2id hashes (argon2-cffi, PHC string with its parameters), so
a copy of the database reveals none. Names are case-insensitive and stored lower-case. Removing
an account or changing its password ends its dashboard sessions in the same transaction.
Messages are Indonesian: the admins who run `smartcity-bot staff` read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from bot.staff.tables import SESSIONS, STAFF
from bot.storage.engine import describe_error
from bot.storage.errors import StorageUnavailable
from bot.storage.models import utc_now

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024  # argon2 hashes anything, but a megabyte "password" is an attack
HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters


class Role(StrEnum):
    """What a staff member may do: read everything (viewer), or also edit knowledge (editor)."""

    VIEWER = "viewer"
    EDITOR = "editor"


class StaffError(ValueError):
    """A staff command cannot be carried out; the message says why, in Indonesian."""


@dataclass(frozen=True)
class StaffAccount:
    """One account, without its password hash."""

    name: str
    role: Role
    created_at: datetime
    password_changed_at: datetime


def normalize_name(name: str) -> str:
    """Return the stored form of a name (lower-case), or raise StaffError if it is not valid."""
    cleaned = name.strip().lower()
    if not NAME_PATTERN.fullmatch(cleaned):
        raise StaffError("Nama akun harus 2-32 karakter: huruf, angka, titik, garis bawah atau "
                         "tanda hubung, diawali huruf atau angka (contoh: budi.santoso).")
    return cleaned


def check_password(name: str, password: str) -> None:
    """Raise StaffError unless the password is long enough and not the name itself."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise StaffError(f"Kata sandi minimal {MIN_PASSWORD_CHARS} karakter.")
    if len(password) > MAX_PASSWORD_CHARS:
        raise StaffError(f"Kata sandi maksimal {MAX_PASSWORD_CHARS} karakter.")
    if password.strip().lower() == name:
        raise StaffError("Kata sandi tidak boleh sama dengan nama akun.")


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash to verify when the name is unknown: a wrong name costs what a wrong password does.

    Made on first use: hashing at import would slow every CLI command.
    """
    return hasher.hash("smartcity-bot: no such account")


def _account(row: object) -> StaffAccount:
    """An account from a row of `staff`."""
    mapping = row._mapping  # type: ignore[attr-defined]
    return StaffAccount(mapping["name"], Role(mapping["role"]), mapping["created_at"],
                        mapping["password_changed_at"])


def _unavailable(exc: SQLAlchemyError) -> StorageUnavailable:
    return StorageUnavailable(f"cannot use the staff accounts: {describe_error(exc)}")


def add_staff(engine: Engine, name: str, password: str, role: Role = Role.VIEWER, *,
              now: datetime | None = None, hasher: PasswordHasher = HASHER) -> StaffAccount:
    """Create an account.

    Raises:
        StaffError: If the name or password is not acceptable, or the name is taken.
        StorageUnavailable: If the database cannot be used.
    """
    name = normalize_name(name)
    check_password(name, password)
    moment = now or utc_now()
    values = {"name": name, "role": Role(role).value, "password_hash": hasher.hash(password),
              "created_at": moment, "password_changed_at": moment}
    try:
        with engine.begin() as connection:
            connection.execute(insert(STAFF).values(**values))
    except IntegrityError:
        raise StaffError(f"Akun {name!r} sudah ada.") from None
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc
    return StaffAccount(name, Role(role), moment, moment)


def list_staff(engine: Engine) -> list[StaffAccount]:
    """Every account, by name."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(STAFF).order_by(STAFF.c.name)).all()
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc
    return [_account(row) for row in rows]


def find_staff(engine: Engine, name: str) -> StaffAccount | None:
    """The account with this name (any case), or None."""
    try:
        name = normalize_name(name)
    except StaffError:
        return None
    try:
        with engine.connect() as connection:
            row = connection.execute(select(STAFF).where(STAFF.c.name == name)).first()
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc
    return _account(row) if row is not None else None


def remove_staff(engine: Engine, name: str) -> None:
    """Delete an account and end its sessions.

    Raises:
        StaffError: If there is no such account.
    """
    name = normalize_name(name)
    try:
        with engine.begin() as connection:
            removed = connection.execute(delete(STAFF).where(STAFF.c.name == name)).rowcount
            connection.execute(delete(SESSIONS).where(SESSIONS.c.staff_name == name))
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc
    if not removed:
        raise StaffError(f"Akun {name!r} tidak ada.")


def set_password(engine: Engine, name: str, password: str, *, now: datetime | None = None,
                 hasher: PasswordHasher = HASHER) -> None:
    """Replace an account's password and end its sessions.

    Raises:
        StaffError: If there is no such account or the password is not acceptable.
    """
    name = normalize_name(name)
    check_password(name, password)
    changes = {"password_hash": hasher.hash(password), "password_changed_at": now or utc_now()}
    try:
        with engine.begin() as connection:
            changed = connection.execute(
                update(STAFF).where(STAFF.c.name == name).values(**changes)).rowcount
            connection.execute(delete(SESSIONS).where(SESSIONS.c.staff_name == name))
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc
    if not changed:
        raise StaffError(f"Akun {name!r} tidak ada.")


def authenticate(engine: Engine, name: str, password: str, *,
                 hasher: PasswordHasher = HASHER) -> StaffAccount | None:
    """Return the account if the name and password match, else None.

    An unknown or malformed name costs one hash verification too, so timing does not tell
    which names exist. A hash made with older parameters is upgraded on success.
    """
    try:
        name = normalize_name(name)
    except StaffError:
        name = ""
    try:
        with engine.connect() as connection:
            row = connection.execute(select(STAFF).where(STAFF.c.name == name)).first()
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc
    stored = row._mapping["password_hash"] if row is not None else _dummy_hash(hasher)
    try:
        hasher.verify(stored, password[:MAX_PASSWORD_CHARS])
    except (VerificationError, InvalidHashError):
        return None
    if row is None:
        return None
    if hasher.check_needs_rehash(stored):
        try:
            with engine.begin() as connection:
                connection.execute(update(STAFF).where(STAFF.c.name == name).values(
                    password_hash=hasher.hash(password)))
        except SQLAlchemyError as exc:
            raise _unavailable(exc) from exc
    return _account(row)
