"""Region data: the 514 kabupaten/kota, the participant roster, cohorts, aliases, templates.

Region, province and cohort answers are generated (`bot.region_answers`) from CSV/YAML that
admins edit, so one fact (a region's cohort) lives in one place. The roster is known to be
incomplete for some cohorts and some of its rows are doubtful; each row says how sure it is
(`status`), so answers can say "belum pasti" or "perkiraan" and a cohort page never counts
more members than the cohort had.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from bot.knowledge_types import Source
from bot.region_files import Cohort, load_aliases, load_cohort_file, load_templates
from bot.yaml_source import Problem, display_name, load_csv

REGION_COLUMNS = ("name", "type", "province", "code")
PARTICIPANT_COLUMNS = ("name", "type", "province", "cohort", "status", "area", "note", "source")
# How sure a roster row is (the `status` column of peserta.csv; see knowledge/README.md).
RECORDED = "tercatat"  # sources name the region in that cohort
INFERRED = "disimpulkan"  # sources say it took part; the year is our inference
DISPUTED = "diperdebatkan"  # sources disagree on the year; each claimed year has a row
UNCERTAIN = "belum_pasti"  # sources disagree whether it took part at all
PROBABLY_WRONG = "kemungkinan_keliru"  # a report we think is wrong: never listed or counted
COHORT_UNKNOWN = "angkatan_belum_diketahui"  # a participant whose cohort no source gives
STATUSES = (RECORDED, INFERRED, DISPUTED, UNCERTAIN, PROBABLY_WRONG, COHORT_UNKNOWN)
FIRM_STATUSES = frozenset({RECORDED, INFERRED, DISPUTED})  # counted against a cohort's size
__all__ = ["Cohort"]  # defined with its loader in bot.region_files, used from here


def slug(name: str) -> str:
    """Catalogue form of a name: lower-case, spaces as hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass(frozen=True)
class Participation:
    """One roster row: a region's place in one cohort (None: cohort unknown)."""

    cohort: int | None
    status: str
    area: str
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    """A kabupaten or kota with its participation record."""

    name: str
    type: str  # "kota" | "kabupaten"
    province: str
    code: str
    participations: tuple[Participation, ...] = ()
    spelling: str = ""  # the official way to write the name, when the roster writes it joined

    @property
    def written(self) -> str:
        """The name as answers write it: "Palangka Raya" (the roster has "Palangkaraya")."""
        return self.spelling or self.name

    @property
    def id(self) -> str:
        """Catalogue id, e.g. daerah.kota-bandung."""
        return f"daerah.{self.type}-{slug(self.name)}"

    @property
    def display(self) -> str:
        """Full name, e.g. Kota Bandung, Kabupaten Siak."""
        return f"{self.type.capitalize()} {self.written}"

    @property
    def claims(self) -> tuple[Participation, ...]:
        """The rows we stand by (rows we think are wrong left out)."""
        return tuple(p for p in self.participations if p.status != PROBABLY_WRONG)

    @property
    def is_participant(self) -> bool:
        """Recorded as a participant (possibly with an unknown or doubtful cohort)."""
        return bool(self.claims)

    @property
    def cohorts(self) -> tuple[int, ...]:
        """Cohort years this region is listed in."""
        return tuple(sorted({p.cohort for p in self.claims if p.cohort is not None}))


