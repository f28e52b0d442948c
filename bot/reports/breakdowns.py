"""Breakdowns of the filtered questions: channels, entries, feedback, suggestions, speed, places.

Each function is one or two aggregate queries; lists are cut in SQL, so a report over 100,000
questions moves only its few result rows out of the database.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, case, desc, func, or_, select
from sqlmodel import col

from bot.reports.filters import ReportFilter
from bot.reports.query import Report, Row, RowsReport, reading, where
from bot.storage.models import EventKind, EventRow, QuestionRow

EXAMPLES_PER_ROW = 3
PLACE_PREFIXES = ("daerah.", "provinsi.", "angkatan.")
PLACE_KINDS = {"daerah.": "daerah", "provinsi.": "provinsi", "angkatan.": "angkatan"}
NOT_PLACES = frozenset({"daerah.daftar"})  # the "how to see the list" topic, not a region


@dataclass(frozen=True)
class ChannelRow(Row):
    """How many questions came in through one channel (and deep-link payload)."""

    channel: str
    payload: str | None
    count: int


@dataclass(frozen=True)
class Channels(RowsReport):
    """Questions by channel; deep links by payload, most used first."""

    row_type = ChannelRow
    rows: tuple[ChannelRow, ...]


def channels(engine: Engine, flt: ReportFilter) -> Channels:
    """Count the filtered questions by channel and payload."""
    count = func.count(col(QuestionRow.id))
    query = (select(col(QuestionRow.channel), col(QuestionRow.payload), count)
             .where(where(flt))
             .group_by(col(QuestionRow.channel), col(QuestionRow.payload))
             .order_by(desc(count), col(QuestionRow.channel), col(QuestionRow.payload)))
    with reading(engine, "channels") as db:
        return Channels(tuple(ChannelRow(*row) for row in db.execute(query).all()))


@dataclass(frozen=True)
class EntryCount(Row):
    """How often one entry was given."""

    entry_id: str
    count: int


@dataclass(frozen=True)
class TopEntries(RowsReport):
    """The entries given most often."""

    row_type = EntryCount
    rows: tuple[EntryCount, ...]


def top_entries(engine: Engine, flt: ReportFilter, limit: int = 10) -> TopEntries:
    """The `limit` entries given most often (answers, small talk, deep links)."""
    count = func.count(col(QuestionRow.id))
    query = (select(col(QuestionRow.entry_id), count)
             .where(where(flt), col(QuestionRow.entry_id).is_not(None))
             .group_by(col(QuestionRow.entry_id))
             .order_by(desc(count), col(QuestionRow.entry_id)).limit(limit))
    with reading(engine, "top entries") as db:
        return TopEntries(tuple(EntryCount(str(entry), number)
                                for entry, number in db.execute(query).all()))


@dataclass(frozen=True)
class EntryFeedback(Row):
    """👍/👎 on one entry's answers, with questions that got 👎."""

    entry_id: str
    up: int
    down: int
    ratio_down: float
    down_questions: tuple[str, ...]


@dataclass(frozen=True)
class EntryFeedbackReport(Report):
    """Feedback per entry, worst share of 👎 first."""

    rows: tuple[EntryFeedback, ...]

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Entry, up, down, share down, the 👎 questions joined by " | "."""
        return (["entry_id", "up", "down", "ratio_down", "down_questions"],
                [[r.entry_id, r.up, r.down, round(r.ratio_down, 3), " | ".join(r.down_questions)]
                 for r in self.rows])


def feedback_by_entry(engine: Engine, flt: ReportFilter, limit: int = 20) -> EntryFeedbackReport:
    """Feedback on the filtered questions per entry: worst ratio of 👎 first, then most 👎."""
    up = func.sum(case((col(EventRow.value) == "up", 1), else_=0))
    down = func.sum(case((col(EventRow.value) == "down", 1), else_=0))
    ratio = down * 1.0 / func.count(col(EventRow.id))
    query = (select(col(QuestionRow.entry_id), up, down)
             .join(QuestionRow, col(EventRow.query_id) == col(QuestionRow.id))
             .where(where(flt), col(EventRow.kind) == EventKind.FEEDBACK.value,
                    col(QuestionRow.entry_id).is_not(None))
             .group_by(col(QuestionRow.entry_id))
             .order_by(desc(ratio), desc(down), col(QuestionRow.entry_id)).limit(limit))
    with reading(engine, "feedback per entry") as db:
        tallies = [(entry, int(ups or 0), int(downs or 0))
                   for entry, ups, downs in db.execute(query).all() if entry]
        worst = [entry for entry, _, downs in tallies if downs]
        examples: dict[str, list[str]] = {entry: [] for entry in worst}
        if worst:
            rated = (select(col(QuestionRow.entry_id), col(QuestionRow.question))
                     .join(EventRow, col(EventRow.query_id) == col(QuestionRow.id))
                     .where(where(flt), col(EventRow.kind) == EventKind.FEEDBACK.value,
                            col(EventRow.value) == "down", col(QuestionRow.entry_id).in_(worst))
                     .order_by(desc(col(QuestionRow.created_at)), col(QuestionRow.id)))
            for entry, text in db.execute(rated):
                found = examples[str(entry)]
                if len(found) < EXAMPLES_PER_ROW and text not in found:
                    found.append(text)
    return EntryFeedbackReport(tuple(
        EntryFeedback(entry, ups, downs, downs / (ups + downs) if ups + downs else 0.0,
                      tuple(examples.get(entry, ())))
        for entry, ups, downs in tallies))


@dataclass(frozen=True)
class SuggestionPick(Row):
    """Which offered entry citizens picked, when offered which entries, for which questions."""

    entry_id: str
    offered: tuple[str, ...]
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class SuggestionPicks(Report):
    """Picks from "Maksud Anda:" suggestions, most frequent first."""

    rows: tuple[SuggestionPick, ...]

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Picked entry, offered entries, count, examples."""
        return (["entry_id", "offered", "count", "examples"],
                [[r.entry_id, " ".join(r.offered), r.count, " | ".join(r.examples)]
                 for r in self.rows])


