"""Region data: the 514 kabupaten/kota, the participant roster, cohorts, aliases, templates.

Region, province and cohort answers are generated (`bot.region_answers`) from CSV/YAML that
admins edit, so one fact (a region's cohort) lives in one place. The roster is known to be
incomplete for some cohorts and some of its rows are doubtful; each row says how sure it is
(`status`), so answers can say "belum pasti" or "perkiraan" and a cohort page never counts
more members than the cohort had.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge_types import Source
from bot.telegram_html import check_html
from bot.yaml_source import Problem, display_name, line_of, load_csv, load_yaml

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
TEMPLATE_FIELDS = {
    "daerah_peserta": {"nama", "provinsi", "angkatan", "catatan"},
    "daerah_belum_tercatat": {"nama", "provinsi", "tanggal_data", "angkatan_belum_lengkap"},
    "provinsi": {"provinsi", "jumlah", "daftar", "catatan"},
    "provinsi_kosong": {"provinsi", "tanggal_data", "angkatan_belum_lengkap", "catatan"},
    "angkatan": {"tahun", "ringkasan", "hitungan", "daftar", "catatan"},
}
_PLACEHOLDER_RE = re.compile(r"{([^{}]*)}")


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

    @property
    def id(self) -> str:
        """Catalogue id, e.g. daerah.kota-bandung."""
        return f"daerah.{self.type}-{slug(self.name)}"

    @property
    def display(self) -> str:
        """Full name, e.g. Kota Bandung, Kabupaten Siak."""
        return f"{self.type.capitalize()} {self.name}"

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
class Cohort:
    """One year's intake."""

    year: int
    size: int
    complete: bool
    summary: str
    sources: tuple[Source, ...]
    line: int = 0


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
            problems.append(Problem(name, line, "type must be 'kota' or 'kabupaten' and name "
                                    "and province must be filled in"))
            continue
        key = (row["type"], row["name"].lower())
        if key in regions:
            problems.append(Problem(name, line, f"{row['type']} {row['name']} is listed twice"))
        regions[key] = Region(row["name"], row["type"], row["province"], row["code"])
        if row["province"] not in provinces:
            provinces.append(row["province"])
    meta = load_yaml(folder / "angkatan.yaml", root, problems)
    cohorts = _load_cohorts(meta, display_name(folder / "angkatan.yaml", root), problems)
    participations = _load_participants(root, regions, cohorts, problems)
    for key, items in participations.items():
        region = regions[key]
        regions[key] = Region(region.name, region.type, region.province, region.code,
                              tuple(sorted(items, key=lambda p: p.cohort or 0)))
    aliases = _load_aliases(root, regions, provinces, problems)
    templates = _load_templates(root, problems)
    meta_fields = _load_meta(meta, display_name(folder / "angkatan.yaml", root), problems)
    if len(problems) > start:
        return None
    data = RegionData(regions=regions, provinces=tuple(provinces), cohorts=cohorts,
                      aliases=aliases, templates=templates, **meta_fields)
    _check_cohort_sizes(data, display_name(folder / "angkatan.yaml", root), problems)
    return None if len(problems) > start else data


def _parse_sources(raw: Any) -> tuple[Source, ...]:
    """Sources written as a list of {url, read}; ValueError/KeyError/TypeError if malformed."""
    sources = tuple(Source(str(s["url"]), str(s["read"])) for s in raw)
    for source in sources:
        if not source.url.startswith(("http://", "https://")):
            raise ValueError(source.url)
        dt.date.fromisoformat(source.read)
    return sources


