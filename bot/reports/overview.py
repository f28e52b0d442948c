"""The key figures of the filtered questions: how many, from how many citizens, how answered.

One aggregate query for the counts, one for feedback and the latency histogram: the figures a
staff member reads first on the dashboard and in `smartcity-bot report`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, case, func, select
from sqlmodel import col

from bot.outcome import Outcome
from bot.reports.breakdowns import latency
from bot.reports.filters import ReportFilter
from bot.reports.query import Report, reading, where
from bot.storage.models import EventKind, EventRow, QuestionRow


@dataclass(frozen=True)
class Overview(Report):
    """Key figures; shares are of all filtered questions (0.0 when there are none)."""

    total_questions: int
    citizens: int  # distinct pseudonymous user keys
    outcomes: dict[str, int]  # every Outcome value, zero included
    answered_share: float  # answer + small talk
    suggest_share: float
    fallback_share: float
    feedback_up: int
    feedback_down: int
    latency_median_ms: int | None
    latency_p95_ms: int | None

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """One row per figure: name, value."""
        rows: list[list[Any]] = [["total_questions", self.total_questions],
                                 ["citizens", self.citizens]]
        rows += [[f"outcome_{name}", count] for name, count in self.outcomes.items()]
        rows += [["answered_share", round(self.answered_share, 4)],
                 ["suggest_share", round(self.suggest_share, 4)],
                 ["fallback_share", round(self.fallback_share, 4)],
                 ["feedback_up", self.feedback_up], ["feedback_down", self.feedback_down],
                 ["latency_median_ms", self.latency_median_ms],
                 ["latency_p95_ms", self.latency_p95_ms]]
        return ["figure", "value"], rows


def overview(engine: Engine, flt: ReportFilter) -> Overview:
    """Count the filtered questions, citizens, outcomes and feedback; measure latency."""
    counts = (select(col(QuestionRow.outcome), func.count(col(QuestionRow.id)))
              .where(where(flt)).group_by(col(QuestionRow.outcome)))
    # count(*) over DISTINCT: PostgreSQL hashes it, where count(DISTINCT ...) would sort
    people_ids = select(col(QuestionRow.user_key)).where(where(flt)).distinct().subquery()
    citizens = select(func.count()).select_from(people_ids)
    feedback = (select(func.sum(case((col(EventRow.value) == "up", 1), else_=0)),
                       func.sum(case((col(EventRow.value) == "down", 1), else_=0)))
                .join(QuestionRow, col(EventRow.query_id) == col(QuestionRow.id))
                .where(where(flt), col(EventRow.kind) == EventKind.FEEDBACK.value))
    with reading(engine, "the overview") as db:
        by_outcome = {str(name): int(number) for name, number in db.execute(counts).all()}
        people = int(db.execute(citizens).scalar_one() or 0)
        up, down = db.execute(feedback).one()
    speed = latency(engine, flt)
    outcomes = {o.value: by_outcome.get(o.value, 0) for o in Outcome}
    outcomes.update(by_outcome)  # a value a newer version added still shows
    total = sum(outcomes.values())

    def share(*names: str) -> float:
        return sum(outcomes[n] for n in names) / total if total else 0.0

    return Overview(total, people, outcomes, share(Outcome.ANSWER, Outcome.SMALLTALK),
                    share(Outcome.SUGGEST), share(Outcome.FALLBACK), int(up or 0),
                    int(down or 0), speed.median_ms, speed.p95_ms)
