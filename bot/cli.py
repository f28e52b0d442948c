"""The `smartcity-bot` command: run the bot, ask questions, grade, check the knowledge base.

The CLI only parses arguments and calls the core; domain errors become a message on stderr
and an exit code (1 for problems found, 2 for bad usage).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from bot.config import Settings, SettingsError
from bot.evaluate import evaluate, read_items
from bot.knowledge import KnowledgeError, load_knowledge
from bot.matcher import Matcher, MatchResult
from bot.telegram_html import visible_text


def build_parser() -> argparse.ArgumentParser:
    """Argument parser for every sub-command."""
    parser = argparse.ArgumentParser(
        prog="smartcity-bot",
        description="Asisten Telegram tentang Gerakan Menuju Smart City.")
    parser.add_argument("--knowledge", type=Path, default=None,
                        help="knowledge folder (default: KNOWLEDGE_DIR or knowledge/)")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("run", help="run the bot (the local simulator when no token is set)")

    ask = sub.add_parser("ask", help="answer a question without Telegram")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("--jsonl", metavar="FILE",
                     help="one question per line from FILE ('-' for stdin); JSON lines out")
    ask.add_argument("--json", action="store_true", help="print JSON instead of text")

    grade = sub.add_parser("eval", help="grade the matcher on an evaluation file")
    grade.add_argument("file", type=Path)
    grade.add_argument("--json", action="store_true", help="print JSON")
    grade.add_argument("--show", type=int, default=40, help="failures to list (default 40)")

    knowledge = sub.add_parser("knowledge", help="knowledge base tools")
    ksub = knowledge.add_subparsers(dest="knowledge_command", required=True)
    check = ksub.add_parser("check", help="validate the knowledge base")
    check.add_argument("dir", nargs="?", type=Path, default=None)
    check.add_argument("--json", action="store_true", help="print JSON")

    report = sub.add_parser("report", help="summary of the question log for staff")
    report.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.load()
    except SettingsError as exc:
        print(f"Setting error: {exc}", file=sys.stderr)
        return 2
    level = logging.getLevelName(settings.log_level.upper())
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Even with LOG_LEVEL=DEBUG: httpx logs every request URL at INFO and PTB logs request URLs
    # and whole updates at DEBUG; the URLs carry the bot token, the updates citizens' messages
    # and Telegram ids.
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    logging.getLogger("telegram").setLevel(max(level, logging.INFO))
    if args.knowledge is not None:  # the flag wins over KNOWLEDGE_DIR, for every command
        settings = dataclasses.replace(settings, knowledge_dir=args.knowledge)
    knowledge_dir = settings.knowledge_dir
    if args.command == "run":
        from bot.app import run

        return run(settings)
    if args.command == "knowledge":
        return _check(args.dir or knowledge_dir, as_json=args.json)
    if args.command == "report":
        from bot.report import print_report

        return print_report(settings, as_json=args.json)
    try:
        matcher = Matcher(load_knowledge(knowledge_dir), operator=settings.bot_operator)
    except KnowledgeError as exc:
        print("The knowledge base has errors; run `smartcity-bot knowledge check`:\n"
              f"{exc}", file=sys.stderr)
        return 1
    if args.command == "ask":
        return _ask(matcher, args)
    return _eval(matcher, args.file, as_json=args.json, show=args.show)


def _check(directory: Path, *, as_json: bool) -> int:
    try:
        kb = load_knowledge(directory)
    except KnowledgeError as exc:
        if as_json:
            print(json.dumps({"ok": False, "problems": [
                {"file": p.file, "line": p.line, "message": p.message} for p in exc.problems]},
                ensure_ascii=False, indent=2))
        else:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print(f"{len(exc.problems)} problem(s) found; the bot keeps serving the last "
                  "valid knowledge until they are fixed.", file=sys.stderr)
        return 1
    topics = sum(1 for e in kb.entries.values() if e.kind == "topic")
    if as_json:
        print(json.dumps({"ok": True, "entries": len(kb.entries), "topics": topics,
                          "version": kb.version,
                          "warnings": [str(w) for w in kb.warnings]}, ensure_ascii=False))
    else:
        for warning in kb.warnings:
            print(f"warning: {warning}")
        print(f"OK: {len(kb.entries)} entries ({topics} topics, "
              f"{len(kb.entries) - topics} generated from region data), version {kb.version}")
    return 0


def _ask(matcher: Matcher, args: argparse.Namespace) -> int:
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
        print(_plain(result))
    return 0


def _plain(result: MatchResult) -> str:
    """Readable text for a person at a terminal."""
    head = f"[{result.outcome}] {result.entry_id or ''} (score {result.score:.2f}, " \
           f"margin {result.margin:.2f})".replace("  ", " ")
    if result.outcome in ("answer", "smalltalk"):
        return f"{head}\n\n{visible_text(result.answer)}"
    if result.outcome == "suggest":
        lines = [f"  - {s.title} ({s.entry_id}, {s.score:.2f})" for s in result.suggestions]
        return head + "\nMaksud Anda:\n" + "\n".join(lines)
    return head + "\nMaaf, saya belum punya jawaban untuk pertanyaan itu."


def _eval(matcher: Matcher, path: Path, *, as_json: bool, show: int) -> int:
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


if __name__ == "__main__":
    sys.exit(main())
