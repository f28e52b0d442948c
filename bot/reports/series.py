"""Questions over time: volume and outcome mix per WIB day or ISO week, zero-filled.

The database groups by WIB day (one row per day and outcome, so at most a few thousand rows for
years of log); weeks are folded from days here, which keeps the SQL the same on both databases.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from sqlalchemy import Engine, func, select
from sqlmodel import col

from bot.outcome import Outcome
from bot.reports.filters import ReportFilter, wib_date
from bot.reports.query import Report, Row, reading, where, wib_day
from bot.storage.models import QuestionRow

Bucket = Literal["day", "week"]
BUCKETS: tuple[Bucket, ...] = ("day", "week")
MAX_PERIODS = 3700  # ten years of days: the zero-filling stops there


@dataclass(frozen=True)
class Point(Row):
    """Questions in one period (a WIB day, or the ISO week starting on that Monday)."""

    period_start: date
    count: int


@dataclass(frozen=True)
class MixPoint(Row):
    """Questions per outcome in one period; every Outcome value is present."""

    period_start: date
    counts: dict[str, int]


@dataclass(frozen=True)
class Volume(Report):
    """Questions per period over the filter's range (or the data's, when open)."""

    bucket: Bucket
    points: tuple[Point, ...]

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Period start, count."""
        return ["period_start", "count"], [[p.period_start, p.count] for p in self.points]


@dataclass(frozen=True)
class OutcomeMix(Report):
    """Questions per period and outcome."""

    bucket: Bucket
    periods: tuple[MixPoint, ...]

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Period start, then one column per outcome."""
        names = [o.value for o in Outcome]
        return (["period_start", *names],
                [[p.period_start, *(p.counts.get(n, 0) for n in names)] for p in self.periods])


def volume(engine: Engine, flt: ReportFilter, bucket: Bucket = "day") -> Volume:
    """Questions per WIB day or week, with empty periods as zero."""
    mix = outcome_mix(engine, flt, bucket)
    return Volume(bucket, tuple(Point(p.period_start, sum(p.counts.values()))
                                for p in mix.periods))


def outcome_mix(engine: Engine, flt: ReportFilter, bucket: Bucket = "day") -> OutcomeMix:
    """Questions per WIB day or week and outcome, with empty periods as zeros."""
    if bucket not in BUCKETS:
        raise ValueError(f"bucket must be one of {BUCKETS}, not {bucket!r}")
    day = wib_day(engine)
    query = (select(day, col(QuestionRow.outcome), func.count(col(QuestionRow.id)))
             .where(where(flt)).group_by(day, col(QuestionRow.outcome)))
    counts: dict[date, dict[str, int]] = defaultdict(dict)
    with reading(engine, "questions over time") as db:
        for text, outcome, number in db.execute(query).all():
            period = _period(date.fromisoformat(str(text)), bucket)
            counts[period][outcome] = counts[period].get(outcome, 0) + int(number)
    periods = _periods(flt, sorted(counts), bucket)
    empty = {o.value: 0 for o in Outcome}
    return OutcomeMix(bucket, tuple(MixPoint(p, {**empty, **counts.get(p, {})})
                                    for p in periods))


def _period(day: date, bucket: Bucket) -> date:
    """The first day of the period holding `day` (Monday for weeks)."""
    return day - timedelta(days=day.weekday()) if bucket == "week" else day


def _periods(flt: ReportFilter, found: list[date], bucket: Bucket) -> list[date]:
    """Every period from the filter's (or the data's) first to its last, in order."""
    first = _period(wib_date(flt.start), bucket) if flt.start else (found[0] if found else None)
    last = (_period(wib_date(flt.end - timedelta(microseconds=1)), bucket) if flt.end
            else (found[-1] if found else None))
    if first is None or last is None:
        return found
    if found:  # data outside an open end of the range still shows
        first, last = min(first, found[0]), max(last, found[-1])
    step = timedelta(days=7 if bucket == "week" else 1)
    periods: list[date] = []
    while first <= last and len(periods) < MAX_PERIODS:
        periods.append(first)
        first += step
    return periods
