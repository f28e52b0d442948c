"""The `peserta` and `alias` sheets of an import: what changes in the roster and the aliases.

The roster sheet is `wilayah/peserta.csv` row for row; the alias sheet is `wilayah/alias.yaml`
pair for pair (comments and order of the file kept, new aliases added at its end). Each
records its edit in the import plan only when the content really changes, and which sheet row
each written line comes from, so the checker's messages can name the row.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.knowledge_tables import (
    ALIAS_COLUMNS,
    ALIAS_SHEET,
    ROSTER_SHEET,
    at_row,
    read_aliases,
    read_roster,
)
from bot.knowledge_tables import ALIAS_FILE as ALIAS_PATH
from bot.sheet_io import Table
from bot.yaml_edit import dumps, parse
from bot.yaml_source import Problem

ROW_KEY = ("name", "type", "cohort")  # one region in one cohort: a row changed, not replaced


@dataclass
class SheetEdit:
    """What one sheet changes: the new file text (None: unchanged) and the rows behind it."""

    problems: list[Problem] = field(default_factory=list)
    text: str | None = None
    counts: dict[str, int] = field(default_factory=dict)  # rows "ditambah"/"diubah"/"dihapus"
    names: dict[str, list[str]] = field(default_factory=dict)  # aliases, the same keys
    rows: dict[str, int] = field(default_factory=dict)  # alias -> sheet row
    lines: dict[int, int] = field(default_factory=dict)  # line written -> sheet row


def _header_problem(table: Table, columns: list[str], source: str, sheet: str) -> Problem | None:
    missing = [c for c in columns if c not in table.header]
    unknown = [c for c in table.header if c not in columns]
    if not missing and not unknown:
        return None
    return at_row(Problem(source, 1, f"judul kolom tidak sesuai (kurang: "
                          f"{', '.join(missing) or '-'}; tidak dikenal: "
                          f"{', '.join(unknown) or '-'})",
                          f"baris 1 harus berisi {', '.join(columns)}"), sheet)


def plan_roster(root: Path, table: Table, source: str) -> SheetEdit:
    """`peserta.csv` from the `peserta` sheet (its rows are checked with the knowledge)."""
    edit = SheetEdit()
    header, current = read_roster(root)
    problem = _header_problem(table, header, source, ROSTER_SHEET)
    if problem is not None:
        edit.problems.append(problem)
        return edit
    records = table.records()
    rows = [[record[column].strip() for column in header] for _, record in records]
    if rows == current:
        return edit
    edit.lines = {line: row for line, (row, _) in enumerate(records, start=2)}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    edit.text = buffer.getvalue()
    keys = [header.index(c) for c in ROW_KEY if c in header]
    old, new = Counter(map(tuple, current)), Counter(map(tuple, rows))
    gone, came = old - new, new - old
    changed = Counter(tuple(r[i] for i in keys) for r in gone) & \
        Counter(tuple(r[i] for i in keys) for r in came)
    edit.counts = {"ditambah": came.total() - changed.total(), "diubah": changed.total(),
                   "dihapus": gone.total() - changed.total()}
    return edit


def plan_aliases(root: Path, table: Table, source: str) -> SheetEdit:
    """`alias.yaml` from the `alias` sheet (targets are checked with the knowledge)."""
    edit = SheetEdit()
    problem = _header_problem(table, list(ALIAS_COLUMNS), source, ALIAS_SHEET)
    if problem is not None:
        edit.problems.append(problem)
        return edit
    wanted: dict[str, str] = {}
    for row, record in table.records():
        alias, target = record["alias"].strip().lower(), record["target"].strip()
        if not alias or not target:
            edit.problems.append(at_row(Problem(source, row, "alias atau tujuannya kosong",
                                                "isi kedua kolom, misalnya solo | kota "
                                                "Surakarta"), ALIAS_SHEET))
        elif alias in wanted:
            edit.problems.append(at_row(Problem(source, row, f"alias {alias!r} sudah ada di "
                                                f"baris {edit.rows[alias]}",
                                                "hapus salah satu baris"), ALIAS_SHEET))
        else:
            wanted[alias] = target
            edit.rows[alias] = row
    current = read_aliases(root)
    if wanted == current:
        return edit
    data = parse((root / ALIAS_PATH).read_text(encoding="utf-8"))
    aliases = data["aliases"]
    for alias in [a for a in aliases if a not in wanted]:
        del aliases[alias]
    for alias, target in wanted.items():
        if current.get(alias) != target:
            aliases[alias] = target
    edit.names = {
        "ditambah": [a for a in wanted if a not in current],
        "diubah": [a for a in wanted if a in current and current[a] != wanted[a]],
        "dihapus": [a for a in current if a not in wanted]}
    edit.text = dumps(data)
    return edit
