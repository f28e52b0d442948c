"""What the bot tells its admins: reload results, the served version, refused edits.

Admins are government staff keeping the knowledge, so every message says in Indonesian what
happened and what to do next; the checker's own `file:line: ... — ...` lines are quoted as
they are, so an admin can find the line. Pure code: no `telegram` import.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.citation import indonesian_date
from bot.knowledge import KnowledgeBase
from bot.knowledge_types import EntryKind
from bot.replies import Reply
from bot.telegram_html import escape
from bot.yaml_source import Problem

WIB = ZoneInfo("Asia/Jakarta")
MAX_PROBLEMS_SHOWN = 15  # the rest are counted; `smartcity-bot knowledge check` lists all


def problem_lines(problems: tuple[Problem, ...]) -> str:
    """The checker's messages, one per line, as code so file:line stands out."""
    lines = [f"• <code>{escape(str(problem))}</code>" for problem in
             problems[:MAX_PROBLEMS_SHOWN]]
    if len(problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"… dan {len(problems) - MAX_PROBLEMS_SHOWN} masalah lain (lihat "
                     "<code>smartcity-bot knowledge check</code>).")
    return "\n".join(lines)


def entry_counts(kb: KnowledgeBase) -> str:
    """'596 entri (37 topik, 559 dari data wilayah)'."""
    topics = sum(1 for e in kb.entries.values() if e.kind is EntryKind.TOPIC)
    return f"{len(kb.entries)} entri ({topics} topik, {len(kb.entries) - topics} dari data " \
           "wilayah)"


def wib_time(moment: dt.datetime) -> str:
    """'30 November 2026 pukul 09.15 WIB'."""
    local = moment.astimezone(WIB)
    return f"{indonesian_date(local.date().isoformat())} pukul {local:%H.%M} WIB"


def reloaded_reply(kb: KnowledgeBase, previous_version: str) -> Reply:
    """/muatulang went through."""
    same = " (tidak berubah)" if kb.version == previous_version else \
        f" (sebelumnya <code>{escape(previous_version)}</code>)"
    return Reply(f"✅ Basis pengetahuan dimuat ulang.\nVersi: <code>{escape(kb.version)}</code>"
                 f"{same}\n{entry_counts(kb)}.")


def refused_reply(problems: tuple[Problem, ...], served: str) -> Reply:
    """/muatulang found problems: the bot keeps serving `served`."""
    return Reply(f"⚠️ Suntingan ditolak; bot tetap memakai versi <code>{escape(served)}</code>."
                 f"\n\n{problem_lines(problems)}\n\nPerbaiki baris-baris itu, simpan, lalu "
                 "kirim /muatulang lagi.")


def refused_alert(problems: tuple[Problem, ...], served: str) -> Reply:
    """Sent to every admin when a live reload refuses an edit (once per broken version)."""
    return Reply(f"⚠️ Suntingan basis pengetahuan ditolak; bot tetap memakai versi "
                 f"<code>{escape(served)}</code>.\n\n{problem_lines(problems)}\n\nPerbaiki "
                 "baris-baris itu lalu simpan lagi; bot memuatnya sendiri, atau kirim "
                 "/muatulang.")


def version_reply(kb: KnowledgeBase, loaded_at: dt.datetime,
                  refused: tuple[Problem, ...]) -> Reply:
    """/versi: the version served, when it was loaded, how many entries."""
    html = (f"Versi basis pengetahuan: <code>{escape(kb.version)}</code>\n"
            f"Dimuat: {wib_time(loaded_at)}\n{entry_counts(kb)}.")
    if refused:
        html += (f"\n\n⚠️ Suntingan terakhir ditolak ({len(refused)} masalah); kirim "
                 "/muatulang untuk melihatnya.")
    return Reply(html)
