"""The `smartcity-bot` command: every front end of the product is started from here.

`run` composes the Telegram bot (`bot.app`) with the simulator when no token is set; `ask`,
`eval`, `knowledge`, `report` and `log purge` call the core directly. This package only parses
arguments and turns domain errors into a message on stderr and an exit code (1 for problems
found, 2 for bad usage); the work happens in the modules it calls.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import Settings, SettingsError


def build_parser() -> argparse.ArgumentParser:
    """Argument parser for every sub-command."""
    parser = argparse.ArgumentParser(
        prog="smartcity-bot",
        description="Asisten Telegram tentang Gerakan Menuju Smart City.")
    parser.add_argument("--knowledge", type=Path, default=None,
                        help="knowledge folder (default: KNOWLEDGE_DIR or knowledge/)")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("run", help="run the bot and the staff dashboard (the local simulator "
                   "when no token is set)")
    sub.add_parser("dashboard", help="run only the staff dashboard")

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
    export = ksub.add_parser("export", help="write the knowledge to a spreadsheet (.xlsx/.csv)")
    export.add_argument("file", type=Path)
    load = ksub.add_parser("import", help="check a spreadsheet and show what would change")
    load.add_argument("file", type=Path)
    load.add_argument("--apply", action="store_true", help="write the changes to the files")

    poster = sub.add_parser("poster", help="a printable A4 page with an entry's QR code")
    poster.add_argument("entry_id", help="the entry, e.g. pilar.daftar or daerah.kota-bandung")
    poster.add_argument("--out", type=Path, default=None,
                        help="FILE.png or FILE.pdf (default: poster-<payload>.png)")

    report = sub.add_parser("report", help="question log reports for staff (read only)")
    report.add_argument("view", nargs="?", choices=("unanswered",),
                        help="unanswered: clusters of unanswered questions with YAML snippets")
    when = report.add_mutually_exclusive_group()
    when.add_argument("--since", metavar="N[d|w]",
                      help="the last N days or weeks up to today, WIB (7d, 30d, 12w)")
    when.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="first day (WIB)")
    report.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help="last day (WIB)")
    report.add_argument("--format", choices=("text", "csv", "json"), default="text")
    report.add_argument("--json", action="store_true", help="the same as --format json")
    report.add_argument("--limit", type=int, default=20,
                        help="clusters to show with `unanswered` (default 20)")

    staff = sub.add_parser("staff", help="dashboard accounts for staff")
    ssub = staff.add_subparsers(dest="staff_command", required=True)
    add = ssub.add_parser("add", help="create an account (asks for the password)")
    add.add_argument("name")
    add.add_argument("--role", choices=("viewer", "editor"), default="viewer",
                     help="viewer reads the dashboard; editor may also edit (default viewer)")
    ssub.add_parser("list", help="list the accounts")
    for name, text in (("remove", "delete an account and end its sessions"),
                       ("password", "set a new password (ends its sessions)")):
        ssub.add_parser(name, help=text).add_argument("name")
    audit = ssub.add_parser("audit", help="latest logins, logouts, exports and edits")
    audit.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    log = sub.add_parser("log", help="question log maintenance")
    lsub = log.add_subparsers(dest="log_command", required=True)
    purge = lsub.add_parser("purge", help="delete records older than LOG_RETENTION_DAYS")
    purge.add_argument("--dry-run", action="store_true", help="only count what would go")
    return parser


def configure_logging(settings: Settings) -> None:
    """Log at LOG_LEVEL, keeping library loggers that would leak secrets or ids quieter."""
    level = logging.getLevelName(settings.log_level.upper())
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Even with LOG_LEVEL=DEBUG: httpx logs every request URL at INFO and PTB logs request URLs
    # and whole updates at DEBUG; the URLs carry the bot token, the updates citizens' messages
    # and Telegram ids.
    logging.getLogger("httpx").setLevel(max(level, logging.WARNING))
    logging.getLogger("telegram").setLevel(max(level, logging.INFO))


def knowledge_command(args: argparse.Namespace, settings: Settings) -> int:
    """`smartcity-bot knowledge check|export|import`."""
    if args.knowledge_command == "check":
        from cli.knowledge import check

        return check(args.dir or settings.knowledge_dir, as_json=args.json)
    from cli.sheets import export_knowledge, import_knowledge

    if args.knowledge_command == "export":
        return export_knowledge(settings.knowledge_dir, args.file)
    return import_knowledge(settings.knowledge_dir, args.file, apply=args.apply)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    args = build_parser().parse_args(argv)
    try:
        settings = Settings.load()
    except SettingsError as exc:
        print(f"Setting error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings)
    if args.knowledge is not None:  # the flag wins over KNOWLEDGE_DIR, for every command
        settings = settings.model_copy(update={"knowledge_dir": args.knowledge})
    if args.command == "run":
        from cli.run import run

        return run(settings)
    if args.command == "dashboard":
        from cli.dashboard import run_dashboard

        return run_dashboard(settings)
    if args.command == "knowledge":
        return knowledge_command(args, settings)
    if args.command == "poster":
        from cli.poster import poster

        return poster(settings, args.entry_id, args.out)
    if args.command == "report":
        from cli.report import run_report

        return run_report(settings, args)
    if args.command == "staff":
        from cli.staff import run_staff

        return run_staff(settings, args)
    if args.command == "log":
        from cli.log import purge

        return purge(settings, dry_run=args.dry_run)
    from cli.ask import ask, grade

    if args.command == "ask":
        return ask(settings, args)
    return grade(settings, args.file, as_json=args.json, show=args.show)
