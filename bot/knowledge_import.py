"""Import a spreadsheet into the knowledge: validate everything, summarise, write on request.

Nothing is written until the whole result is known to be valid: the changed files are first
written into a copy of the knowledge folder and loaded there exactly as the bot loads them
(the regression files' ids included); a problem a row caused is told by sheet and row. Only
files whose content changes are written, as small edits with comments and order kept
(`bot.yaml_edit`), so exporting and importing an unchanged spreadsheet changes no byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge import SPECIAL_FILES, KnowledgeError, load_knowledge
from bot.knowledge_tables import (
    ALIAS_FILE,
    ALIAS_SHEET,
    ENTRY_COLUMNS,
    ENTRY_SHEET,
    ROSTER_FILE,
    ROSTER_SHEET,
    at_row,
    row_entry,
    topic_entries,
)
from bot.knowledge_trial import trial_load
from bot.knowledge_types import Entry
from bot.roster_import import SheetEdit, plan_aliases, plan_roster
from bot.sheet_io import Table
from bot.yaml_edit import (
    append_item,
    dumps,
    entry_index,
    new_entry,
    parse,
    update_entry,
    write_atomic,
)
from bot.yaml_source import Problem

FILE_RE = re.compile(r"[a-z0-9][a-z0-9_-]*\.yaml")
_ENTRY_IN_MESSAGE = re.compile(r"entri '([^']+)'")
_ALIAS_IN_MESSAGE = re.compile(r"alias '([^']+)'")


@dataclass
class ImportPlan:
    """What an import would change, or the problems that stop it."""

    problems: list[Problem] = field(default_factory=list)
    added: list[str] = field(default_factory=list)  # entry ids
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    roster: SheetEdit = field(default_factory=SheetEdit)  # the `peserta` sheet
    aliases: SheetEdit = field(default_factory=SheetEdit)  # the `alias` sheet
    files: dict[Path, str] = field(default_factory=dict)  # knowledge-relative path -> text
    entry_rows: dict[str, int] = field(default_factory=dict)  # id -> sheet row
    entry_sheet: str = ENTRY_SHEET  # "" for a CSV


def plan_import(root: Path, tables: dict[str, Table], source: str) -> ImportPlan:
    """Read the tables against the knowledge in `root` and validate the result.

    Args:
        root: The knowledge folder.
        tables: The spreadsheet's tables (`bot.sheet_io.read_tables`); a CSV's single table
            (named "") holds entries only.
        source: The spreadsheet's name, for messages.
    """
    plan = ImportPlan()
    try:
        kb = load_knowledge(root)
    except KnowledgeError as exc:
        plan.problems = [Problem(str(root), 0, "basis pengetahuan saat ini sudah bermasalah",
                                 "jalankan `smartcity-bot knowledge check`, perbaiki "
                                 "masalahnya, lalu impor lagi"), *exc.problems]
        return plan
    sheet = plan.entry_sheet = "" if "" in tables else ENTRY_SHEET
    table = tables.get(sheet)
    if table is None:
        plan.problems.append(Problem(source, 0, f"lembar {ENTRY_SHEET!r} tidak ada",
                                     "impor berkas hasil `smartcity-bot knowledge export`, "
                                     "atau beri nama lembar entrinya 'entri'"))
        return plan
    wanted = _read_entries(table, sheet, source, root, plan)
    if ROSTER_SHEET in tables:
        plan.roster = plan_roster(root, tables[ROSTER_SHEET], source)
    if ALIAS_SHEET in tables:
        plan.aliases = plan_aliases(root, tables[ALIAS_SHEET], source)
    for edit, relative in ((plan.roster, ROSTER_FILE), (plan.aliases, ALIAS_FILE)):
        plan.problems += edit.problems
        if edit.text is not None:
            plan.files[relative] = edit.text
    if plan.problems:
        return plan
    _plan_entries(root, topic_entries(kb), wanted, plan)
    if plan.files:
        _validate(root, plan, source)
    return plan


def apply_plan(root: Path, plan: ImportPlan) -> list[Path]:
    """Write the planned files (only after `plan_import` found no problem)."""
    if plan.problems:
        raise ValueError("an import with problems must not be applied")
    written = []
    for relative, text in plan.files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
        written.append(path)
    return written


def _read_entries(table: Table, sheet: str, source: str, root: Path,
                  plan: ImportPlan) -> dict[str, Entry]:
    """The entries the sheet describes, by id, each with its knowledge-relative file."""
    missing = [c for c in ENTRY_COLUMNS if c not in table.header]
    unknown = [c for c in table.header if c not in ENTRY_COLUMNS]
    if missing or unknown:
        plan.problems.append(at_row(Problem(source, 1, "judul kolom tidak sesuai (kurang: "
                                            f"{', '.join(missing) or '-'}; tidak dikenal: "
                                            f"{', '.join(unknown) or '-'})",
                                            f"baris 1 harus berisi {', '.join(ENTRY_COLUMNS)}"),
                                    sheet))
        return {}
    wanted: dict[str, Entry] = {}
    for row, record in table.records():
        entry = row_entry(record, row, source, plan.problems, sheet)
        if entry is None:
            continue
        file = entry.file or f"{entry.id.split('.')[0]}.yaml"
        if not FILE_RE.fullmatch(file) or file in SPECIAL_FILES or \
                (not entry.file and not (root / file).is_file()):
            plan.problems.append(at_row(Problem(source, row, f"kolom 'file' berisi {file!r}, "
                                                "bukan berkas topik", "tulis nama berkas topik "
                                                "seperti program.yaml atau pilar.yaml"), sheet))
            continue
        if entry.id in wanted:
            plan.problems.append(at_row(Problem(
                source, row, f"id {entry.id!r} sudah dipakai di baris "
                f"{plan.entry_rows[entry.id]}", "beri entri ini id baru yang belum dipakai"),
                sheet))
            continue
        wanted[entry.id] = Entry(entry.id, entry.title, entry.answer, entry.questions,
                                 entry.related, entry.sources, entry.updated, file=file,
                                 line=row)
        plan.entry_rows[entry.id] = row
    return wanted


def _content(entry: Entry) -> tuple[object, ...]:
    return (Path(entry.file).name, entry.title, entry.questions, entry.answer, entry.related,
            entry.sources, entry.updated)


def _plan_entries(root: Path, current: list[Entry], wanted: dict[str, Entry],
                  plan: ImportPlan) -> None:
    """Edit the topic files so they hold exactly the wanted entries."""
    documents: dict[Path, object] = {}
    originals: dict[Path, str] = {}

    def document(name: str) -> object:
        relative = Path(name)
        if relative not in documents:
            path = root / relative
            originals[relative] = path.read_text(encoding="utf-8") if path.is_file() else ""
            documents[relative] = parse(originals[relative] or "entries: []\n")
        return documents[relative]

    existing = {entry.id: entry for entry in current}
    for entry_id, old in existing.items():
        new = wanted.get(entry_id)
        if new is not None and _content(new) == _content(old):
            continue
        entries = document(Path(old.file).name)["entries"]  # type: ignore[index]
        index = entry_index(entries, entry_id)
        if index is None:  # pragma: no cover - the entry was loaded from this file
            continue
        if new is None:
            plan.removed.append(entry_id)
            del entries[index]
            continue
        plan.changed.append(entry_id)
        if Path(old.file).name == new.file:
            update_entry(entries[index], old, new)
        else:  # moved to another topic file
            del entries[index]
            append_item(document(new.file)["entries"], new_entry(new))  # type: ignore[index]
    for entry_id, new in wanted.items():
        if entry_id not in existing:
            plan.added.append(entry_id)
            append_item(document(new.file)["entries"], new_entry(new))  # type: ignore[index]
    for relative, data in documents.items():
        text = dumps(data)
        if text != originals[relative]:
            plan.files[relative] = text


def _validate(root: Path, plan: ImportPlan, source: str) -> None:
    """Load the knowledge as it would be after the import; record its problems."""
    try:
        trial_load(root, plan.files)
    except KnowledgeError as exc:
        plan.problems.extend(_located(p, plan, source) for p in exc.problems)


def _located(problem: Problem, plan: ImportPlan, source: str) -> Problem:
    """A problem of the imported knowledge, told by the sheet row that caused it if known."""
    if problem.file.endswith(str(ROSTER_FILE)) and problem.line in plan.roster.lines:
        row = plan.roster.lines[problem.line]
        return at_row(Problem(source, row, problem.message, problem.fix), ROSTER_SHEET)
    for pattern, rows, sheet in ((_ENTRY_IN_MESSAGE, plan.entry_rows, plan.entry_sheet),
                                 (_ALIAS_IN_MESSAGE, plan.aliases.rows, ALIAS_SHEET)):
        found = pattern.search(problem.message)
        if found and found.group(1) in rows:
            row = rows[found.group(1)]
            return at_row(Problem(source, row, problem.message, problem.fix), sheet)
    return problem
