"""Who the roster records in each area: lines for topic answers, and one list per area.

The `area` column of `wilayah/peserta.csv` says a region took part through a priority tourism
area (Danau Toba, Borobudur, ...) or the new capital's area (IKN). The topics about those
areas name their regions from these rows rather than from hand-typed lists, so an edit of the
roster changes the answers with it. The wording follows the cohort pages: each name linked to
the source of its row, doubt tagged the same way ("perkiraan", "belum pasti", "juga disebut"),
and a report we think is wrong never listed or counted; where one area is the subject, such a
report is said in plain words, with the year the roster does record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from bot import known_ids
from bot.knowledge_types import Entry, EntryKind, Source
from bot.region_answers import (
    REGION_FILE,
    TAGS,
    UNKNOWN_COHORT_TEXT,
    link,
    member_name,
    short_name,
    sites,
)
from bot.regions import (
    INFERRED,
    PROBABLY_WRONG,
    UNCERTAIN,
    Participation,
    Region,
    RegionData,
    join_words,
)
from bot.telegram_html import escape

AREA_LIST_TITLE = "Peserta per kawasan"
Row = tuple[Region, Participation]


@dataclass(frozen=True)
class Cited:
    """A generated sentence and the sources it rests on (cited under the answer)."""

    text: str
    sources: tuple[Source, ...]


def _year_label(cohort: int | None) -> str:
    return f"angkatan {cohort}" if cohort is not None else UNKNOWN_COHORT_TEXT


def _cohorts_label(rows: list[Row]) -> str:
    """'angkatan 2021' when every row shares one cohort, else 'beberapa angkatan'."""
    years = {part.cohort for _, part in rows}
    return _year_label(years.pop()) if len(years) == 1 else "beberapa angkatan"


def _listed(rows: list[Row]) -> list[Row]:
    """The rows we stand by: a report we think is wrong is never listed or counted."""
    return [(region, part) for region, part in rows if part.status != PROBABLY_WRONG]


def _names(rows: list[Row], *, with_years: bool, sentence: bool = True) -> str:
    """'Kab. A, Kab. B, dan Kab. C', one group per cohort ('(angkatan 2021)' after each).

    A sentence joins the last name with 'dan'; a list line only with commas, as cohort
    pages do.
    """
    groups: dict[int | None, list[str]] = defaultdict(list)
    for region, part in rows:
        groups[part.cohort].append(member_name(region, part))
    texts = []
    for cohort, names in sorted(groups.items(), key=lambda g: g[0] or 0):
        years = f" ({_year_label(cohort)})" if with_years else ""
        texts.append((join_words(names) if sentence else ", ".join(names)) + years)
    return "; ".join(texts)


def _row_sources(data: RegionData, urls: Iterable[str]) -> tuple[Source, ...]:
    return tuple(Source(url, data.data_date) for url in dict.fromkeys(urls))


def _doubted(region: Region, part: Participation, area: str) -> tuple[str, list[str]]:
    """A report of this area we think is wrong, next to what the roster does record."""
    claims = region.claims
    name = link(claims[0].sources[0], short_name(region)) if claims else short_name(region)
    if region.cohorts:
        state = f"{name} tercatat pada angkatan {join_words([str(y) for y in region.cohorts])}"
    elif region.is_participant:
        state = f"{name} tercatat sebagai peserta ({UNKNOWN_COHORT_TEXT})"
    else:
        state = f"{name} belum tercatat sebagai peserta dalam data kami"
    who = "satu laporan" if len(part.sources) == 1 else "beberapa laporan"
    text = (f"{state}; {who} ({sites(part.sources)}) menyebutnya di kawasan {escape(area)} "
            f"{_year_label(part.cohort)}, tetapi kemungkinan keliru.")
    return text, [*(p.sources[0] for p in claims), *part.sources]


def area_line(data: RegionData, area: str) -> Cited:
    """The regions the roster records for one area, for `{peserta_kawasan:NAMA}`."""
    rows = data.area_rows(area)
    listed = _listed(rows)
    if listed:
        mixed = len({part.cohort for _, part in listed}) > 1
        text = data.templates["kawasan_peserta"].format(
            kawasan=escape(area), angkatan=_cohorts_label(listed),
            daftar=_names(listed, with_years=mixed))
    else:
        text = (f"Belum ada kabupaten/kota kawasan {escape(area)} yang tercatat dalam data "
                "kami.")
    urls = [part.sources[0] for _, part in listed]
    for region, part in rows:
        if part.status == PROBABLY_WRONG:
            sentence, cited = _doubted(region, part, area)
            text += f" {sentence}"
            urls += cited
    return Cited(text, _row_sources(data, urls))


def _count(rows: list[Row]) -> str:
    """'4', '1 (perkiraan)', '3 (1 belum pasti)': how many, with the doubt of some."""
    tags = []
    for status in (INFERRED, UNCERTAIN):
        some = sum(1 for _, part in rows if part.status == status)
        if some:
            tags.append(TAGS[status] if some == len(rows) else f"{some} {TAGS[status]}")
    return f"{len(rows)} ({', '.join(tags)})" if tags else str(len(rows))


def _years(data: RegionData, rows: list[Row]) -> list[int]:
    """The cohorts some rows belong to, in order (rows of unknown cohort have none)."""
    return sorted({part.cohort for _, part in rows
                   if part.cohort is not None and part.cohort in data.cohorts})


def _cohort_sources(data: RegionData, rows: list[Row]) -> tuple[Source, ...]:
    """The sources of the cohorts some rows belong to: a cohort page's own footer."""
    return tuple(dict.fromkeys(s for year in _years(data, rows)
                               for s in data.cohorts[year].sources))


