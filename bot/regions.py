"""Region data: the 514 kabupaten/kota, the participant roster, cohorts, aliases, templates.

Region, province and cohort answers are generated from CSV/YAML that admins edit, through the
answer templates in `templat.yaml`, so one fact (a region's cohort) lives in one place. The
roster is known to be incomplete for some cohorts: a region missing from it is "belum
tercatat dalam data kami", never "not a participant".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from bot import known_ids
from bot.knowledge_types import Entry, EntryKind, Source
from bot.telegram_html import check_html, escape
from bot.yaml_source import Problem, display_name, line_of, load_csv, load_yaml

REGION_COLUMNS = ("name", "type", "province", "code")
PARTICIPANT_COLUMNS = ("name", "type", "province", "cohort", "status", "note", "source")
STATUSES = {
    "tercatat": "",
    "disimpulkan": " Catatan: tahun angkatan {tahun} disimpulkan dari sumber tidak langsung.",
    "diperdebatkan": " Catatan: sumber berbeda pendapat tentang angkatan {tahun}.",
}
TEMPLATE_FIELDS = {
    "daerah_peserta": {"nama", "provinsi", "angkatan", "catatan", "sumber"},
    "daerah_belum_tercatat": {"nama", "provinsi", "tanggal_data", "angkatan_belum_lengkap",
                              "sumber"},
    "provinsi": {"provinsi", "jumlah", "daftar", "catatan", "sumber"},
    "provinsi_kosong": {"provinsi", "tanggal_data", "angkatan_belum_lengkap", "catatan",
                        "sumber"},
    "angkatan": {"tahun", "ringkasan", "jumlah", "ukuran", "daftar", "catatan", "sumber"},
}
REGION_LIST_SOURCE = Source("https://github.com/fityannugroho/idn-area-data", "2026-11-27")
_PLACEHOLDER_RE = re.compile(r"{([^{}]*)}")


def slug(name: str) -> str:
    """Catalogue form of a name: lower-case, spaces as hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


@dataclass(frozen=True)
class Participation:
    """One region's place in one cohort."""

    cohort: int
    status: str
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
    def cohorts(self) -> tuple[int, ...]:
        """Cohort years this region is recorded in."""
        return tuple(sorted({p.cohort for p in self.participations}))


@dataclass(frozen=True)
class Cohort:
    """One year's intake."""

    year: int
    size: int
    complete: bool
    summary: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class RegionData:
    """All region facts, keyed for lookup."""

    regions: dict[tuple[str, str], Region]  # (type, lower-case name) -> Region
    provinces: tuple[str, ...]
    cohorts: dict[int, Cohort]
    aliases: dict[str, tuple[str, str]]  # alias -> ("kota"|"kabupaten"|"provinsi", name)
    templates: dict[str, str]
    data_date: str
    smart_provinces: tuple[str, ...]

    def incomplete_cohorts(self) -> str:
        """'2021, 2022 dan 2023': cohorts whose roster is known to be incomplete."""
        years = [str(y) for y, c in sorted(self.cohorts.items()) if not c.complete]
        return join_words(years)


def province_id(province: str) -> str:
    """Catalogue id of a province."""
    return f"provinsi.{slug(province)}"


