"""The YAML half of the region data: cohorts (`wilayah/angkatan.yaml`), aliases, templates.

Each field is read through the schema (`bot.knowledge_schema`): `complete` is true or false
and nothing else (`complete: tidak` once read as true and hid "belum lengkap"), years and
sizes are whole numbers, dates are real dates, and every problem names its line.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.knowledge_schema import SOURCES_FIX, Fields
from bot.knowledge_types import Source
from bot.telegram_html import check_html
from bot.yaml_source import LineDict, Problem, display_name, item_line, key_line, load_yaml

TEMPLATE_FIELDS = {
    "daerah_peserta": {"nama", "provinsi", "angkatan", "catatan"},
    "daerah_belum_tercatat": {"nama", "provinsi", "tanggal_data", "angkatan_belum_lengkap"},
    "provinsi": {"provinsi", "jumlah", "daftar", "catatan"},
    "provinsi_kosong": {"provinsi", "tanggal_data", "angkatan_belum_lengkap", "catatan"},
    "angkatan": {"tahun", "ringkasan", "hitungan", "daftar", "catatan"},
    "nama_sama": {"nama", "jumlah", "daftar"},
    "ringkas_peserta": {"nama", "provinsi", "angkatan"},
    "ringkas_belum_tercatat": {"nama", "provinsi"},
    "kawasan": {"angkatan", "daftar", "catatan"},
    "kawasan_peserta": {"kawasan", "angkatan", "daftar"},
    "kawasan_jumlah": {"angkatan", "daftar"},
}
META_KEYS = ("data_date", "roster_sources", "cohorts", "smart_provinces",
             "smart_province_sources")
COHORT_KEYS = ("year", "size", "complete", "summary", "sources")
_PLACEHOLDER_RE = re.compile(r"{([^{}]*)}")


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
class CohortFile:
    """What `angkatan.yaml` says: the cohorts and the facts about the roster as a whole."""

    cohorts: dict[int, Cohort]
    data_date: str
    roster_sources: tuple[Source, ...]
    smart_provinces: tuple[str, ...]
    smart_province_sources: tuple[Source, ...]


def _read(path: Path, root: Path, problems: list[Problem]) -> Fields | None:
    """A YAML file's top-level fields; None when the file itself is broken (reported)."""
    before = len(problems)
    data = load_yaml(path, root, problems)
    return None if len(problems) > before else Fields(data, display_name(path, root), problems)


def load_cohort_file(root: Path, provinces: Container[str],
                     problems: list[Problem]) -> CohortFile:
    """Read `wilayah/angkatan.yaml`, checking every field against the schema."""
    meta = _read(root / "wilayah" / "angkatan.yaml", root, problems)
    if meta is None:
        return CohortFile({}, "", (), (), ())
    meta.unknown(META_KEYS)
    data_date = meta.date("data_date", "tanggal data peserta terakhir dihimpun") or ""
    roster_sources = meta.sources("roster_sources", SOURCES_FIX) or ()
    smart_sources = () if "smart_province_sources" not in meta.raw else \
        meta.sources("smart_province_sources", SOURCES_FIX) or ()
    smart_provinces = meta.texts("smart_provinces", "tulis satu nama provinsi per baris, "
                                 "persis seperti di kabupaten_kota.csv", noun="provinsi") or ()
    for province in smart_provinces:
        if province not in provinces:
            meta.report(meta.line_of("smart_provinces"), f"provinsi {province!r} tidak ada di "
                        "kabupaten_kota.csv", "tulis nama provinsinya persis seperti di "
                        "kabupaten_kota.csv")
    return CohortFile(_cohorts(meta), data_date, roster_sources, tuple(smart_provinces),
                      smart_sources)


def _cohorts(meta: Fields) -> dict[int, Cohort]:
    """The `cohorts` list, every field read by its type."""
    cohorts: dict[int, Cohort] = {}
    items = meta.raw.get("cohorts")
    if not isinstance(items, list):
        meta.report(meta.line_of("cohorts"), "'cohorts' harus berupa daftar angkatan",
                    "setiap angkatan diawali '- year: TTTT' (lihat angkatan lain sebagai contoh)")
        return cohorts
    for index, item in enumerate(items):
        year_text = item.get("year") if isinstance(item, dict) else None
        fields = Fields(item, meta.file, meta.problems, label=f"angkatan {year_text or '?'}")
        if not isinstance(item, LineDict):
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
        elif year is not None and size is not None and complete is not None and \
                summary is not None and sources is not None:
            cohorts[year] = Cohort(year, size, complete, summary, sources, fields.line)
    return cohorts


