"""The time range and filters every report takes, and how front ends spell them as parameters.

The dashboard's query string, the CLI's flags and the admin commands all become one
`ReportFilter`; `as_params` turns it back into parameters for links and exports, so a filtered
page and its CSV export show the same rows. Days are calendar days in Jakarta (WIB, UTC+7):
staff think in their own days, while the log stores UTC.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from bot.outcome import Outcome
from bot.storage.models import Channel

# Asia/Jakarta has kept UTC+7 without daylight saving since 1964; a fixed offset lets the SQL
# of both databases bucket days the same way without a time zone database.
WIB_OFFSET_HOURS = 7
WIB = timezone(timedelta(hours=WIB_OFFSET_HOURS), "WIB")

FEEDBACK_VALUES = ("up", "down", "none")
MAX_SEARCH_CHARS = 200
MAX_SINCE_DAYS = 3660
_SINCE_RE = re.compile(r"(\d{1,4})\s*([dw])")
_UNITS_DAYS = {"d": 1, "w": 7}
_OUTCOMES = tuple(o.value for o in Outcome)
_CHANNELS = tuple(c.value for c in Channel)


@dataclass(frozen=True)
class ReportFilter:
    """Which questions a report counts; every field narrows, none set means everything."""

    start: datetime | None = None  # inclusive, aware UTC
    end: datetime | None = None  # exclusive, aware UTC
    outcomes: frozenset[str] = frozenset()  # empty: all (bot.outcome.Outcome values)
    channels: frozenset[str] = frozenset()  # empty: all (private, group, inline, deeplink)
    entry_id: str | None = None
    feedback: str | None = None  # "up", "down", "none" (no feedback), None: any
    search: str | None = None  # words that must all appear in the (masked) question

    @classmethod
    def from_params(cls, params: Mapping[str, str], *, now: datetime) -> ReportFilter:
        """Read a filter from query-string-like parameters.

        Args:
            params: `since` (7d, 30d, 12w: the last days up to and including today, WIB),
                `from` and `to` (YYYY-MM-DD, inclusive WIB days, or ISO 8601 moments),
                `outcome`, `channel` (repeatable or comma lists), `entry`, `feedback`
                (up, down, none) and `q` (search words). Empty values are ignored. A
                multi-dict (aiohttp's query) may repeat `outcome` and `channel`.
            now: The current moment (aware), for `since`.

        Returns:
            The filter.

        Raises:
            ValueError: With an Indonesian message for staff, on any bad value.
        """
        since = _single(params, "since")
        first, last = _single(params, "from"), _single(params, "to")
        if since and (first or last):
            raise ValueError("Pilih salah satu: rentang 'since' atau tanggal 'from'/'to'.")
        start = end = None
        if since:
            start = since_start(since, now)
        if first:
            start = _moment(first, "from", end_of_day=False)
        if last:
            end = _moment(last, "to", end_of_day=True)
        if start and end and start >= end:
            raise ValueError("Tanggal 'from' harus sebelum atau sama dengan tanggal 'to'.")
        feedback = _single(params, "feedback")
        if feedback and feedback not in FEEDBACK_VALUES:
            raise ValueError(f"Nilai 'feedback' tidak dikenal: {feedback!r} "
                             f"(pilih {', '.join(FEEDBACK_VALUES)}).")
        search = " ".join((_single(params, "q") or "").split()) or None
        if search and len(search) > MAX_SEARCH_CHARS:
            raise ValueError(f"Kata pencarian terlalu panjang (maksimal {MAX_SEARCH_CHARS} "
                             "karakter).")
        return cls(start=start, end=end,
                   outcomes=_choices(params, "outcome", _OUTCOMES),
                   channels=_choices(params, "channel", _CHANNELS),
                   entry_id=_single(params, "entry"), feedback=feedback or None, search=search)

    def as_params(self) -> dict[str, str]:
        """The parameters `from_params` reads back into this same filter."""
        params: dict[str, str] = {}
        if self.start is not None:
            params["from"] = _spell(self.start, end_of_day=False)
        if self.end is not None:
            params["to"] = _spell(self.end, end_of_day=True)
        if self.outcomes:
            params["outcome"] = ",".join(sorted(self.outcomes))
        if self.channels:
            params["channel"] = ",".join(sorted(self.channels))
        for key, value in (("entry", self.entry_id), ("feedback", self.feedback),
                           ("q", self.search)):
            if value:
                params[key] = value
        return params

    def search_words(self) -> tuple[str, ...]:
        """The search as separate words, each of which must appear in the question."""
        return tuple(self.search.split()) if self.search else ()


def since_start(since: str, now: datetime) -> datetime:
    """The start (UTC) of "the last N days/weeks", counting today (WIB) as the last day.

    Raises:
        ValueError: If `since` is not like 7d, 30d or 12w.
    """
    found = _SINCE_RE.fullmatch(since.strip().lower())
    days = int(found.group(1)) * _UNITS_DAYS[found.group(2)] if found else 0
    if not 0 < days <= MAX_SINCE_DAYS:
        raise ValueError(f"Rentang 'since' tidak dikenal: {since!r} (contoh: 7d, 30d, 12w).")
    today = now.astimezone(WIB).date()
    return day_start(today - timedelta(days=days - 1))


def day_start(day: date) -> datetime:
    """The first moment (UTC) of a WIB calendar day."""
    return datetime.combine(day, time(), WIB).astimezone(UTC)


def wib_date(moment: datetime) -> date:
    """The WIB calendar day of a moment (naive moments are UTC, as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(WIB).date()


def _single(params: Mapping[str, str], key: str) -> str | None:
    """One parameter, stripped; None when missing or empty."""
    value = (params.get(key) or "").strip()
    return value or None


def _choices(params: Mapping[str, str], key: str, allowed: Iterable[str]) -> frozenset[str]:
    """A repeatable or comma-separated parameter, every value checked."""
    getall = getattr(params, "getall", None)
    raw = list(getall(key, [])) if getall else [params.get(key) or ""]
    values = frozenset(v.strip() for item in raw for v in item.split(",") if v.strip())
    unknown = sorted(values - set(allowed))
    if unknown:
        raise ValueError(f"Nilai '{key}' tidak dikenal: {', '.join(unknown)} "
                         f"(pilih {', '.join(allowed)}).")
    return values


def _moment(value: str, key: str, *, end_of_day: bool) -> datetime:
    """A WIB day (YYYY-MM-DD) or an aware ISO moment, as UTC; a `to` day includes itself."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return day_start(day + timedelta(days=1) if end_of_day else day)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"Tanggal '{key}' tidak valid: {value!r} (format TTTT-BB-HH, "
                         "misalnya 2026-01-31).") from None
    if moment.tzinfo is None:
        raise ValueError(f"Waktu '{key}' harus menyebut zona waktunya: {value!r}.")
    return moment.astimezone(UTC)


def _spell(moment: datetime, *, end_of_day: bool) -> str:
    """A WIB day when the moment starts one (the day before for an exclusive end), else ISO."""
    local = moment.astimezone(WIB)
    if local.time() == time() and local.utcoffset() == WIB.utcoffset(None):
        day = local.date() - timedelta(days=1) if end_of_day else local.date()
        return day.isoformat()
    return moment.astimezone(UTC).isoformat()
