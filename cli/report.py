"""`smartcity-bot report`: print the query log summary for staff, as text or JSON.

A thin printer over `bot.reports.summary`; an unreachable database, or one the bot has not
created or upgraded yet, becomes a message on stderr and exit code 1. It never migrates: a
reader may lack DDL rights and must not change a database the bot is about to upgrade.
"""

from __future__ import annotations

import json
import sys
from typing import TextIO

from bot.config import Settings
from bot.reports import Summary, summary
from cli.database import LogUnavailable, opened_log


def print_report(settings: Settings, *, as_json: bool = False, out: TextIO = sys.stdout) -> int:
    """Print the summary of the query log in DATABASE_URL; return the exit code."""
    try:
        with opened_log(settings) as engine:
            result = summary(engine)
    except LogUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2), file=out)
    else:
        print(format_summary(result), file=out)
    return 0


def format_summary(result: Summary) -> str:
    """The summary as plain text for a terminal."""
    lines = [f"Questions: {result.total_questions}"]
    lines += [f"  {outcome}: {count}" for outcome, count in result.outcomes.items()]
    lines.append(f"Feedback: {result.feedback_up} helpful, {result.feedback_down} not helpful")
    if result.top_entries:
        lines.append("Most given answers:")
        lines += [f"  {s.entry_id}: {s.asked} times ({s.up} up, {s.down} down)"
                  for s in result.top_entries]
    if result.top_unanswered:
        lines.append("Most frequent unanswered questions:")
        lines += [f"  {u.count} x {u.example}" for u in result.top_unanswered]
    if result.recent:
        lines.append("Latest questions:")
        lines += [f"  {q.created_at:%Y-%m-%d %H:%M} [{q.channel}/{q.outcome}] {q.question}"
                  for q in result.recent]
    return "\n".join(lines)
