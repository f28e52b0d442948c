"""What the matcher decides for one question: plain data shared by every front end.

Kept apart from `bot.matcher` so that replies, the evaluator and the query log can read a
result without knowing how it was reached.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.outcome import Outcome

NEAR_SUBJECT_REASON = "a near subject the bot does not cover"  # kata_luar_cakupan
SALE_REASON = "an offer to sell to the government"  # kata_dagang
OTHER_SUBJECT_REASON = "the bot or the programme"  # a question naming the programme, about us


@dataclass(frozen=True)
class Suggestion:
    """A candidate entry offered to the user."""

    entry_id: str
    title: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    """What the matcher decided for one question."""

    query: str
    normalized: str
    outcome: Outcome
    entry_id: str | None = None
    title: str = ""
    answer: str = ""
    score: float = 0.0
    margin: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()
    related: tuple[Suggestion, ...] = ()
    reason: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form used by `ask --json` and the query log."""
        return {
            "query": self.query, "normalized": self.normalized, "outcome": self.outcome,
            "entry_id": self.entry_id, "title": self.title, "score": round(self.score, 4),
            "margin": round(self.margin, 4), "answer": self.answer,
            "suggestions": [{"entry_id": s.entry_id, "title": s.title,
                             "score": round(s.score, 4)} for s in self.suggestions],
            "related": [{"entry_id": s.entry_id, "title": s.title} for s in self.related],
            "reason": self.reason,
        }
