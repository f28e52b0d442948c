"""`smartcity-bot ask` and `smartcity-bot eval`: the matcher without Telegram."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from bot.config import Settings
from bot.evaluate import evaluate, read_items
from bot.knowledge import KnowledgeError, load_knowledge
from bot.matcher import Matcher, MatchResult
from bot.outcome import Outcome
from bot.telegram_html import visible_text
from cli.errors import knowledge_refused


def load_matcher(settings: Settings) -> Matcher | None:
    """The matcher over KNOWLEDGE_DIR, or None after printing why the knowledge is refused."""
    try:
        return Matcher(load_knowledge(settings.knowledge_dir), operator=settings.bot_operator,
                       retention_days=settings.log_retention_days)
    except KnowledgeError as exc:
        knowledge_refused(exc)
        return None


def ask(settings: Settings, args: argparse.Namespace) -> int:
    """Answer one question, or one per line of a file as JSON lines."""
    matcher = load_matcher(settings)
    if matcher is None:
        return 1
    if args.jsonl:
        stream: TextIO = sys.stdin if args.jsonl == "-" else open(  # noqa: SIM115
            args.jsonl, encoding="utf-8")
        with stream:
            for line in stream:
                result = matcher.match(line.rstrip("\n"))
                print(json.dumps(result.to_dict(), ensure_ascii=False), flush=False)
        sys.stdout.flush()
        return 0
    if args.question is None:
        print("Give a question, e.g. smartcity-bot ask \"apa itu smart city\"", file=sys.stderr)
        return 2
    result = matcher.match(args.question)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(plain(result))
    return 0


def plain(result: MatchResult) -> str:
    """Readable text for a person at a terminal."""
    head = f"[{result.outcome}] {result.entry_id or ''} (score {result.score:.2f}, " \
           f"margin {result.margin:.2f})".replace("  ", " ")
    if result.outcome in (Outcome.ANSWER, Outcome.SMALLTALK):
        return f"{head}\n\n{visible_text(result.answer)}"
    if result.outcome is Outcome.SUGGEST:
        lines = [f"  - {s.title} ({s.entry_id}, {s.score:.2f})" for s in result.suggestions]
        return head + "\nMaksud Anda:\n" + "\n".join(lines)
    return head + "\nMaaf, saya belum punya jawaban untuk pertanyaan itu."


def grade(settings: Settings, path: Path, *, as_json: bool, show: int) -> int:
    """Grade the matcher on an evaluation file and print the figures."""
    matcher = load_matcher(settings)
    if matcher is None:
        return 1
    try:
        items = read_items(path)
    except (OSError, ValueError) as exc:
        print(f"Cannot read {path}: {exc}", file=sys.stderr)
        return 2
    report = evaluate(matcher, items)
    if as_json:
        print(json.dumps({"in_scope_pct": report.in_scope_pct, "wrong_pct": report.wrong_pct,
                          "out_scope_pct": report.out_scope_pct, "grades": report.grades,
                          "failures": [{"grade": g, "q": i["q"], "expect": i["expect"],
                                        "outcome": r.outcome, "entry_id": r.entry_id}
                                       for g, i, r in report.failures]},
                         ensure_ascii=False, indent=2))
    else:
        for g, item, result in report.failures[:show]:
            print(f"{g:<13} {item['q'][:55]:<55} want {item['expect']:<32} "
                  f"got {result.outcome} {result.entry_id or ''}")
        print("grades:", dict(report.grades))
        print(report.summary())
    return 0