def suggestion_picks(engine: Engine, flt: ReportFilter, limit: int = 20) -> SuggestionPicks:
    """Count picked suggestions by (picked entry, offered entries) over the filtered questions.

    Two example questions per row (the alphabetically first and last) come from the same
    aggregate query, so the report stays one query however many picks there are.
    """
    count = func.count(col(EventRow.id))
    offered = col(QuestionRow.suggestions)
    query = (select(col(EventRow.value), offered, count, func.min(col(QuestionRow.question)),
                    func.max(col(QuestionRow.question)))
             .join(QuestionRow, col(EventRow.query_id) == col(QuestionRow.id))
             .where(where(flt), col(EventRow.kind) == EventKind.SUGGESTION.value,
                    col(EventRow.value).is_not(None))
             .group_by(col(EventRow.value), offered)
             .order_by(desc(count), col(EventRow.value)).limit(limit))
    with reading(engine, "suggestion picks") as db:
        rows = db.execute(query).all()
    return SuggestionPicks(tuple(
        SuggestionPick(str(picked), tuple(shown or ()), number, tuple(dict.fromkeys((low, high))))
        for picked, shown, number, low, high in rows))


@dataclass(frozen=True)
class Latency(Report):
    """How long the bot took to answer (ms, nearest-rank percentiles)."""

    count: int
    median_ms: int | None
    p95_ms: int | None

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Count, median, p95."""
        return ["count", "median_ms", "p95_ms"], [[self.count, self.median_ms, self.p95_ms]]


def latency(engine: Engine, flt: ReportFilter) -> Latency:
    """Median and 95th percentile of the filtered questions' latency.

    The database returns a histogram (latencies are whole milliseconds, so there are few
    distinct values) and the percentiles are exact nearest-rank ones computed from it: the
    same on SQLite, which has no percentile function, and on PostgreSQL.
    """
    value = col(QuestionRow.latency_ms)
    query = (select(value, func.count(col(QuestionRow.id)))
             .where(where(flt), value.is_not(None)).group_by(value).order_by(value))
    with reading(engine, "latency") as db:
        histogram = [(int(ms or 0), int(number)) for ms, number in db.execute(query).all()]
    total = sum(number for _, number in histogram)
    return Latency(total, percentile(histogram, 0.5), percentile(histogram, 0.95))


def percentile(histogram: list[tuple[int, int]], share: float) -> int | None:
    """Nearest-rank percentile of a sorted (value, count) histogram; None when empty."""
    total = sum(number for _, number in histogram)
    if not total:
        return None
    rank = max(1, math.ceil(share * total))
    seen = 0
    for value, number in histogram:
        seen += number
        if seen >= rank:
            return value
    return histogram[-1][0]  # pragma: no cover - the loop always reaches the rank


@dataclass(frozen=True)
class PlaceCount(Row):
    """How often a region, province or cohort entry was given."""

    entry_id: str
    kind: str  # "daerah", "provinsi" or "angkatan"
    count: int


@dataclass(frozen=True)
class Places(RowsReport):
    """Regions, provinces and cohort years asked about, most asked first."""

    row_type = PlaceCount
    rows: tuple[PlaceCount, ...]


def places(engine: Engine, flt: ReportFilter, limit: int = 20) -> Places:
    """Count the generated place entries (daerah.*, provinsi.*, angkatan.*) given."""
    entry = col(QuestionRow.entry_id)
    count = func.count(col(QuestionRow.id))
    query = (select(entry, count)
             .where(where(flt), or_(*(entry.startswith(p) for p in PLACE_PREFIXES)),
                    entry.not_in(sorted(NOT_PLACES)))
             .group_by(entry).order_by(desc(count), entry).limit(limit))
    with reading(engine, "places") as db:
        rows = db.execute(query).all()
    return Places(tuple(PlaceCount(str(e), _place_kind(str(e)), n) for e, n in rows))


def _place_kind(entry_id: str) -> str:
    """The kind of a place entry from its id prefix."""
    return next(kind for prefix, kind in PLACE_KINDS.items() if entry_id.startswith(prefix))