@dataclass(frozen=True)
class RegionData:
    """All region facts, keyed for lookup."""

    regions: dict[tuple[str, str], Region]  # (type, lower-case name) -> Region
    provinces: tuple[str, ...]
    cohorts: dict[int, Cohort]
    aliases: dict[str, tuple[str, str]]  # alias -> ("kota"|"kabupaten"|"provinsi", name)
    templates: dict[str, str]
    data_date: str  # YYYY-MM-DD: the roster is compiled up to this day
    smart_provinces: tuple[str, ...]
    roster_sources: tuple[Source, ...] = ()  # where the roster as a whole rests
    smart_province_sources: tuple[Source, ...] = ()

    def incomplete_cohorts(self) -> str:
        """'2021, 2022, dan 2023': cohorts whose roster is known to be incomplete."""
        years = [str(y) for y, c in sorted(self.cohorts.items()) if not c.complete]
        return join_words(years)

    def members(self, year: int) -> list[tuple[Region, Participation]]:
        """The rows listed under a cohort, with their regions (wrong reports left out)."""
        return [(region, part) for region in self.regions.values() for part in region.claims
                if part.cohort == year]

    @property
    def areas(self) -> tuple[str, ...]:
        """The areas the roster names (its `area` column), alphabetically, each once."""
        names = {p.area for r in self.regions.values() for p in r.participations if p.area}
        return tuple(sorted(names, key=str.casefold))

    def area_rows(self, area: str) -> list[tuple[Region, Participation]]:
        """Every row of one area, wrong reports included, by cohort and then by name."""
        rows = [(region, part) for region in self.regions.values()
                for part in region.participations if part.area == area]
        return sorted(rows, key=lambda m: (m[1].cohort or 0, m[0].display))

    def firm_count(self, year: int) -> int:
        """How many listed members of a cohort count against its size."""
        return sum(1 for _, part in self.members(year) if part.status in FIRM_STATUSES)


def province_id(province: str) -> str:
    """Catalogue id of a province."""
    return f"provinsi.{slug(province)}"


def join_words(words: list[str], conjunction: str = "dan") -> str:
    """Indonesian list with the serial comma (EYD): 'a', 'a dan b', 'a, b, dan c'."""
    if len(words) <= 2:
        return f" {conjunction} ".join(words)
    return ", ".join(words[:-1]) + f", {conjunction} " + words[-1]


def load_region_data(root: Path, problems: list[Problem]) -> RegionData | None:
    """Load `wilayah/` and `templat.yaml`; record problems; None if unusable."""
    start = len(problems)
    folder = root / "wilayah"
    regions: dict[tuple[str, str], Region] = {}
    provinces: list[str] = []
    path = folder / "kabupaten_kota.csv"
    name = display_name(path, root)
    for line, row in load_csv(path, root, REGION_COLUMNS, problems):
        if row["type"] not in ("kota", "kabupaten") or not row["name"] or not row["province"]:
            problems.append(Problem(name, line, "baris ini tidak lengkap",
                                    "isi type dengan 'kota' atau 'kabupaten', dan isi name "
                                    "serta province"))
            continue
        key = (row["type"], row["name"].lower())
        if key in regions:
            problems.append(Problem(name, line, f"{row['type']} {row['name']} tercantum dua "
                                    "kali", "hapus salah satu baris"))
        regions[key] = Region(row["name"], row["type"], row["province"], row["code"])
        if row["province"] not in provinces:
            provinces.append(row["province"])
    before = len(problems)
    meta = load_cohort_file(root, provinces, problems)
    # A cohort angkatan.yaml got wrong is reported there, not again on each of its rows.
    known = meta.cohorts if len(problems) == before else None
    participations = _load_participants(root, regions, known, problems)
    for key, items in participations.items():
        region = regions[key]
        regions[key] = replace(region, participations=tuple(
            sorted(items, key=lambda p: p.cohort or 0)))
    aliases, spellings = load_aliases(root, regions, provinces, problems)
    for key, spelling in spellings.items():
        regions[key] = replace(regions[key], spelling=spelling)
    templates = load_templates(root, problems)
    if len(problems) > start:
        return None
    data = RegionData(regions=regions, provinces=tuple(provinces), cohorts=meta.cohorts,
                      aliases=aliases, templates=templates, data_date=meta.data_date,
                      smart_provinces=meta.smart_provinces,
                      roster_sources=meta.roster_sources,
                      smart_province_sources=meta.smart_province_sources)
    _check_cohort_sizes(data, display_name(folder / "angkatan.yaml", root), problems)
    return None if len(problems) > start else data