def load_aliases(root: Path, regions: Container[tuple[str, str]], provinces: list[str],
                 problems: list[Problem]) -> tuple[dict[str, tuple[str, str]],
                                                   dict[tuple[str, str], str]]:
    """`wilayah/alias.yaml`: aliases, and official spellings of roster names.

    An alias maps to ("kota"|"kabupaten"|"provinsi", official name); `ejaan_resmi` gives the
    name as answers write it where the roster joins it ("kota Palangkaraya: Palangka Raya").
    """
    fields = _read(root / "wilayah" / "alias.yaml", root, problems)
    if fields is None:
        return {}, {}
    fields.unknown(("aliases", "ejaan_resmi"))
    items = fields.raw.get("aliases")
    if not isinstance(items, LineDict):
        fields.report(fields.line_of("aliases"), "'aliases' harus berisi pasangan nama lain "
                      "dan tujuannya", "tulis satu per baris, misalnya  solo: kota Surakarta")
        return {}, {}
    aliases: dict[str, tuple[str, str]] = {}
    lower_provinces = {p.lower(): p for p in provinces}
    for alias, target in items.items():
        kind, _, name = target.partition(" ") if isinstance(target, str) else ("", "", "")
        kind = kind.lower()
        if not ((kind in ("kota", "kabupaten") and (kind, name.lower()) in regions)
                or (kind == "provinsi" and name.lower() in lower_provinces)):
            fields.report(key_line(items, alias), f"alias {alias!r}: tujuan {target!r} tidak "
                          "dikenal", "tulis 'kota NAMA', 'kabupaten NAMA', atau 'provinsi "
                          "NAMA' dengan NAMA persis seperti di kabupaten_kota.csv")
            continue
        aliases[alias.lower()] = (kind, lower_provinces[name.lower()]
                                  if kind == "provinsi" else name)
    return aliases, _spellings(fields, regions)


def _spellings(fields: Fields, regions: Container[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """`ejaan_resmi`: "kota NAMA" as in kabupaten_kota.csv -> the name as answers write it."""
    items = fields.raw.get("ejaan_resmi") or LineDict()
    spellings: dict[tuple[str, str], str] = {}
    if not isinstance(items, LineDict):
        fields.report(fields.line_of("ejaan_resmi"), "'ejaan_resmi' harus berisi pasangan "
                      "daerah dan ejaan resminya", "tulis satu per baris, misalnya  kota "
                      "Palangkaraya: Palangka Raya")
        return spellings
    for region, written in items.items():
        kind, _, name = str(region).partition(" ")
        key = (kind.lower(), name.lower())
        if key not in regions or not isinstance(written, str) or \
                written.replace(" ", "").lower() != name.replace(" ", "").lower():
            fields.report(key_line(items, region), f"ejaan resmi {region!r}: daerah tidak "
                          "dikenal atau ejaannya bukan nama yang sama", "tulis 'kota NAMA: "
                          "Nama Resmi' dengan NAMA persis seperti di kabupaten_kota.csv dan "
                          "nama resmi yang hanya berbeda spasi")
            continue
        spellings[key] = written
    return spellings


def load_templates(root: Path, problems: list[Problem]) -> dict[str, str]:
    """`templat.yaml`: each template present, with known placeholders and valid HTML."""
    fields = _read(root / "templat.yaml", root, problems)
    if fields is None:
        return {}
    fields.unknown(("templates",))
    templates: Any = fields.raw.get("templates")
    if not isinstance(templates, LineDict):
        fields.report(fields.line_of("templates"), "'templates' harus berisi templat jawaban",
                      "pulihkan berkas ini dari riwayat versi (git)")
        return {}
    for key in templates:
        if key not in TEMPLATE_FIELDS:
            fields.report(key_line(templates, key), f"templat {key!r} tidak dikenal",
                          f"yang dikenal: {', '.join(TEMPLATE_FIELDS)}")
    for key, allowed in TEMPLATE_FIELDS.items():
        text = templates.get(key)
        line = key_line(templates, key, fields.line_of("templates"))
        if not isinstance(text, str) or not text.strip():
            fields.report(line, f"templat {key!r} tidak ada atau kosong",
                          "pulihkan templat itu dari riwayat versi (git)")
            continue
        unknown = set(_PLACEHOLDER_RE.findall(text)) - allowed
        if unknown:
            fields.report(line, f"templat {key!r} memakai isian yang tidak dikenal: "
                          f"{', '.join(sorted(unknown))}",
                          f"isian yang boleh: {', '.join(sorted(allowed))}")
            continue
        for reason in check_html(text.format(**dict.fromkeys(allowed, "x")), indonesian=True):
            fields.report(line, f"templat {key!r} bukan HTML Telegram yang sah ({reason})",
                          "pakai hanya <b>, <i>, dan <a href=\"...\">, dan tutup setiap tag")
    return {k: str(v) for k, v in templates.items()}
