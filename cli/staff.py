"""`smartcity-bot staff`: the accounts that may open the dashboard.

`add NAME [--role viewer|editor]` and `password NAME` ask for the password twice on a terminal
(getpass, nothing echoed) and read one line from standard input otherwise, so scripts can pipe
it in. `list` shows the accounts, `remove NAME` deletes one (its sessions end at once), `audit`
shows the latest logins, failed logins, logouts and exports. Every change is audited too.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import TextIO

from sqlalchemy import Engine

from bot.config import Settings
from bot.reports import WIB
from bot.staff import (
    AuditAction,
    Role,
    StaffError,
    add_staff,
    list_staff,
    recent_audit,
    record_audit,
    remove_staff,
    set_password,
)
from bot.storage import StorageUnavailable, create_engine, migrate
from bot.storage.engine import describe_url

AUDIT_DETAIL = "lewat baris perintah (smartcity-bot staff)"
Prompt = Callable[[str], str]


def read_password(stdin: TextIO, prompt: Prompt = getpass.getpass) -> str:
    """The new password: asked twice on a terminal, else the first line of stdin.

    Raises:
        StaffError: If the two entries differ or stdin is empty.
    """
    if stdin.isatty():
        first = prompt("Kata sandi baru: ")
        if prompt("Ulangi kata sandi: ") != first:
            raise StaffError("Kedua kata sandi tidak sama; tidak ada yang diubah.")
        return first
    line = stdin.readline()
    if not line:
        raise StaffError("Tidak ada kata sandi di masukan standar (satu baris).")
    return line.rstrip("\r\n")


def run_staff(settings: Settings, args: argparse.Namespace, *, stdin: TextIO = sys.stdin,
              out: TextIO = sys.stdout, prompt: Prompt = getpass.getpass) -> int:
    """Carry out one staff sub-command; return the exit code."""
    url = settings.database_url.get_secret_value()
    try:
        engine = create_engine(url)
    except (ValueError, OSError) as exc:
        print(f"Basis data tidak dapat dibuka: {exc}", file=sys.stderr)
        return 1
    try:
        migrate(engine)
        return _dispatch(engine, args, stdin=stdin, out=out, prompt=prompt)
    except StaffError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except StorageUnavailable as exc:
        print(f"Basis data {describe_url(url)} tidak tersedia: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()


def _dispatch(engine: Engine, args: argparse.Namespace, *, stdin: TextIO, out: TextIO,
              prompt: Prompt) -> int:
    """The sub-command itself (errors are translated by the caller)."""
    command = args.staff_command
    if command == "list":
        accounts = list_staff(engine)
        if not accounts:
            print("Belum ada akun. Buat dengan: smartcity-bot staff add NAMA", file=out)
        for account in accounts:
            since = account.created_at.astimezone(WIB).strftime("%Y-%m-%d %H:%M WIB")
            print(f"{account.name:<32} {account.role.value:<7} sejak {since}", file=out)
        return 0
    if command == "audit":
        for event in reversed(recent_audit(engine, max(1, args.limit))):
            when = event.created_at.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S")
            print(f"{when} {event.staff_name:<20} {event.action:<16} "
                  f"{event.address or '-':<15} {event.detail or ''}".rstrip(), file=out)
        return 0
    if command == "remove":
        remove_staff(engine, args.name)
        record_audit(engine, args.name.strip().lower(), AuditAction.STAFF_REMOVED,
                     detail=AUDIT_DETAIL)
        print(f"Akun {args.name.strip().lower()} dihapus; sesinya berakhir.", file=out)
        return 0
    password = read_password(stdin, prompt)
    if command == "add":
        account = add_staff(engine, args.name, password, Role(args.role))
        record_audit(engine, account.name, AuditAction.STAFF_ADDED,
                     detail=f"peran {account.role.value}, {AUDIT_DETAIL}")
        print(f"Akun {account.name} ({account.role.value}) dibuat.", file=out)
        return 0
    set_password(engine, args.name, password)
    record_audit(engine, args.name.strip().lower(), AuditAction.PASSWORD_CHANGED,
                 detail=AUDIT_DETAIL)
    print(f"Kata sandi {args.name.strip().lower()} diganti; sesinya berakhir.", file=out)
    return 0

