"""The question-log reports as plain Indonesian text for staff reading a terminal.

Pure formatting of the report dataclasses (`bot.reports`): numbers with Indonesian digit
grouping, times in WIB, small bar charts drawn with block characters.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.reports import (
    Channels,
    Clusters,
    EntryFeedbackReport,
    Overview,
    Places,
    ReportFilter,
    SuggestionPicks,
    TopEntries,
    Volume,
)
from bot.reports.filters import WIB, wib_date

BAR_WIDTH = 30
OUTCOME_NAMES = {"answer": "dijawab", "suggest": "saran", "fallback": "tidak terjawab",
                 "smalltalk": "obrolan", "command": "perintah", "non_text": "bukan teks"}
CHANNEL_NAMES = {"private": "chat pribadi", "group": "grup", "inline": "inline",
                 "deeplink": "tautan"}


def number(value: float) -> str:
    """1234567 -> "1.234.567" (Indonesian grouping)."""
    return f"{value:,.0f}".replace(",", ".")


def percent(share: float) -> str:
    """0.623 -> "62,3%"."""
    return f"{share * 100:.1f}%".replace(".", ",")


def wib(moment: datetime) -> str:
    """A moment as "2026-03-10 19:00 WIB"."""
    return f"{moment.astimezone(WIB):%Y-%m-%d %H:%M} WIB"


def period(flt: ReportFilter) -> str:
    """The filter's time range in words."""
    if flt.start is None and flt.end is None:
        return "seluruh waktu"
    first = wib_date(flt.start).isoformat() if flt.start else "awal"
    last = wib_date(flt.end - timedelta(seconds=1)).isoformat() if flt.end else "sekarang"
    return f"{first} s.d. {last} (WIB)"


def overview_text(figures: Overview, flt: ReportFilter) -> list[str]:
    """Key figures."""
    counts = ", ".join(f"{OUTCOME_NAMES.get(name, name)} {number(count)}"
                       for name, count in figures.outcomes.items())
    speed = (f"median {figures.latency_median_ms} ms, p95 {figures.latency_p95_ms} ms"
             if figures.latency_median_ms is not None else "belum ada data")
    return [f"Laporan log pertanyaan: {period(flt)}",
            f"Pertanyaan: {number(figures.total_questions)} dari "
            f"{number(figures.citizens)} warga",
            f"  dijawab {percent(figures.answered_share)}, saran "
            f"{percent(figures.suggest_share)}, tidak terjawab "
            f"{percent(figures.fallback_share)}",
            f"  ({counts})",
            f"Umpan balik: {number(figures.feedback_up)} 👍, {number(figures.feedback_down)} 👎",
            f"Waktu menjawab: {speed}"]


def volume_text(series: Volume) -> list[str]:
    """Questions per period as a bar chart."""
    if not series.points:
        return []
    top = max(p.count for p in series.points) or 1
    label = "hari" if series.bucket == "day" else "minggu (mulai Senin)"
    lines = [f"Pertanyaan per {label}:"]
    for point in series.points:
        bar = "█" * round(BAR_WIDTH * point.count / top)
        lines.append(f"  {point.period_start.isoformat()} {number(point.count):>8} {bar}")
    return lines


def channels_text(report: Channels) -> list[str]:
    """Questions per channel."""
    return ["Kanal:"] + [
        f"  {CHANNEL_NAMES.get(r.channel, r.channel)}"
        f"{f' ({r.payload})' if r.payload else ''}: {number(r.count)}" for r in report.rows]


def top_entries_text(report: TopEntries) -> list[str]:
    """The entries given most often."""
    return ["Entri paling sering diberikan:"] + [
        f"  {number(r.count):>8}  {r.entry_id}" for r in report.rows]


def feedback_text(report: EntryFeedbackReport) -> list[str]:
    """Feedback per entry, worst first."""
    lines = ["Umpan balik per entri (paling banyak 👎 lebih dulu):"]
    for row in report.rows:
        lines.append(f"  {row.entry_id}: {row.up} 👍, {row.down} 👎 "
                     f"({percent(row.ratio_down)} 👎)")
        lines += [f"      👎 \"{q}\"" for q in row.down_questions]
    return lines


def picks_text(report: SuggestionPicks) -> list[str]:
    """Suggestions citizens picked."""
    return ["Saran yang dipilih warga:"] + [
        f"  {number(r.count):>8}  {r.entry_id} (dari: {', '.join(r.offered)})"
        for r in report.rows]


def places_text(report: Places) -> list[str]:
    """Regions, provinces and cohorts asked about."""
    return ["Daerah, provinsi, dan angkatan yang ditanyakan:"] + [
        f"  {number(r.count):>8}  {r.entry_id}" for r in report.rows]


def clusters_text(report: Clusters, *, snippets: bool) -> list[str]:
    """Unanswered clusters, largest first, optionally with their YAML snippets."""
    lines = [f"Kelompok pertanyaan belum terjawab: {number(report.total_clusters)} kelompok "
             f"dari {number(report.total_questions)} pertanyaan "
             f"(basis pengetahuan {report.knowledge_version})"]
    for rank, cluster in enumerate(report.rows, 1):
        nearest = (f"{cluster.nearest_entry_id} (skor {cluster.nearest_score:.2f})"
                   if cluster.nearest_entry_id and cluster.nearest_score is not None
                   else "tidak ada")
        lines += ["", f"{rank}. [{cluster.key}] {number(cluster.size)} pertanyaan dari "
                      f"{number(cluster.citizens)} warga, {wib(cluster.first_seen)} s.d. "
                      f"{wib(cluster.last_seen)}",
                  *(f"     \"{example}\"" for example in cluster.examples),
                  f"   Entri terdekat: {nearest}"]
        if snippets:
            action = ("tambahkan sebagai contoh pertanyaan" if cluster.kind == "add_examples"
                      else "buat entri baru")
            lines += [f"   Saran ({action}):", *("     " + line
                                                 for line in cluster.snippet.splitlines())]
    return lines

