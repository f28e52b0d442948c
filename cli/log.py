"""`smartcity-bot log purge [--dry-run]`: delete query log records older than LOG_RETENTION_DAYS.

The running bot does this every day (`bot.purge_job`); the command is for an operator who
lowered the setting, or wants to see what the next purge will delete (`--dry-run` only counts).
Like the reports, it speaks Indonesian to staff and never migrates.
"""

from __future__ import annotations

import sys
from typing import TextIO

from bot.config import Settings
from bot.storage.retention import count_older_than, purge_all, retention_cutoff
from cli.database import LogUnavailable, opened_log


def purge(settings: Settings, *, dry_run: bool = False, out: TextIO = sys.stdout) -> int:
    """Delete (or with `dry_run` count) the expired records; return the exit code."""
    days = settings.log_retention_days
    cutoff = retention_cutoff(days)
    try:
        with opened_log(settings) as engine:
            deleted = count_older_than(engine, cutoff) if dry_run else purge_all(engine, cutoff)
    except LogUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    verb = "Akan dihapus" if dry_run else "Dihapus"
    print(f"{verb}: {deleted.questions} pertanyaan dan {deleted.events} tekanan tombol yang "
          f"lebih lama dari {days} hari (LOG_RETENTION_DAYS), yaitu yang tercatat sebelum "
          f"{cutoff:%Y-%m-%d %H:%M} UTC.", file=out)
    return 0
