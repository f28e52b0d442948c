"""`smartcity-bot report [unanswered]`: the question-log reports for staff, as text, CSV or JSON.

A thin front end over `bot.reports`, like the dashboard and the admin commands. It only reads:
it never migrates (a reader needs no DDL rights), so a database without the log gets a clear
message instead of empty tables. Errors go to stderr with exit code 1; bad flags, exit 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TextIO

from bot import reports
from bot.config import Settings
from bot.knowledge import KnowledgeError, load_knowledge
from bot.matcher import Matcher
from bot.reports import Report, ReportFilter
from bot.storage import StorageUnavailable, create_engine, current_version
from bot.storage.engine import describe_url
from bot.storage.migrations import latest_version
from cli import report_text as text

TOP = 10  # rows per list in the summary report
SUMMARY_CLUSTERS = 5


def run_report(settings: Settings, args: argparse.Namespace, *, out: TextIO | None = None,
               now: datetime | None = None) -> int:
    """Print the report the arguments ask for (to stdout); return the exit code."""
    out = out or sys.stdout
    params = {"since": args.since or "", "from": args.first or "", "to": args.last or ""}
    try:
        flt = ReportFilter.from_params(params, now=now or datetime.now(UTC))
    except ValueError as exc:
        print(f"Argumen tidak valid: {exc}", file=sys.stderr)
        return 2
    fmt = "json" if args.json else args.format
    url = settings.database_url.get_secret_value()
    try:
        engine = create_engine(url)
    except (ValueError, OSError) as exc:
        print(f"Log pertanyaan tidak dapat dibuka: {exc}", file=sys.stderr)
        return 1
    try:
        if not _schema_ready(engine, url):
            return 1
        matcher = _matcher(settings)
        if matcher is None:
            return 1
        if args.view == "unanswered":
            result = reports.unanswered_clusters(engine, flt, matcher, max(args.limit, 1))
            _print_clusters(result, flt, fmt, out)
        else:
            _print_summary(_summary(engine, flt, matcher), flt, fmt, out)
    except StorageUnavailable as exc:
        print(f"Log pertanyaan {describe_url(url)} tidak dapat dibaca: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0


def _schema_ready(engine: Any, url: str) -> bool:
    """False (with a message) when the database has no question log yet."""
    version = current_version(engine)
    if version == 0:
        print(f"Basis data {describe_url(url)} belum berisi log pertanyaan. Jalankan bot "
              "sekali (`smartcity-bot run`) agar tabelnya dibuat; perintah laporan hanya "
              "membaca.", file=sys.stderr)
        return False
    if version < latest_version():
        print(f"Catatan: skema log versi {version}, versi terbaru {latest_version()}. "
              "Laporan tetap dibuat, mungkin lebih lambat; jalankan bot versi ini sekali "
              "untuk memperbarui skema.", file=sys.stderr)
    return True


def _matcher(settings: Settings) -> Matcher | None:
    """The current knowledge (for nearest entries), or None with a message."""
    try:
        return Matcher(load_knowledge(settings.knowledge_dir), operator=settings.bot_operator)
    except KnowledgeError as exc:
        print(f"Basis pengetahuan tidak dapat dimuat: {exc}", file=sys.stderr)
        return None


def _summary(engine: Any, flt: ReportFilter, matcher: Matcher) -> dict[str, Report]:
    """Every report of the summary, by section name."""
    calls: dict[str, Callable[[], Report]] = {
        "overview": lambda: reports.overview(engine, flt),
        "volume": lambda: reports.volume(engine, flt, "week" if _long(flt) else "day"),
        "outcome_mix": lambda: reports.outcome_mix(engine, flt,
                                                   "week" if _long(flt) else "day"),
        "channels": lambda: reports.channels(engine, flt),
        "top_entries": lambda: reports.top_entries(engine, flt, TOP),
        "feedback_by_entry": lambda: reports.feedback_by_entry(engine, flt, TOP),
        "suggestion_picks": lambda: reports.suggestion_picks(engine, flt, TOP),
        "latency": lambda: reports.latency(engine, flt),
        "places": lambda: reports.places(engine, flt, TOP),
        "unanswered_clusters": lambda: reports.unanswered_clusters(engine, flt, matcher,
                                                                   SUMMARY_CLUSTERS),
    }
    return {name: call() for name, call in calls.items()}


def _long(flt: ReportFilter) -> bool:
    """More than ~2 months (or open): weekly buckets read better than daily ones."""
    if flt.start is None or flt.end is None:
        return flt.start is None or (datetime.now(UTC) - flt.start).days > 62
    return (flt.end - flt.start).days > 62


def _print_summary(sections: dict[str, Any], flt: ReportFilter, fmt: str, out: TextIO) -> None:
    """The summary as text, JSON (one object) or CSV (one block per section)."""
    if fmt == "json":
        data = {"filter": flt.as_params(), **{k: v.as_dict() for k, v in sections.items()}}
        print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
        return
    if fmt == "csv":
        writer = csv.writer(out)
        for name, report in sections.items():
            writer.writerow([f"[{name}]"])
            writer.writerows(reports.csv_rows(report))
            writer.writerow([])
        return
    blocks = [text.overview_text(sections["overview"], flt),
              text.volume_text(sections["volume"]), text.channels_text(sections["channels"]),
              text.top_entries_text(sections["top_entries"]),
              text.feedback_text(sections["feedback_by_entry"]),
              text.picks_text(sections["suggestion_picks"]),
              text.places_text(sections["places"]),
              text.clusters_text(sections["unanswered_clusters"], snippets=False)
              + ["", "Rincian dan cuplikan YAML: smartcity-bot report unanswered"]]
    print("\n\n".join("\n".join(block) for block in blocks if block), file=out)


def _print_clusters(result: reports.Clusters, flt: ReportFilter, fmt: str,
                    out: TextIO) -> None:
    """The clusters as text (with snippets), JSON or CSV."""
    if fmt == "json":
        data = {"filter": flt.as_params(), **result.as_dict()}
        print(json.dumps(data, ensure_ascii=False, indent=2), file=out)
    elif fmt == "csv":
        csv.writer(out).writerows(reports.csv_rows(result))
    else:
        print(f"Periode: {text.period(flt)}", file=out)
        print("\n".join(text.clusters_text(result, snippets=True)), file=out)
