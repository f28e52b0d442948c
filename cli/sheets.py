"""`smartcity-bot knowledge export|import`: the knowledge as a spreadsheet, and back.

Export writes the entries, the participant roster and the aliases to one .xlsx (a sheet each)
or the entries alone to a .csv. Import checks everything first and prints the problems by
sheet and row (exit 1), or a summary of what would change; files are written only with
`--apply`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge_import import ImportPlan, apply_plan, plan_import
from bot.knowledge_tables import export_tables
from bot.sheet_io import SUFFIXES, SheetError, read_tables, write_tables


def export_knowledge(root: Path, path: Path) -> int:
    """Write the knowledge in `root` to a spreadsheet file."""
    if path.suffix.lower() not in SUFFIXES:
        print(f"{path.name}: nama berkas harus berakhiran .xlsx atau .csv", file=sys.stderr)
        return 2
    try:
        tables = export_tables(load_knowledge(root))
        write_tables(path, tables)
    except KnowledgeError as exc:
        print(f"Basis pengetahuan bermasalah; perbaiki dulu (smartcity-bot knowledge check):\n"
              f"{exc}", file=sys.stderr)
        return 1
    except SheetError as exc:
        print(exc, file=sys.stderr)
        return 1
    sheets = tables[:1] if path.suffix.lower() == ".csv" else tables
    print(f"Ditulis ke {path}: " + ", ".join(f"lembar '{t.name}' ({len(t.rows)} baris)"
                                             for t in sheets))
    return 0


def import_knowledge(root: Path, path: Path, *, apply: bool) -> int:
    """Check a spreadsheet against `root`, print what changes, and write it with `apply`."""
    try:
        tables = read_tables(path)
    except SheetError as exc:
        print(exc, file=sys.stderr)
        return 1
    plan = plan_import(root, tables, path.name)
    if plan.problems:
        for problem in plan.problems:
            print(problem, file=sys.stderr)
        print(f"Ditemukan {len(plan.problems)} masalah; tidak ada berkas yang diubah.",
              file=sys.stderr)
        return 1
    print("\n".join(summary(plan)))
    if not plan.files:
        return 0
    if not apply:
        print("Belum ada yang disimpan. Jalankan lagi dengan --apply untuk menyimpan.")
        return 0
    written = apply_plan(root, plan)
    print("Disimpan: " + ", ".join(str(p.relative_to(root.parent)) for p in written) +
          ". Bot yang sedang berjalan memuatnya ulang dalam beberapa detik.")
    return 0


def summary(plan: ImportPlan) -> list[str]:
    """What the import changes, in lines an admin reads."""
    if not plan.files:
        return ["Tidak ada perubahan: isi berkas sama dengan basis pengetahuan."]
    lines = [f"Entri: {len(plan.added)} ditambah, {len(plan.changed)} diubah, "
             f"{len(plan.removed)} dihapus."]
    for label, ids in (("ditambah", plan.added), ("diubah", plan.changed),
                       ("dihapus", plan.removed)):
        if ids:
            lines.append(f"  {label}: {', '.join(ids)}")
    if plan.roster.counts:
        lines.append("Peserta: " + ", ".join(f"{count} baris {label}" for label, count
                                             in plan.roster.counts.items()) + ".")
    if plan.aliases.names:
        lines.append("Alias: " + ", ".join(f"{len(names)} {label}" for label, names
                                           in plan.aliases.names.items()) + ".")
    return lines
