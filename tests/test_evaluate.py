"""Grading of evaluation items, as `../shared/eval/catalogue.md` describes it."""

import pytest

from bot.evaluate import grade
from bot.matcher import MatchResult, Suggestion
from bot.outcome import Outcome


def answered(entry_id: str, answer: str = "") -> MatchResult:
    return MatchResult("q", "q", Outcome.ANSWER, entry_id=entry_id, answer=answer)


@pytest.mark.parametrize(("item", "result", "expected"), [
    # the expected entry is right even when `accept` lists only other entries
    ({"expect": "a", "accept": ["b"]}, answered("a"), "correct"),
    ({"expect": "a", "accept": ["b"]}, answered("b"), "correct"),
    ({"expect": "a", "accept": ["b"]}, answered("c"), "wrong"),
    ({"expect": "a", "answer_has": ["2018"]}, answered("a", "angkatan 2019"), "wrong-content"),
    ({"expect": "fallback"}, MatchResult("q", "q", Outcome.FALLBACK), "correct"),
    ({"expect": "fallback"}, answered("a"), "wrong"),
    ({"expect": "a"}, MatchResult("q", "q", Outcome.SUGGEST,
                                  suggestions=(Suggestion("a", "A", 0.5),)), "suggested"),
    ({"expect": "a", "ambiguous": True}, MatchResult(
        "q", "q", Outcome.SUGGEST, suggestions=(Suggestion("a", "A", 0.5),)), "correct"),
    ({"expect": "a"}, MatchResult("q", "q", Outcome.FALLBACK), "missed"),
])
def test_grade(item: dict, result: MatchResult, expected: str) -> None:
    assert grade({"q": "q", **item}, result) == expected
