"""The knowledge as spreadsheet tables, and spreadsheet rows back as entries.

Sheet `entri` has one row per topic entry: the file it lives in, id, title, example questions
(one per line), answer, related ids (one per line), sources (one per line: the address, a
space, the date read) and the update date. Sheet `peserta` is `wilayah/peserta.csv` as it
is, sheet `alias` is `wilayah/alias.yaml`. A row is read back through the same schema as the
YAML files (`bot.topics.parse_entry`), so the spreadsheet cannot hold what a file may not.
"""

from __future__ import annotations

import csv
from pathlib import Path

from bot.knowledge import KnowledgeBase
from bot.knowledge_types import Entry, EntryKind
from bot.sheet_io import Table
from bot.topics import Hints, parse_entry
from bot.yaml_source import LineDict, LineList, Problem, load_yaml

ENTRY_SHEET = "entri"
ROSTER_SHEET = "peserta"
ALIAS_SHEET = "alias"
ENTRY_COLUMNS = ("file", "id", "title", "questions", "answer", "related", "sources", "updated")
ALIAS_COLUMNS = ("alias", "target")
ROSTER_FILE = Path("wilayah") / "peserta.csv"
ALIAS_FILE = Path("wilayah") / "alias.yaml"
SHEET_HINTS = Hints(
    questions="tulis satu pertanyaan per baris di dalam sel (Alt+Enter untuk baris baru)",
    answer="tulis jawabannya di kolom answer",
    related="tulis satu id entri per baris di dalam sel, misalnya program.tujuan",
    sources="tulis satu sumber per baris di dalam sel: alamatnya, spasi, lalu tanggal dibaca, "
            "misalnya https://komdigi.go.id/berita 2026-11-27")


def export_tables(kb: KnowledgeBase) -> list[Table]:
    """The entries, the participant roster and the aliases of `kb`, one table each."""
    entries = Table(ENTRY_SHEET, list(ENTRY_COLUMNS), text_columns=("updated",))
    for number, entry in enumerate(topic_entries(kb), start=2):
        entries.rows.append((number, entry_cells(entry)))
    header, rows = read_roster(kb.root)
    roster = Table(ROSTER_SHEET, header, list(enumerate(rows, start=2)),
                   text_columns=("cohort",))
    aliases = Table(ALIAS_SHEET, list(ALIAS_COLUMNS), [
        (number, [alias, target])
        for number, (alias, target) in enumerate(read_aliases(kb.root).items(), start=2)])
    return [entries, roster, aliases]


def topic_entries(kb: KnowledgeBase) -> list[Entry]:
    """The admin-written entries, in file order."""
    return [entry for entry in kb.entries.values() if entry.kind is EntryKind.TOPIC]


def entry_cells(entry: Entry) -> list[str]:
    """One entry as the cells of its row."""
    return [Path(entry.file).name, entry.id, entry.title, "\n".join(entry.questions),
            entry.answer, "\n".join(entry.related),
            "\n".join(f"{source.url} {source.read}" for source in entry.sources),
            entry.updated]


def read_roster(root: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of `peserta.csv`, exactly as written."""
    with (root / ROSTER_FILE).open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return (rows[0] if rows else []), rows[1:]


def read_aliases(root: Path) -> dict[str, str]:
    """The aliases of `alias.yaml`, in file order."""
    data = load_yaml(root / ALIAS_FILE, root, [])
    aliases = data.get("aliases") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in aliases.items()} if isinstance(aliases, dict) else {}


def _lines(cell: str) -> LineList:
    return LineList(line.strip() for line in cell.splitlines() if line.strip())


def row_entry(record: dict[str, str], row: int, source: str, problems: list[Problem],
              sheet: str = ENTRY_SHEET) -> Entry | None:
    """The entry one `entri` row describes, or None after recording its problems.

    The entry's `file` is the knowledge-relative path given in the row's `file` cell.
    """
    raw = LineDict()
    raw.line = row
    for key in ("id", "title", "answer", "updated"):
        raw[key] = record.get(key, "").strip()
    raw["questions"] = _lines(record.get("questions", ""))
    raw["related"] = LineList(part.strip() for line in _lines(record.get("related", ""))
                              for part in line.split(",") if part.strip())
    sources = LineList()
    for line in _lines(record.get("sources", "")):
        url, _, read = line.rpartition(" ")
        item = LineDict(url=url.strip(), read=read.strip()) if url else LineDict(url=read)
        item.line = row
        sources.append(item)
    raw["sources"] = sources
    raw.key_lines = dict.fromkeys(raw, row)
    found: list[Problem] = []
    entry = parse_entry(raw, source, found, SHEET_HINTS)
    problems.extend(at_row(p, sheet) for p in found)
    if entry is None:
        return None
    return Entry(id=entry.id, title=entry.title, answer=entry.answer, questions=entry.questions,
                 related=entry.related, sources=entry.sources, updated=entry.updated,
                 kind=EntryKind.TOPIC, file=record.get("file", "").strip(), line=row)


def at_row(problem: Problem, sheet: str) -> Problem:
    """A problem found in a row, told by sheet and row as a spreadsheet shows them."""
    where = f"lembar '{sheet}', baris {problem.line}" if sheet else f"baris {problem.line}"
    return Problem(problem.file, 0, f"{where}: {problem.message}", problem.fix)
