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
SAME_TOPIC_REASON = "follow-up: the previous answer"  # nothing better than what was sent
CHITCHAT_REASON = "chit-chat"  # an everyday subject asked of the bot ("umur kamu berapa")


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
    also_asked: tuple[Suggestion, ...] = ()  # entries the message's other questions reach
    places: tuple[str, ...] = ()  # regions the message names beside the topic it asks about

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
            "also_asked": [{"entry_id": s.entry_id, "title": s.title} for s in self.also_asked],
            "places": list(self.places),
        }


def only_choice(result: MatchResult) -> str | None:
    """The entry of a "did you mean" that offers a single one: one button is no choice.

    Suggestions keep every candidate close to the best, so a single one means no other entry
    comes near (a long how-question from the asker's own place). Not when the choice is
    between the bot and the programme, or a follow-up pointing back to the answer just sent.
    """
    if result.outcome is not Outcome.SUGGEST or len(result.suggestions) != 1 or \
            result.reason in (OTHER_SUBJECT_REASON, SAME_TOPIC_REASON):
        return None
    return result.suggestions[0].entry_id
