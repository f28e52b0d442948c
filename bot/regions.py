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
from bot.knowledge_schema import SOURCES_FIX, Fields
from bot.knowledge_types import Entry, EntryKind, Source
from bot.telegram_html import check_html, escape
from bot.yaml_source import (
    LineDict,
    Problem,
    display_name,
    item_line,
    key_line,
    load_csv,
    load_yaml,
)

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
    meta_path = folder / "angkatan.yaml"
    meta = load_yaml(meta_path, root, problems)
    meta_fields = Fields(meta, display_name(meta_path, root), problems)
    meta_fields.unknown(("data_date", "cohorts", "smart_provinces"))
    cohorts = _load_cohorts(meta_fields)
    data_date = meta_fields.text("data_date", "tulis sampai kapan data peserta dihimpun, "
                                 "misalnya \"2025\"") or ""
    smart_provinces = meta_fields.texts("smart_provinces", "tulis satu nama provinsi per "
                                        "baris, persis seperti di kabupaten_kota.csv",
                                        noun="provinsi") or ()
    for province in smart_provinces:
        if province not in provinces:
            meta_fields.report(meta_fields.line_of("smart_provinces"), f"provinsi {province!r} "
                               "tidak ada di kabupaten_kota.csv", "tulis nama provinsi persis "
                               "seperti di kabupaten_kota.csv")
    participations = _load_participants(root, regions, cohorts, problems)
    for key, items in participations.items():
        region = regions[key]
        regions[key] = Region(region.name, region.type, region.province, region.code,
                              tuple(sorted(items, key=lambda p: p.cohort)))
    aliases = _load_aliases(root, regions, provinces, problems)
    templates = _load_templates(root, problems)
    if len(problems) > start:
        return None
    return RegionData(regions=regions, provinces=tuple(provinces), cohorts=cohorts,
                      aliases=aliases, templates=templates, data_date=data_date,
                      smart_provinces=tuple(smart_provinces))


COHORT_KEYS = ("year", "size", "complete", "summary", "sources")


def _load_cohorts(meta: Fields) -> dict[int, Cohort]:
    """The `cohorts` list of angkatan.yaml, every field read by its type."""
    cohorts: dict[int, Cohort] = {}
    items = meta.raw.get("cohorts")
    if not isinstance(items, list):
        meta.report(meta.line_of("cohorts"), "'cohorts' harus berupa daftar angkatan",
                    "setiap angkatan diawali '- year: TTTT' (lihat angkatan lain sebagai contoh)")
        return cohorts
    for index, item in enumerate(items):
        year_text = item.get("year") if isinstance(item, dict) else None
        fields = Fields(item, meta.file, meta.problems, label=f"angkatan {year_text or '?'}")
        if not isinstance(item, dict):
            fields.report(item_line(items, index), f"butir ke-{index + 1} bukan angkatan",
                          "tulis year, size, complete, summary, dan sources")
            continue
        fields.unknown(COHORT_KEYS)
        year = fields.integer("year", "tulis tahun angkatan, misalnya 2024", minimum=2000)
        size = fields.integer("size", "tulis jumlah resmi daerah peserta angkatan ini",
                              minimum=1)
        complete = fields.boolean("complete", "tulis true bila daftar peserta angkatan ini di "
                                  "peserta.csv sudah lengkap menurut sumber, false bila belum")
        summary = fields.text("summary", "tulis ringkasan satu atau dua kalimat")
        sources = fields.sources("sources", SOURCES_FIX)
        if year is not None and year in cohorts:
            fields.report(fields.line_of("year"), f"angkatan {year} tercantum dua kali",
                          "hapus atau gabungkan salah satunya")
            continue
        if year is None or size is None or complete is None or summary is None or \
                sources is None:
            continue
        cohorts[year] = Cohort(year, size, complete, summary, sources)
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
            problems.append(Problem(name, line, f"{row['type']} {row['name']!r} tidak ada di "
                                    "kabupaten_kota.csv", "periksa ejaan nama dan jenisnya "
                                    "(kota atau kabupaten)"))
            continue
        if row["province"] != region.province:
            problems.append(Problem(name, line, f"provinsi {row['province']!r} berbeda dengan "
                                    f"kabupaten_kota.csv ({region.province!r})",
                                    "tulis provinsinya persis seperti di kabupaten_kota.csv"))
        if not row["cohort"].isdigit() or int(row["cohort"]) not in cohorts:
            problems.append(Problem(name, line, f"angkatan {row['cohort']!r} tidak ada di "
                                    "wilayah/angkatan.yaml", "tulis tahun angkatan yang "
                                    "tercantum di angkatan.yaml"))
            continue
        if row["status"] not in STATUSES:
            problems.append(Problem(name, line, f"status {row['status']!r} tidak dikenal",
                                    f"tulis salah satu dari: {', '.join(STATUSES)}"))
            continue
        sources = tuple(s.strip() for s in row["source"].split(";") if s.strip())
        if not sources or not all(s.startswith(("http://", "https://")) for s in sources):
            problems.append(Problem(name, line, "kolom source kosong atau bukan alamat web",
                                    "tulis satu atau beberapa alamat https://..., dipisah "
                                    "titik koma (;)"))
            continue
        result[key].append(Participation(int(row["cohort"]), row["status"], row["note"],
                                         sources))
    return result