def area_counts(data: RegionData) -> Cited:
    """How many regions each area has in the roster, for `{jumlah_per_kawasan}`.

    Counts rest on the cohort lists, so they cite the cohorts' sources, as a cohort page
    does; each name and its own source are one tap away on the list page.
    """
    every: list[Row] = []
    items = []
    for area in data.areas:
        listed = _listed(data.area_rows(area))
        if listed:
            items.append(f"{escape(area)} {_count(listed)}")
            every += listed
    if not items:
        return Cited("Belum ada kawasan yang tercatat dalam data kami.", ())
    text = data.templates["kawasan_jumlah"].format(angkatan=_cohorts_label(every),
                                                   daftar=join_words(items))
    return Cited(text, _cohort_sources(data, every))


def build_area_entry(data: RegionData) -> Entry:
    """The `kawasan.daftar` page: every area with the regions the roster records for it."""
    every: list[Row] = []
    groups = []
    for area in data.areas:
        listed = _listed(data.area_rows(area))
        if listed:
            groups.append((area, listed))
            every += listed
    mixed = len({part.cohort for _, part in every}) > 1
    lines = [f"• <b>{escape(area)}</b>: {_names(listed, with_years=mixed, sentence=False)}"
             for area, listed in groups]
    incomplete = [y for y in _years(data, every) if not data.cohorts[y].complete]
    note = "" if not incomplete else (
        f"\n\nDaftar angkatan {join_words([str(y) for y in incomplete])} dalam data kami belum "
        "lengkap; daerah yang tidak tercantum belum tentu bukan peserta.")
    answer = data.templates["kawasan"].format(
        angkatan=_cohorts_label(every) if every else "belum ada",
        daftar="\n".join(lines) or "(belum ada kawasan yang tercatat)", catatan=note)
    related = (*(known_ids.cohort_id(y) for y in _years(data, every)), known_ids.HISTORY)
    return Entry(known_ids.AREA_LIST, AREA_LIST_TITLE, answer,
                 sources=_cohort_sources(data, every) or data.roster_sources,
                 updated=data.data_date, kind=EntryKind.AREA, file=REGION_FILE,
                 related=related[:4])