def join_words(words: list[str]) -> str:
    """Indonesian list: 'a', 'a dan b', 'a, b dan c'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " dan " + words[-1]


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
    cohorts = _load_cohorts(root, problems)
    participations = _load_participants(root, regions, cohorts, problems)
    for key, items in participations.items():
        region = regions[key]
        regions[key] = Region(region.name, region.type, region.province, region.code,
                              tuple(sorted(items, key=lambda p: p.cohort)))
    aliases = _load_aliases(root, regions, provinces, problems)
    templates = _load_templates(root, problems)
    meta = load_yaml(folder / "angkatan.yaml", root, []) or {}
    if len(problems) > start:
        return None
    return RegionData(regions=regions, provinces=tuple(provinces), cohorts=cohorts,
                      aliases=aliases, templates=templates,
                      data_date=str(meta.get("data_date", "")),
                      smart_provinces=tuple(meta.get("smart_provinces") or ()))


def _load_cohorts(root: Path, problems: list[Problem]) -> dict[int, Cohort]:
    path = root / "wilayah" / "angkatan.yaml"
    name = display_name(path, root)
    data = load_yaml(path, root, problems)
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
            sources = tuple(Source(str(s["url"]), str(s["read"])) for s in item["sources"])
            cohort = Cohort(int(item["year"]), int(item["size"]), bool(item["complete"]),
                            str(item["summary"]).strip(), sources)
        except (KeyError, TypeError, ValueError):
            problems.append(Problem(name, line, "each cohort needs year, size, complete "
                                    "(true/false), summary and sources (url, read)"))
            continue
        if not sources:
            problems.append(Problem(name, line, f"cohort {cohort.year} needs a source"))
        cohorts[cohort.year] = cohort
    return cohorts


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
        if not row["cohort"].isdigit() or int(row["cohort"]) not in cohorts:
            problems.append(Problem(name, line, f"cohort {row['cohort']!r} is not a year listed "
                                    "in wilayah/angkatan.yaml"))
            continue
        if row["status"] not in STATUSES:
            problems.append(Problem(name, line, f"status must be one of {', '.join(STATUSES)}"))
            continue
        sources = tuple(s.strip() for s in row["source"].split(";") if s.strip())
        if not sources or not all(s.startswith(("http://", "https://")) for s in sources):
            problems.append(Problem(name, line, "source must hold one or more URLs separated "
                                    "by ';'"))
            continue
        result[key].append(Participation(int(row["cohort"]), row["status"], row["note"],
                                         sources))
    return result


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


def _link(url: str) -> str:
    host = urlparse(url).netloc.removeprefix("www.").removeprefix("m.") or url
    return f'<a href="{escape(url)}">{escape(host)}</a>'


def _sources_html(urls: list[str], limit: int = 2) -> str:
    return ", ".join(_link(u) for u in list(dict.fromkeys(urls))[:limit])


def _cohort_phrase(region: Region) -> str:
    return "angkatan " + join_words([f"<b>{y}</b>" for y in region.cohorts])


def _notes(region: Region) -> str:
    notes = []
    for part in region.participations:
        notes.append(STATUSES[part.status].format(tahun=part.cohort))
        if "KPPN " in part.note:
            area = part.note.split("KPPN ", 1)[1].split(";")[0].split(" buffer")[0].strip()
            notes.append(f" Pada {part.cohort}, daerah ini ikut lewat kawasan pariwisata "
                         f"prioritas {escape(area)}.")
        elif "IKN" in part.note:
            notes.append(f" Pada {part.cohort}, daerah ini ikut sebagai bagian kawasan Ibu "
                         "Kota Negara (IKN).")
    return "".join(dict.fromkeys(notes))


def build_region_entries(data: RegionData) -> list[Entry]:
    """Generate daerah.*, provinsi.* and angkatan.* entries from the region data."""
    entries: list[Entry] = []
    t = data.templates
    incomplete = data.incomplete_cohorts()
    by_province: dict[str, list[Region]] = defaultdict(list)
    for region in data.regions.values():
        if region.participations:
            by_province[region.province].append(region)
            urls = [u for p in region.participations for u in p.sources]
            answer = t["daerah_peserta"].format(
                nama=escape(region.display), provinsi=escape(region.province),
                angkatan=_cohort_phrase(region), catatan=_notes(region),
                sumber=_sources_html(urls))
            sources = tuple(Source(u, "2026-11-27") for u in dict.fromkeys(urls))
        else:
            answer = t["daerah_belum_tercatat"].format(
                nama=escape(region.display), provinsi=escape(region.province),
                tanggal_data=escape(data.data_date), angkatan_belum_lengkap=incomplete,
                sumber=_link(REGION_LIST_SOURCE.url))
            sources = (REGION_LIST_SOURCE,)
        entries.append(Entry(region.id, region.display, answer, sources=sources,
                             kind=EntryKind.REGION, file="knowledge/wilayah/kabupaten_kota.csv"))
    for province in data.provinces:
        entries.append(_province_entry(data, province, by_province.get(province, []),
                                       incomplete))
    for cohort in data.cohorts.values():
        entries.append(_cohort_entry(data, cohort))
    return entries


def _province_entry(data: RegionData, province: str, members: list[Region],
                    incomplete: str) -> Entry:
    note = ""
    if province in data.smart_provinces:
        note = (f"\n\nSelain itu, Provinsi {escape(province)} adalah perintis <b>Smart "
                "Province</b> sejak angkatan 2023.")
    if members:
        lines = [f"• {escape(r.display)} ({', '.join(str(y) for y in r.cohorts)})"
                 for r in sorted(members, key=lambda r: (r.cohorts, r.display))]
        urls = [u for r in members for p in r.participations for u in p.sources]
        answer = data.templates["provinsi"].format(
            provinsi=escape(province), jumlah=len(members), daftar="\n".join(lines),
            catatan=note, sumber=_sources_html(urls))
        sources = tuple(Source(u, "2026-11-27") for u in dict.fromkeys(urls))
    else:
        answer = data.templates["provinsi_kosong"].format(
            provinsi=escape(province), tanggal_data=escape(data.data_date),
            angkatan_belum_lengkap=incomplete, catatan=note,
            sumber=_link(REGION_LIST_SOURCE.url))
        sources = (REGION_LIST_SOURCE,)
    return Entry(province_id(province), f"Peserta di {province}"[:60], answer,
                 sources=sources, kind=EntryKind.PROVINCE, related=(known_ids.REGION_LIST,),
                 file="knowledge/wilayah/kabupaten_kota.csv")


def _cohort_entry(data: RegionData, cohort: Cohort) -> Entry:
    members = [r for r in data.regions.values() if cohort.year in r.cohorts]
    grouped: dict[str, list[str]] = defaultdict(list)
    for region in sorted(members, key=lambda r: (r.province, r.display)):
        short = region.display.replace("Kabupaten ", "Kab. ")
        grouped[region.province].append(escape(short))
    lines = [f"• <b>{escape(p)}</b>: {', '.join(names)}" for p, names in sorted(grouped.items())]
    note = "" if cohort.complete else (
        f"\n\nDaftar angkatan {cohort.year} dalam data kami belum lengkap; daerah yang tidak "
        "tercantum belum tentu bukan peserta.")
    answer = data.templates["angkatan"].format(
        tahun=cohort.year, ringkasan=escape(cohort.summary), jumlah=len(members),
        ukuran=cohort.size, daftar="\n".join(lines), catatan=note,
        sumber=_sources_html([s.url for s in cohort.sources]))
    return Entry(known_ids.cohort_id(cohort.year), f"Peserta angkatan {cohort.year}", answer,
                 sources=cohort.sources, kind=EntryKind.COHORT, related=(known_ids.HISTORY,),
                 file="knowledge/wilayah/angkatan.yaml")