def _load_aliases(root: Path, regions: dict[tuple[str, str], Region], provinces: list[str],
                  problems: list[Problem]) -> dict[str, tuple[str, str]]:
    path = root / "wilayah" / "alias.yaml"
    name = display_name(path, root)
    data = load_yaml(path, root, problems)
    if data is None:
        return {}
    fields = Fields(data, name, problems)
    fields.unknown(("aliases",))
    items = fields.raw.get("aliases")
    if not isinstance(items, LineDict):
        fields.report(fields.line_of("aliases"), "'aliases' harus berisi pasangan nama lain "
                      "dan tujuannya", "tulis satu per baris, misalnya  solo: kota Surakarta")
        return {}
    aliases: dict[str, tuple[str, str]] = {}
    lower_provinces = {p.lower(): p for p in provinces}
    for alias, target in items.items():
        kind, _, target_name = target.partition(" ") if isinstance(target, str) else ("", "", "")
        kind = kind.lower()
        ok = ((kind in ("kota", "kabupaten") and (kind, target_name.lower()) in regions)
              or (kind == "provinsi" and target_name.lower() in lower_provinces))
        if not ok:
            problems.append(Problem(name, key_line(items, alias), f"alias {alias!r}: tujuan "
                                    f"{target!r} tidak dikenal", "tulis 'kota NAMA', "
                                    "'kabupaten NAMA', atau 'provinsi NAMA' dengan NAMA persis "
                                    "seperti di kabupaten_kota.csv"))
            continue
        if kind == "provinsi":
            target_name = lower_provinces[target_name.lower()]
        aliases[alias.lower()] = (kind, target_name)
    return aliases


def _load_templates(root: Path, problems: list[Problem]) -> dict[str, str]:
    path = root / "templat.yaml"
    name = display_name(path, root)
    data = load_yaml(path, root, problems)
    if data is None:
        return {}
    fields = Fields(data, name, problems)
    fields.unknown(("templates",))
    templates = fields.raw.get("templates")
    if not isinstance(templates, LineDict):
        fields.report(fields.line_of("templates"), "'templates' harus berisi templat jawaban",
                      "pulihkan berkas ini dari riwayat versi (git)")
        return {}
    for key in templates:
        if key not in TEMPLATE_FIELDS:
            problems.append(Problem(name, key_line(templates, key), f"templat {key!r} tidak "
                                    "dikenal", f"yang dikenal: {', '.join(TEMPLATE_FIELDS)}"))
    for key, allowed in TEMPLATE_FIELDS.items():
        text = templates.get(key)
        line = key_line(templates, key, fields.line_of("templates"))
        if not isinstance(text, str) or not text.strip():
            problems.append(Problem(name, line, f"templat {key!r} tidak ada atau kosong",
                                    "pulihkan templat itu dari riwayat versi (git)"))
            continue
        unknown = set(_PLACEHOLDER_RE.findall(text)) - allowed
        if unknown:
            problems.append(Problem(name, line, f"templat {key!r} memakai isian yang tidak "
                                    f"dikenal: {', '.join(sorted(unknown))}",
                                    f"isian yang boleh: {', '.join(sorted(allowed))}"))
            continue
        sample = text.format(**{f: "x" for f in allowed})
        for reason in check_html(sample, indonesian=True):
            problems.append(Problem(name, line, f"templat {key!r} bukan HTML Telegram yang sah "
                                    f"({reason})", "pakai hanya <b>, <i>, dan <a href=\"...\">,"
                                    " dan tutup setiap tag"))
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
