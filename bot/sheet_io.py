"""Spreadsheet files (.xlsx with openpyxl, .csv) as named tables of text cells.

Admins edit the exported knowledge in Excel, LibreOffice or Google Sheets, which turn typed
text into numbers and dates ("2017" -> 2017, "2026-11-27" -> a date). Reading normalises every
cell back to the text the knowledge files hold, so a file exported and imported unchanged
reads back exactly as it was written.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

SUFFIXES = (".xlsx", ".csv")
COLUMN_WIDTH = 40  # characters; long cells wrap
CSV_ENCODING = "utf-8-sig"  # with a BOM, Excel opens the file as UTF-8


class SheetError(Exception):
    """The spreadsheet file cannot be read or written (the message is for the admin)."""


@dataclass
class Table:
    """One sheet: a header and rows of text, each row with its row number in the sheet."""

    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    text_columns: tuple[str, ...] = ()  # kept as text in Excel (dates, years)

    def records(self) -> list[tuple[int, dict[str, str]]]:
        """Each non-empty row as {column: value} with its row number."""
        return [(number, dict(zip(self.header, cells + [""] * len(self.header), strict=False)))
                for number, cells in self.rows if any(cell.strip() for cell in cells)]


def cell_text(value: Any) -> str:
    """A cell as the text it stands for (numbers and dates as the admin typed them)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\r\n", "\n")


def write_tables(path: Path, tables: list[Table]) -> None:
    """Write tables to .xlsx (one sheet each) or the first table to .csv."""
    try:
        if path.suffix.lower() == ".csv":
            with path.open("w", encoding=CSV_ENCODING, newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(tables[0].header)
                writer.writerows(cells for _, cells in tables[0].rows)
        else:
            _workbook(tables).save(path)
    except OSError as exc:
        raise SheetError(f"{path} tidak dapat ditulis ({exc.strerror}) — periksa foldernya, atau "
                         "tutup berkas itu bila sedang dibuka di Excel") from None


def _workbook(tables: list[Table]) -> Workbook:
    """One sheet per table: bold header, wrapped cells, dates and years kept as text."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(table.header)
        for cells in (cells for _, cells in table.rows):
            sheet.append(cells)
        for column, name in enumerate(table.header, start=1):
            letter = sheet.cell(1, column).column_letter
            sheet.column_dimensions[letter].width = COLUMN_WIDTH
            sheet.cell(1, column).font = Font(bold=True)
            for row in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell = row[0]
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, not a formula
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if name in table.text_columns:
                    cell.number_format = "@"
        sheet.freeze_panes = "A2"
    return book


def read_tables(path: Path) -> dict[str, Table]:
    """Every sheet of an .xlsx, or the one table of a .csv (named after the file)."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SheetError(f"{path.name}: jenis berkas tidak dikenal — pakai berkas .xlsx atau .csv")
    if not path.is_file():
        raise SheetError(f"{path} tidak ditemukan — periksa nama dan foldernya")
    if suffix == ".csv":
        return {"": _read_csv(path)}
    try:
        book = load_workbook(path, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError, TypeError):
        raise SheetError(f"{path.name} tidak dapat dibaca sebagai berkas Excel — simpan ulang "
                         "dari Excel, LibreOffice, atau Google Sheets sebagai .xlsx") from None
    tables = {}
    for sheet in book.worksheets:
        rows = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        header = [cell.strip() for cell in rows[0]] if rows else []
        while header and not header[-1]:
            header.pop()
        tables[sheet.title] = Table(sheet.title, header, [
            (number, cells[:len(header)]) for number, cells in enumerate(rows[1:], start=2)])
    return tables


def _read_csv(path: Path) -> Table:
    try:
        with path.open(encoding=CSV_ENCODING, newline="") as handle:
            reader = csv.reader(handle)
            header = [cell.strip() for cell in next(reader, [])]
            rows = [(number, [cell.replace("\r\n", "\n") for cell in cells])
                    for number, cells in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SheetError(f"{path.name} tidak dapat dibaca sebagai CSV ({type(exc).__name__}) — "
                         "simpan ulang sebagai CSV UTF-8 dengan pemisah koma") from None
    return Table(path.stem, header, rows)
