"""Grade the matcher on an evaluation file, as `../shared/eval/catalogue.md` describes.

Admins keep their own regression set in `knowledge/eval/`; `smartcity-bot eval FILE` runs it
through the same matcher the bot uses and reports what changed for the worse.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.matcher import Matcher, MatchResult
from bot.outcome import MATCHED, Outcome
from bot.yaml_source import Problem, display_name

FALLBACK = "fallback"  # `expect` of a question the bot should decline


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
    if expect == FALLBACK:
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
        if item["expect"] == FALLBACK:
            report.out_scope += 1
            report.out_scope_right += g == "correct"
        else:
            report.in_scope += 1
            report.in_scope_right += g == "correct"
            report.wrong += g in ("wrong", "wrong-content")
        if g != "correct":
            report.failures.append((g, item, result))
    return report


def check_eval_ids(root: Path, known: Container[str]) -> list[Problem]:
    """Problems of the admins' evaluation files in `root/eval/`: bad lines and unknown ids.

    An id renamed in a topic file but not here would make the regression set grade every
    answer to it as wrong, so `knowledge check` reports it with the line to fix.
    """
    problems: list[Problem] = []
    for path in sorted((root / "eval").glob("*.jsonl")):
        name = display_name(path, root)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            problems.append(Problem(name, 0, "berkas uji ini tidak dapat dibaca sebagai teks "
                                    "UTF-8", "simpan ulang berkasnya sebagai teks UTF-8"))
            continue
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                problems.append(Problem(name, number, "baris ini bukan JSON yang sah",
                                        'tulis seperti {"q": "pertanyaan", "expect": '
                                        '"program.biaya"}'))
                continue
            if not isinstance(item, dict) or not isinstance(item.get("q"), str) or \
                    not isinstance(item.get("expect"), str):
                problems.append(Problem(name, number, "baris ini tidak berisi \"q\" dan "
                                        "\"expect\" berupa teks",
                                        'tulis seperti {"q": "pertanyaan", "expect": '
                                        '"program.biaya"}'))
                continue
            accept = item.get("accept") or []
            ids = [item["expect"], *(accept if isinstance(accept, list) else [accept])]
            for entry_id in ids:
                if entry_id != FALLBACK and (not isinstance(entry_id, str)
                                             or entry_id not in known):
                    problems.append(Problem(name, number, f"id {entry_id!r} tidak ada di basis "
                                            "pengetahuan", "perbaiki id-nya (mungkin entrinya "
                                            "berganti id), atau tulis \"fallback\" bila bot "
                                            "seharusnya mengaku tidak tahu"))
    return problems