def _load_participants(root: Path, regions: dict[tuple[str, str], Region],
                       cohorts: dict[int, Cohort] | None, problems: list[Problem]
                       ) -> dict[tuple[str, str], list[Participation]]:
    path = root / "wilayah" / "peserta.csv"
    name = display_name(path, root)
    result: dict[tuple[str, str], list[Participation]] = defaultdict(list)
    for line, row in load_csv(path, root, PARTICIPANT_COLUMNS, problems):
        key = (row["type"], row["name"].lower())
        region = regions.get(key)
        if region is None:
            problems.append(Problem(name, line, f"{row['type']} {row['name']!r} tidak ada di "
                                    "kabupaten_kota.csv", "periksa ejaan nama dan jenisnya "
                                    "(kota atau kabupaten)"))
            continue
        if row["province"] != region.province:
            problems.append(Problem(name, line, f"provinsi {row['province']!r} berbeda dengan "
                                    f"kabupaten_kota.csv ({region.province!r})",
                                    "tulis provinsinya persis seperti di kabupaten_kota.csv"))
        if row["status"] not in STATUSES:
            problems.append(Problem(name, line, f"status {row['status']!r} tidak dikenal",
                                    f"tulis salah satu dari: {', '.join(STATUSES)}"))
            continue
        cohort = _row_cohort(row, cohorts, name, line, problems)
        if cohort is False:
            continue
        sources = tuple(s.strip() for s in row["source"].split(";") if s.strip())
        if not sources or not all(s.startswith(("http://", "https://")) for s in sources):
            problems.append(Problem(name, line, "kolom source kosong atau bukan alamat web",
                                    "tulis satu atau beberapa alamat https://..., dipisah "
                                    "titik koma (;)"))
            continue
        if any(p.cohort == cohort for p in result[key]):
            problems.append(Problem(name, line, f"{row['type']} {row['name']} tercantum dua "
                                    f"kali pada angkatan {cohort or '(belum diketahui)'}",
                                    "hapus salah satu baris"))
            continue
        for column in ("area", "note"):
            if "<" in row[column] or ">" in row[column]:
                problems.append(Problem(name, line, f"kolom {column} memuat tanda < atau >",
                                    "tulis teks biasa tanpa HTML"))
        result[key].append(Participation(cohort, row["status"], row["area"], row["note"],
                                         sources))
    return result


def _row_cohort(row: dict[str, str], cohorts: dict[int, Cohort] | None, name: str, line: int,
                problems: list[Problem]) -> int | None | bool:
    """The row's cohort year, None when unknown, False (problem recorded) when invalid."""
    if row["status"] == COHORT_UNKNOWN:
        if row["cohort"]:
            problems.append(Problem(name, line, f"status {COHORT_UNKNOWN} tetapi kolom "
                                    "cohort terisi", "kosongkan cohort, atau ganti statusnya "
                                    "bila ada sumber yang menyebut tahunnya"))
            return False
        if not row["note"]:
            problems.append(Problem(name, line, f"status {COHORT_UNKNOWN} tanpa catatan",
                                    "isi kolom note: mengapa daerah ini dihitung sebagai "
                                    "peserta"))
            return False
        return None
    if not row["cohort"].isdigit() or (cohorts is not None and
                                       int(row["cohort"]) not in cohorts):
        problems.append(Problem(name, line, f"angkatan {row['cohort']!r} tidak ada di "
                                "wilayah/angkatan.yaml", "tulis tahun angkatan yang tercantum "
                                f"di angkatan.yaml (kosongkan hanya dengan status "
                                f"{COHORT_UNKNOWN})"))
        return False
    return int(row["cohort"])


def _check_cohort_sizes(data: RegionData, name: str, problems: list[Problem]) -> None:
    """A cohort page must never list more sure members than the cohort had."""
    for year, cohort in sorted(data.cohorts.items()):
        firm = data.firm_count(year)
        if firm > cohort.size:
            problems.append(Problem(name, cohort.line, f"angkatan {year} berukuran "
                                    f"{cohort.size}, tetapi wilayah/peserta.csv mencantumkan "
                                    f"{firm} baris berstatus "
                                    f"{', '.join(sorted(FIRM_STATUSES))}",
                                    f"tandai baris yang diragukan {UNCERTAIN} atau "
                                    f"{PROBABLY_WRONG}"))
