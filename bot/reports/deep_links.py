"""Deep-link arrivals per payload: which poster (or shared link) brings citizens to the bot.

Every `https://t.me/<bot>?start=<payload>` arrival is logged with its payload: on the
`deeplink` channel with the entry it opened, or, when the payload names no entry (an old
poster, a typo), as FOREIGN_VALUE without an entry. One aggregate query over the filtered log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, desc, distinct, func, select
from sqlmodel import col

from bot.reports.filters import ReportFilter
from bot.reports.query import Row, RowsReport, reading, where
from bot.storage.models import QuestionRow


@dataclass(frozen=True)
class DeepLinkRow(Row):
    """Arrivals through one payload."""

    payload: str  # as the link carried it (an entry id with "_", an entry code, or unknown)
    entry_id: str | None  # the entry it opened; None for a payload that names none
    arrivals: int
    citizens: int  # distinct user keys
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class DeepLinks(RowsReport):
    """Deep-link arrivals per payload, most arrivals first."""

    row_type = DeepLinkRow
    rows: tuple[DeepLinkRow, ...]


def deep_links(engine: Engine, flt: ReportFilter) -> DeepLinks:
    """Count the filtered deep-link arrivals and their citizens per payload."""
    payload, entry, created = (col(QuestionRow.payload), col(QuestionRow.entry_id),
                               col(QuestionRow.created_at))
    arrivals = func.count(col(QuestionRow.id))
    query = (select(payload, entry, arrivals, func.count(distinct(col(QuestionRow.user_key))),
                    func.min(created), func.max(created))
             .where(where(flt), payload.is_not(None))
             .group_by(payload, entry)
             .order_by(desc(arrivals), payload, entry))
    with reading(engine, "deep links") as db:
        rows = db.execute(query).all()
    return DeepLinks(tuple(DeepLinkRow(str(p), e, int(n), int(c), first, last)
                           for p, e, n, c, first, last in rows))
