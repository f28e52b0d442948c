"""Admins edit the knowledge in a spreadsheet: export, import with checks, --apply.

Every test works on a copy of the shipped knowledge and drives the same functions the
`smartcity-bot knowledge export|import` commands run.
"""

from __future__ import annotations

import datetime as dt
import difflib
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bot import known_ids
from bot.knowledge import load_knowledge
from bot.knowledge_tables import ENTRY_COLUMNS
from bot.matcher import Matcher
from cli.sheets import export_knowledge, import_knowledge

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
COLUMN = {name: number for number, name in enumerate(ENTRY_COLUMNS, start=1)}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT, target)
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def exported(root: Path, tmp_path: Path, name: str = "pengetahuan.xlsx") -> Path:
    path = tmp_path / name
    assert export_knowledge(root, path) == 0
    return path


def exported_book(root: Path, tmp_path: Path) -> tuple[Path, Workbook]:
    """The knowledge exported to a workbook, opened for editing as an admin would."""
    path = exported(root, tmp_path)
    return path, load_workbook(path)


def row_of(sheet, entry_id: str) -> int:
    return next(row for row in range(2, sheet.max_row + 1)
                if sheet.cell(row, COLUMN["id"]).value == entry_id)


@pytest.mark.parametrize("name", ["pengetahuan.xlsx", "pengetahuan.csv"])
def test_export_then_import_changes_nothing(copy: Path, tmp_path: Path, name: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(copy)
    path = exported(copy, tmp_path, name)
    assert import_knowledge(copy, path, apply=True) == 0
    assert "Tidak ada perubahan" in capsys.readouterr().out
    assert snapshot(copy) == before


def test_the_workbook_has_a_row_per_entry_and_the_roster_and_aliases(copy: Path,
                                                                     tmp_path: Path) -> None:
    book = load_workbook(exported(copy, tmp_path))
    kb = load_knowledge(copy)
    assert book.sheetnames == ["entri", "peserta", "alias"]
    sheet = book["entri"]
    assert [c.value for c in sheet[1]] == list(ENTRY_COLUMNS)
    topics = [e for e in kb.entries.values() if e.kind == "topic"]
    assert sheet.max_row - 1 == len(topics)
    entry = kb.entries[known_ids.PILLARS]
    row = row_of(sheet, entry.id)
    assert sheet.cell(row, COLUMN["questions"]).value.split("\n") == list(entry.questions)
    assert sheet.cell(row, COLUMN["answer"]).value == entry.answer
    assert book["peserta"].max_row - 1 == len((copy / "wilayah" / "peserta.csv").read_text(
        encoding="utf-8").splitlines()) - 1
    assert book["alias"].max_row - 1 == len(kb.regions.aliases)


def test_values_a_spreadsheet_retypes_read_back_as_the_same_text(
        copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, book = exported_book(copy, tmp_path)
    entries, roster = book["entri"], book["peserta"]
    for row in range(2, entries.max_row + 1):  # as Excel does when a date is typed
        cell = entries.cell(row, COLUMN["updated"])
        cell.value = dt.datetime.fromisoformat(cell.value)
    cohort = [c.value for c in roster[1]].index("cohort") + 1
    for row in range(2, roster.max_row + 1):
        if roster.cell(row, cohort).value:  # a cohort no source gives stays empty
            roster.cell(row, cohort).value = int(roster.cell(row, cohort).value)
    book.save(path)
    before = snapshot(copy)
    assert import_knowledge(copy, path, apply=True) == 0
    assert "Tidak ada perubahan" in capsys.readouterr().out
    assert snapshot(copy) == before


def test_a_malformed_row_is_reported_by_sheet_and_row_and_nothing_is_written(
        copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, book = exported_book(copy, tmp_path)
    sheet = book["entri"]
    row = row_of(sheet, known_ids.PILLARS)
    sheet.cell(row, COLUMN["updated"]).value = "2026-11-31"
    sheet.cell(row, COLUMN["questions"]).value = "satu\ndua"
    roster = book["peserta"]
    roster.cell(5, [c.value for c in roster[1]].index("cohort") + 1).value = "2099"
    book["alias"].append(["kota antah", "kota Antah Berantah"])
    alias_row = book["alias"].max_row
    book.save(path)
    before = snapshot(copy)
    assert import_knowledge(copy, path, apply=True) == 1
    err = capsys.readouterr().err
    assert f"lembar 'entri', baris {row}: entri '{known_ids.PILLARS}': kolom 'updated'" in err
    assert "tidak ada di kalender" in err
    assert f"lembar 'entri', baris {row}: entri '{known_ids.PILLARS}': kolom 'questions' " \
           "berisi 2 contoh pertanyaan" in err
    assert snapshot(copy) == before
    # The rows themselves were fine, so once fixed the knowledge-wide checks speak.
    sheet.cell(row, COLUMN["updated"]).value = "2026-11-30"
    sheet.cell(row, COLUMN["questions"]).value = "\n".join(
        f"pilar smart city pertanyaan {n}" for n in range(12))
    book.save(path)
    assert import_knowledge(copy, path, apply=True) == 1
    err = capsys.readouterr().err
    assert "lembar 'peserta', baris 5: angkatan '2099'" in err
    assert f"lembar 'alias', baris {alias_row}: alias 'kota antah'" in err
    assert snapshot(copy) == before
    assert "Traceback" not in err


def test_a_link_to_a_missing_entry_names_the_row_that_links(
        copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, book = exported_book(copy, tmp_path)
    sheet = book["entri"]
    row = row_of(sheet, known_ids.ABOUT)
    sheet.cell(row, COLUMN["related"]).value = "program.tidak-ada"
    book.save(path)
    assert import_knowledge(copy, path, apply=False) == 1
    err = capsys.readouterr().err
    assert f"lembar 'entri', baris {row}: entri '{known_ids.ABOUT}': 'related' menyebut id " \
           "'program.tidak-ada'" in err


def test_apply_adds_and_changes_entries_keeping_comments_and_removes_them_again(
        copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, book = exported_book(copy, tmp_path)
    sheet = book["entri"]
    row = row_of(sheet, known_ids.PILLARS)
    answer = sheet.cell(row, COLUMN["answer"]).value
    sheet.cell(row, COLUMN["answer"]).value = answer + "\n\nDisunting dari lembar kerja."
    sheet.cell(row, COLUMN["updated"]).value = "2026-12-01"
    questions = [f"jadwal sosialisasi program nomor {n} kapan" for n in range(12)]
    sheet.append(["program.yaml", "program.jadwal-sosialisasi", "Jadwal sosialisasi",
                  "\n".join(questions), "Jadwal sosialisasi diumumkan Komdigi.",
                  "program.apa-itu\nprogram.kontak", "https://komdigi.go.id/berita 2026-12-01",
                  "2026-12-01"])
    book["alias"].append(["kota kembang", "kota Bandung"])
    book.save(path)
    original = snapshot(copy)
    pilar_before = (copy / "pilar.yaml").read_text(encoding="utf-8")
    updated_before = load_knowledge(copy).entries[known_ids.PILLARS].updated

    assert import_knowledge(copy, path, apply=False) == 0
    out = capsys.readouterr().out
    assert "Entri: 1 ditambah, 1 diubah, 0 dihapus." in out
    assert "ditambah: program.jadwal-sosialisasi" in out
    assert f"diubah: {known_ids.PILLARS}" in out
    assert "Alias: 1 ditambah" in out and "--apply" in out
    assert snapshot(copy) == original

    assert import_knowledge(copy, path, apply=True) == 0
    assert "Disimpan:" in capsys.readouterr().out
    kb = load_knowledge(copy)
    assert kb.entries[known_ids.PILLARS].answer.endswith("Disunting dari lembar kerja.")
    assert kb.regions.aliases["kota kembang"] == ("kota", "Bandung")
    assert Matcher(kb).match(questions[3]).entry_id == "program.jadwal-sosialisasi"
    pilar_after = (copy / "pilar.yaml").read_text(encoding="utf-8")
    comments = [line for line in pilar_before.splitlines() if line.startswith("#")]
    assert comments and [line for line in pilar_after.splitlines()
                         if line.startswith("#")] == comments
    diff = [line for line in difflib.unified_diff(pilar_before.splitlines(),
                                                  pilar_after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert diff == ["+", "+      Disunting dari lembar kerja.", f"-    updated: {updated_before}",
                    "+    updated: 2026-12-01"]  # a small edit, nothing else rewritten
    assert "\n\n  - id: program.jadwal-sosialisasi\n" in \
        (copy / "program.yaml").read_text(encoding="utf-8")

    path = exported(copy, tmp_path, "lagi.xlsx")
    book = load_workbook(path)
    book["entri"].delete_rows(row_of(book["entri"], "program.jadwal-sosialisasi"))
    book.save(path)
    assert import_knowledge(copy, path, apply=True) == 0
    out = capsys.readouterr().out
    assert "Entri: 0 ditambah, 0 diubah, 1 dihapus." in out
    assert "program.jadwal-sosialisasi" not in load_knowledge(copy).entries
    assert (copy / "program.yaml").read_bytes() == original["program.yaml"]


def test_an_unreadable_file_is_refused_with_a_message(
        copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"bukan excel")
    assert import_knowledge(copy, path, apply=True) == 1
    assert "tidak dapat dibaca" in capsys.readouterr().err
    assert export_knowledge(copy, tmp_path / "x.txt") == 2


@pytest.mark.parametrize(("entry_id", "says"), [
    ("daerah.kota-bandung", "id ini sudah dibuat otomatis dari data wilayah"),
    (known_ids.PILLARS, "sudah dipakai di baris"),
])
def test_a_new_row_with_a_taken_id_is_reported_at_its_row(
        copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], entry_id: str,
        says: str) -> None:
    path, book = exported_book(copy, tmp_path)
    sheet = book["entri"]
    sheet.append(["daerah.yaml", entry_id, "Entri baru", "\n".join(
        f"pertanyaan baru yang unik nomor {n}" for n in range(12)), "Jawaban baru.",
        "program.apa-itu", "https://komdigi.go.id/ 2026-12-01", "2026-12-01"])
    book.save(path)
    assert import_knowledge(copy, path, apply=True) == 1
    err = capsys.readouterr().err
    assert f"lembar 'entri', baris {sheet.max_row}: " in err and says in err
