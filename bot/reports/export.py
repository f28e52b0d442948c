"""CSV for every report: the header, then the rows of the report's flat table.

Spreadsheets open the file as written: UTF-8 (the writer adds no BOM; the dashboard may),
ISO 8601 times in UTC, empty cells for missing values. Cells a spreadsheet would run as a
formula (starting with =, +, - or @) are prefixed with an apostrophe: citizens typed them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, TextIO

from bot.reports.query import Report

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_rows(report: Report) -> Iterator[list[str]]:
    """The report as CSV rows of text: header first."""
    header, rows = report.table()
    yield header
    for row in rows:
        yield [_cell(value) for value in row]


def write_csv(report: Report, stream: TextIO) -> None:
    """Write the report as CSV to a text stream (open it with newline="")."""
    writer = csv.writer(stream)
    writer.writerows(csv_rows(report))


def _cell(value: Any) -> str:
    """One value as CSV text."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return str(round(value, 4))
    if isinstance(value, list | tuple):
        return " ".join(_cell(item) for item in value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    """True for a plain number such as -3 or +1.5 (no apostrophe needed)."""
    try:
        float(text)
    except ValueError:
        return False
    return True
