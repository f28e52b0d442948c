"""Roster lists inside admin answers: `{peserta_kawasan:IKN}` and `{jumlah_per_kawasan}`.

An admin places a list from `wilayah/peserta.csv` in a topic answer by writing a placeholder
where it should stand; loading fills it in, so the answer follows the roster instead of a
hand-typed copy that goes stale. What the admin wrote stays in `Entry.answer` (editors write
that back to the file); the filled text and the rows it cites go beside it (`Entry.filled`).

Everything wrong is the admin's to fix, so it is reported in Indonesian with file and line: a
placeholder name that does not exist (a typo would otherwise reach citizens as braces), an
area the roster does not know, or an answer the filled list makes longer than a phone screen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from bot import known_ids
from bot.area_answers import Cited, area_counts, area_line
from bot.knowledge_schema import MAX_ANSWER_CHARS
from bot.knowledge_types import Entry, EntryKind, Filled, Source
from bot.regions import RegionData
from bot.telegram_html import visible_text
from bot.topics import PLACEHOLDER_RE, SETTINGS_PLACEHOLDERS
from bot.yaml_source import Problem

AREA_NAMES = "peserta_kawasan"  # {peserta_kawasan:NAMA}: the regions of one area
AREA_COUNTS = "jumlah_per_kawasan"  # {jumlah_per_kawasan}: how many regions each area has
KNOWN_FORMS = ("{operator}", "{retensi}", f"{{{AREA_NAMES}:NAMA}}", f"{{{AREA_COUNTS}}}")


def fill_roster_lists(entries: Mapping[str, Entry], data: RegionData,
                      problems: list[Problem]) -> dict[str, Entry]:
    """The entries, each topic answer with roster placeholders given its filled text."""
    result = dict(entries)
    for entry_id, entry in entries.items():
        if entry.kind is EntryKind.TOPIC and PLACEHOLDER_RE.search(entry.answer):
            filled = _fill(entry, data, problems)
            if filled is not None:
                result[entry_id] = replace(entry, filled=filled)
    return result


def _fill(entry: Entry, data: RegionData, problems: list[Problem]) -> Filled | None:
    """The filled answer, or None when it has no roster placeholder (or a wrong one)."""
    areas = {area.casefold(): area for area in data.areas}
    example = f"{{{AREA_NAMES}:{(data.areas or ('IKN',))[0]}}}"
    cited: list[Cited] = []
    start = len(problems)

    def report(message: str, fix: str) -> str:
        problems.append(Problem(entry.file, entry.line_of("answer"),
                                f"entri {entry.id!r}: {message}", fix))
        return ""

    def one(match: re.Match[str]) -> str:
        written, name, argument = match.group(0), match.group(1), match.group(2)
        wanted = (argument or "").strip()
        if name in SETTINGS_PLACEHOLDERS and argument is None:
            return written  # filled from settings when shown
        if name == AREA_NAMES and not wanted:
            return report(f"isian {written} tidak menyebut nama kawasan",
                          f"tulis nama kawasan setelah titik dua, misalnya {example}")
        if name == AREA_NAMES and wanted.casefold() not in areas:
            return report(f"isian {written} menyebut kawasan yang tidak ada di kolom area "
                          "wilayah/peserta.csv",
                          f"tulis salah satu: {', '.join(data.areas) or '(belum ada)'}, "
                          f"misalnya {example}")
        if name == AREA_NAMES:
            cited.append(area_line(data, areas[wanted.casefold()]))
        elif name == AREA_COUNTS and argument is None:
            cited.append(area_counts(data))
        else:
            return report(f"isian {written} tidak dikenal",
                          f"isian yang tersedia: {', '.join(KNOWN_FORMS)}; hapus kurung "
                          "kurawalnya bila bukan isian")
        return cited[-1].text

    answer = PLACEHOLDER_RE.sub(one, entry.answer)
    if len(problems) > start or not cited:
        return None
    size = len(visible_text(answer))
    if size > MAX_ANSWER_CHARS:
        names = f"{{{AREA_NAMES}:" in entry.answer
        report(f"jawaban berisi {size} karakter setelah daftar dari peserta.csv diisi",
               f"persingkat kalimat di sekitarnya menjadi paling banyak {MAX_ANSWER_CHARS} "
               "karakter" + (f", atau ganti {{{AREA_NAMES}:...}} dengan {{{AREA_COUNTS}}} "
                             f"dan tautkan entri {known_ids.AREA_LIST} di 'related'"
                             if names else ""))
        return None
    sources: tuple[Source, ...] = tuple(dict.fromkeys(s for c in cited for s in c.sources))
    return Filled(answer, sources, data.data_date)