def _load_cohorts(data: Any, name: str, problems: list[Problem]) -> dict[int, Cohort]:
    cohorts: dict[int, Cohort] = {}
    if data is None:
        return cohorts
    items = data.get("cohorts") if isinstance(data, dict) else None
    if not isinstance(items, list):
        problems.append(Problem(name, line_of(data, 1), "'cohorts' must be a list"))
        return cohorts
    for item in items:
        line = line_of(item)
        try:
            sources = _parse_sources(item["sources"])
            cohort = Cohort(int(item["year"]), int(item["size"]), bool(item["complete"]),
                            str(item["summary"]).strip(), sources, line)
        except (KeyError, TypeError, ValueError):
            problems.append(Problem(name, line, "each cohort needs year, size, complete "
                                    "(true/false), summary and sources (url starting with "
                                    "https://, read as YYYY-MM-DD)"))
            continue
        if not sources:
            problems.append(Problem(name, line, f"cohort {cohort.year} needs a source"))
        cohorts[cohort.year] = cohort
    return cohorts


def _load_meta(data: Any, name: str, problems: list[Problem]) -> dict[str, Any]:
    """data_date, the roster's own sources and the Smart Province pilots of angkatan.yaml."""
    data = data if isinstance(data, dict) else {}
    line = line_of(data, 1)
    date = str(data.get("data_date", ""))
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        problems.append(Problem(name, line, f"data_date {date!r} must be a date written "
                                "YYYY-MM-DD (the day the roster was last compiled)"))
    fields: dict[str, Any] = {"data_date": date,
                              "smart_provinces": tuple(data.get("smart_provinces") or ())}
    for key, required in (("roster_sources", True), ("smart_province_sources", False)):
        try:
            fields[key] = _parse_sources(data.get(key) or ())
        except (KeyError, TypeError, ValueError):
            fields[key] = ()
            problems.append(Problem(name, line, f"'{key}' must list sources with url "
                                    "(https://...) and read (YYYY-MM-DD)"))
            continue
        if required and not fields[key]:
            problems.append(Problem(name, line, f"'{key}' must list at least one source: "
                                    "where the roster as a whole comes from"))
    return fields


def _load_participants(root: Path, regions: dict[tuple[str, str], Region],
                       cohorts: dict[int, Cohort], problems: list[Problem]
                       ) -> dict[tuple[str, str], list[Participation]]:
    path = root / "wilayah" / "peserta.csv"
    name = display_name(path, root)
    result: dict[tuple[str, str], list[Participation]] = defaultdict(list)
    for line, row in load_csv(path, root, PARTICIPANT_COLUMNS, problems):
        key = (row["type"], row["name"].lower())
        region = regions.get(key)
        if region is None:
            problems.append(Problem(name, line, f"{row['type']} {row['name']!r} is not in "
                                    "kabupaten_kota.csv; check the spelling and the type"))
            continue
        if row["province"] != region.province:
            problems.append(Problem(name, line, f"province {row['province']!r} does not match "
                                    f"kabupaten_kota.csv ({region.province!r})"))
        if row["status"] not in STATUSES:
            problems.append(Problem(name, line, f"status {row['status']!r} must be one of "
                                    f"{', '.join(STATUSES)}"))
            continue
        cohort = _row_cohort(row, cohorts, name, line, problems)
        if cohort is False:
            continue
        sources = tuple(s.strip() for s in row["source"].split(";") if s.strip())
        if not sources or not all(s.startswith(("http://", "https://")) for s in sources):
            problems.append(Problem(name, line, "source must hold one or more URLs separated "
                                    "by ';'"))
            continue
        if any(p.cohort == cohort for p in result[key]):
            problems.append(Problem(name, line, f"{row['type']} {row['name']} is listed twice "
                                    f"for cohort {cohort or '(unknown)'}"))
            continue
        for column in ("area", "note"):
            if "<" in row[column] or ">" in row[column]:
                problems.append(Problem(name, line, f"{column} must be plain text (no HTML)"))
        result[key].append(Participation(cohort, row["status"], row["area"], row["note"],
                                         sources))
    return result


