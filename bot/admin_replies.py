"""What the bot tells its admins: reload results, the served version, refused edits, figures.

Admins are government staff keeping the knowledge, so every message says in Indonesian what
happened and what to do next; the checker's own `file:line: ... — ...` lines are quoted as
they are, so an admin can find the line. Pure code: no `telegram` import.
"""

from __future__ import annotations

import datetime as dt

from bot.admin_reports import Window
from bot.citation import indonesian_date
from bot.knowledge import KnowledgeBase
from bot.knowledge_types import EntryKind
from bot.outcome import Outcome
from bot.replies import Reply
from bot.reports import WIB, Clusters
from bot.reports.clusters import ADD_EXAMPLES
from bot.reports.filters import wib_date
from bot.telegram_html import escape
from bot.yaml_source import Problem

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


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def statistics_reply(windows: list[Window]) -> Reply:
    """/statistik: questions, how they were answered and the feedback, per period."""
    parts = ["<b>Statistik pertanyaan</b> (hari menurut WIB)"]
    for window in windows:
        figures = window.figures
        outcomes, total = figures.outcomes, figures.total_questions
        answered = outcomes.get(Outcome.ANSWER, 0) + outcomes.get(Outcome.SMALLTALK, 0)
        other = outcomes.get(Outcome.COMMAND, 0) + outcomes.get(Outcome.NON_TEXT, 0)
        parts.append(
            f"<b>{escape(window.label)}</b>: {total} pertanyaan dari {figures.citizens} warga\n"
            f"• dijawab: {answered} ({_percent(answered, total)})\n"
            f"• diberi pilihan: {outcomes.get(Outcome.SUGGEST, 0)}\n"
            f"• tidak terjawab: {outcomes.get(Outcome.FALLBACK, 0)} "
            f"({_percent(outcomes.get(Outcome.FALLBACK, 0), total)})\n"
            f"• perintah dan pesan bukan teks: {other}\n"
            f"• umpan balik: 👍 {figures.feedback_up} · 👎 {figures.feedback_down}")
    parts.append("Pertanyaan yang belum terjawab: /belumterjawab")
    return Reply("\n\n".join(parts))


def unanswered_reply(clusters: Clusters, days: int) -> Reply:
    """/belumterjawab: the largest groups of questions the knowledge does not answer yet."""
    period = f"{days} hari terakhir"
    if not clusters.rows:
        return Reply(f"Tidak ada pertanyaan yang belum terjawab dalam {period}.")
    parts = [f"<b>Pertanyaan yang belum terjawab</b> ({period}: {clusters.total_questions} "
             f"pertanyaan dalam {clusters.total_clusters} kelompok)"]
    for number, cluster in enumerate(clusters.rows, start=1):
        lines = [f"{number}. <b>{cluster.size} pertanyaan</b> dari {cluster.citizens} warga, "
                 f"terakhir {indonesian_date(wib_date(cluster.last_seen).isoformat())}"]
        lines += [f"• “{escape(example)}”" for example in cluster.examples[:3]]
        if cluster.kind == ADD_EXAMPLES and cluster.nearest_entry_id:
            lines.append(f"Saran: tambahkan sebagai contoh pertanyaan entri "
                         f"<code>{escape(cluster.nearest_entry_id)}</code> "
                         f"({escape(cluster.nearest_title or '')}).")
        else:
            lines.append("Saran: buat entri baru.")
        parts.append("\n".join(lines))
    parts.append(f"Potongan YAML siap tempel: <code>smartcity-bot report unanswered --since "
                 f"{days}d</code>")
    return Reply("\n\n".join(parts))


def log_unavailable_reply(missing: bool) -> Reply:
    """The query log cannot be read (or holds nothing yet)."""
    if missing:
        return Reply("Belum ada pertanyaan yang tercatat.")
    return Reply("Log pertanyaan sedang tidak dapat dibaca. Silakan coba lagi beberapa saat "
                 "lagi.")
