"""Grade the matcher on an evaluation file, as `../shared/eval/catalogue.md` describes.

Admins keep their own regression set in `knowledge/eval/`; `smartcity-bot eval FILE` runs it
through the same matcher the bot uses and reports what changed for the worse.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.matcher import Matcher, MatchResult
from bot.outcome import MATCHED, Outcome


@dataclass
class EvalReport:
    """Counts and failures of one evaluation run."""

    grades: Counter[str] = field(default_factory=Counter)
    in_scope: int = 0
    in_scope_right: int = 0
    wrong: int = 0
    out_scope: int = 0
    out_scope_right: int = 0
    failures: list[tuple[str, dict[str, Any], MatchResult]] = field(default_factory=list)

    @property
    def in_scope_pct(self) -> float:
        """Share of in-scope questions answered right."""
        return 100.0 * self.in_scope_right / max(self.in_scope, 1)

    @property
    def wrong_pct(self) -> float:
        """Share of in-scope questions answered with the wrong entry."""
        return 100.0 * self.wrong / max(self.in_scope, 1)

    @property
    def out_scope_pct(self) -> float:
        """Share of out-of-scope questions declined."""
        return 100.0 * self.out_scope_right / max(self.out_scope, 1)

    def summary(self) -> str:
        """One line in the reference grader's format."""
        return (f"in-scope {self.in_scope_pct:.1f}% wrong {self.wrong_pct:.1f}% "
                f"out-of-scope-rejected {self.out_scope_pct:.1f}% "
                f"(n={self.in_scope}+{self.out_scope})")


def grade(item: dict[str, Any], result: MatchResult) -> str:
    """Grade one result: correct, soft, wrong, wrong-content, suggested or missed."""
    expect = item["expect"]
    accept = {expect, *(item.get("accept") or ())}  # the expected entry, or one of `accept`
    if expect == "fallback":
        if result.outcome is Outcome.FALLBACK:
            return "correct"
        return "soft" if result.outcome is Outcome.SUGGEST else "wrong"
    if result.outcome in MATCHED:
        if result.entry_id not in accept:
            return "wrong"
        text = result.answer.lower()
        if all(s.lower() in text for s in item.get("answer_has", [])):
            return "correct"
        return "wrong-content"
    if result.outcome is Outcome.SUGGEST:
        if accept & {s.entry_id for s in result.suggestions}:
            return "correct" if item.get("ambiguous") else "suggested"
    return "missed"


def read_items(path: Path) -> list[dict[str, Any]]:
    """Read a JSON-lines evaluation file, naming the line of any bad row."""
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        if not isinstance(item, dict) or "q" not in item or "expect" not in item:
            raise ValueError(f"{path}:{number}: each line needs \"q\" and \"expect\"")
        items.append(item)
    return items


def evaluate(matcher: Matcher, items: list[dict[str, Any]]) -> EvalReport:
    """Run every item through the matcher and count the grades."""
    report = EvalReport()
    for item in items:
        result = matcher.match(item["q"])
        g = grade(item, result)
        report.grades[g] += 1
        if item["expect"] == "fallback":
            report.out_scope += 1
            report.out_scope_right += g == "correct"
        else:
            report.in_scope += 1
            report.in_scope_right += g == "correct"
            report.wrong += g in ("wrong", "wrong-content")
        if g != "correct":
            report.failures.append((g, item, result))
    return report