def _row_cohort(row: dict[str, str], cohorts: dict[int, Cohort], name: str, line: int,
                problems: list[Problem]) -> int | None | bool:
    """The row's cohort year, None when unknown, False (problem recorded) when invalid."""
    if row["status"] == COHORT_UNKNOWN:
        if row["cohort"]:
            problems.append(Problem(name, line, f"status {COHORT_UNKNOWN} needs an empty "
                                    "cohort; write the year only when a source gives it"))
            return False
        if not row["note"]:
            problems.append(Problem(name, line, f"status {COHORT_UNKNOWN} needs a note saying "
                                    "why the region counts as a participant"))
            return False
        return None
    if not row["cohort"].isdigit() or int(row["cohort"]) not in cohorts:
        problems.append(Problem(name, line, f"cohort {row['cohort']!r} is not a year listed "
                                "in wilayah/angkatan.yaml (leave it empty only with status "
                                f"{COHORT_UNKNOWN})"))
        return False
    return int(row["cohort"])


def _check_cohort_sizes(data: RegionData, name: str, problems: list[Problem]) -> None:
    """A cohort page must never list more sure members than the cohort had."""
    for year, cohort in sorted(data.cohorts.items()):
        firm = data.firm_count(year)
        if firm > cohort.size:
            problems.append(Problem(name, cohort.line, f"cohort {year} has size {cohort.size} "
                                    f"but wilayah/peserta.csv lists {firm} rows as "
                                    f"{', '.join(sorted(FIRM_STATUSES))}; mark the doubtful "
                                    f"ones {UNCERTAIN} or {PROBABLY_WRONG}"))


def _load_aliases(root: Path, regions: dict[tuple[str, str], Region], provinces: list[str],
                  problems: list[Problem]) -> dict[str, tuple[str, str]]:
    path = root / "wilayah" / "alias.yaml"
    name = display_name(path, root)
    data = load_yaml(path, root, problems)
    aliases: dict[str, tuple[str, str]] = {}
    items = data.get("aliases") if isinstance(data, dict) else None
    if not isinstance(items, dict):
        if data is not None:
            problems.append(Problem(name, 1, "'aliases' must map names to targets"))
        return aliases
    lower_provinces = {p.lower(): p for p in provinces}
    for alias, target in items.items():
        kind, _, target_name = str(target).partition(" ")
        kind = kind.lower()
        ok = ((kind in ("kota", "kabupaten") and (kind, target_name.lower()) in regions)
              or (kind == "provinsi" and target_name.lower() in lower_provinces))
        if not ok:
            problems.append(Problem(name, line_of(data, 1), f"alias {alias!r}: target "
                                    f"{target!r} is not a known 'kota NAME', 'kabupaten NAME' "
                                    "or 'provinsi NAME'"))
            continue
        if kind == "provinsi":
            target_name = lower_provinces[target_name.lower()]
        aliases[str(alias).lower()] = (kind, target_name)
    return aliases


def _load_templates(root: Path, problems: list[Problem]) -> dict[str, str]:
    path = root / "templat.yaml"
    name = display_name(path, root)
    data = load_yaml(path, root, problems)
    templates = data.get("templates") if isinstance(data, dict) else None
    if not isinstance(templates, dict):
        if data is not None:
            problems.append(Problem(name, 1, "'templates' must map template names to text"))
        return {}
    for key, fields in TEMPLATE_FIELDS.items():
        text = templates.get(key)
        if not isinstance(text, str):
            problems.append(Problem(name, line_of(data, 1), f"template {key!r} is missing"))
            continue
        unknown = set(_PLACEHOLDER_RE.findall(text)) - fields
        if unknown:
            problems.append(Problem(name, line_of(data, 1), f"template {key!r} uses unknown "
                                    f"placeholder(s) {sorted(unknown)}; allowed: "
                                    f"{sorted(fields)}"))
            continue
        sample = text.format(**{f: "x" for f in fields})
        for reason in check_html(sample):
            problems.append(Problem(name, line_of(data, 1),
                                    f"template {key!r} is not valid Telegram HTML: {reason}"))
    return {k: str(v) for k, v in templates.items()}
