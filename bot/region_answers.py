"""Generated answers for every kabupaten/kota, province and cohort, honest about the data.

Each claim cites its own sources: a region answer cites the rows of that region, a province or
cohort list links every year or name to the source of that row, and a region missing from the
roster cites the roster's own sources. Doubt is said in plain words, once: a disputed year
names which sources say what, an inferred year is called an estimate, an uncertain row is
called uncertain, a report we think is wrong is mentioned on the region's page but never
listed or counted, and a cohort page never counts more sure members than the cohort had.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from bot import known_ids
from bot.citation import ROSTER_LABEL, indonesian_date, site_name
from bot.cohort_notes import count_sentence, doubt_note
from bot.knowledge_types import Entry, EntryKind, Source
from bot.regions import (
    DISPUTED,
    INFERRED,
    PROBABLY_WRONG,
    UNCERTAIN,
    Cohort,
    Participation,
    Region,
    RegionData,
    join_words,
    province_id,
)
from bot.telegram_html import escape

TAGS = {INFERRED: "perkiraan", UNCERTAIN: "belum pasti"}
# EYD writes a number of one or two words in letters: "dua daerah", not "2 daerah"
NUMBER_WORDS = {2: "dua", 3: "tiga", 4: "empat", 5: "lima"}
UNKNOWN_COHORT_TEXT = "angkatan belum diketahui"
REGION_FILE = "knowledge/wilayah/peserta.csv"


def link(url: str, text: str) -> str:
    """`text` (already escaped) as a link to `url`."""
    return f'<a href="{escape(url)}">{text}</a>'


def sites(urls: Iterable[str]) -> str:
    """'antaranews.com dan solopos.com': the sites of some pages, each once."""
    return join_words([escape(s) for s in dict.fromkeys(site_name(u) for u in urls)])


def _sentence(text: str) -> str:
    """Admin text as one sentence: escaped, ending with exactly one full stop."""
    text = escape(text.strip())
    return text if not text or text[-1] in ".!?" else text + "."


def _disputed(region: Region) -> list[Participation]:
    """Rows of a year conflict, when the region has a row for each claimed year."""
    rows = [p for p in region.claims if p.status == DISPUTED]
    return rows if len(rows) > 1 else []


def _years(region: Region, render: Callable[[Participation], str]) -> list[str]:
    """One rendered item per listed year, disputed years joined by 'atau', in year order."""
    disputed = _disputed(region)
    items: list[tuple[int, str]] = []
    for part in region.claims:
        if part.cohort is not None and part not in disputed:
            items.append((part.cohort, render(part)))
    if disputed:
        items.append((disputed[0].cohort or 0,
                      join_words([render(p) for p in disputed], "atau")))
    return [text for _, text in sorted(items)]


def _tagged_year(part: Participation) -> str:
    tag = f" ({TAGS[part.status]})" if part.status in TAGS else ""
    return f"<b>{part.cohort}</b>{tag}"


def cohort_phrase(region: Region) -> str:
    """'angkatan <b>2017</b> dan <b>2021</b>', '... <b>2018</b> atau <b>2019</b>', or unknown."""
    years = _years(region, _tagged_year)
    return f"angkatan {join_words(years)}" if years else f"({UNKNOWN_COHORT_TEXT})"


def region_notes(region: Region) -> str:
    """The sentences after a participant's cohort: areas, conflicts, doubts and notes."""
    sentences: list[str] = []
    for part in region.claims:
        if part.area == "IKN":
            sentences.append(f"Pada {part.cohort}, daerah ini ikut sebagai bagian kawasan Ibu "
                             "Kota Negara (IKN).")
        elif part.area:
            sentences.append(f"Pada {part.cohort}, daerah ini ikut lewat kawasan pariwisata "
                             f"prioritas {escape(part.area)}.")
    disputed = _disputed(region)
    if disputed:
        claims = "; ".join(f"menurut {sites(p.sources)}, angkatan {p.cohort}"
                           for p in disputed)
        sentences.append(f"Sumber berbeda pendapat tentang angkatannya: {claims}.")
    for part in region.participations:
        if part.status == DISPUTED and not disputed:
            sentences.append("Sumber berbeda pendapat tentang angkatannya.")
        elif part.status == INFERRED:
            sentences.append(f"Tahun {part.cohort} adalah perkiraan kami: sumbernya menyebut "
                             "daerah ini ikut program, tetapi tidak menyebut tahunnya secara "
                             "langsung.")
        elif part.status == PROBABLY_WRONG:
            who = "Satu laporan" if len(part.sources) == 1 else "Beberapa laporan"
            sentences.append(f"{who} ({sites(part.sources)}) menyebut daerah ini ikut "
                             f"angkatan {part.cohort}, tetapi kemungkinan keliru.")
        if part.note:
            sentences.append(_sentence(part.note))
    return "".join(f" {s}" for s in dict.fromkeys(sentences))


def _region_entry(data: RegionData, region: Region, incomplete: str) -> Entry:
    t = data.templates
    if region.is_participant:
        answer = t["daerah_peserta"].format(
            nama=escape(region.display), provinsi=escape(region.province),
            angkatan=cohort_phrase(region), catatan=region_notes(region))
        urls = dict.fromkeys(u for p in region.participations for u in p.sources)
        sources = tuple(Source(u, data.data_date) for u in urls)
    else:
        answer = t["daerah_belum_tercatat"].format(
            nama=escape(region.display), provinsi=escape(region.province),
            tanggal_data=indonesian_date(data.data_date), angkatan_belum_lengkap=incomplete)
        sources = data.roster_sources
    label = "Sumber" if region.is_participant else ROSTER_LABEL
    if region.province in data.smart_provinces:
        # "jogja" is the city, but a citizen may mean the province: say what it is part of
        answer += (f"\n\nProvinsinya, {escape(region.province)}, juga perintis <b>Smart "
                   "Province</b> sejak angkatan 2023.")
        sources += data.smart_province_sources
    return Entry(region.id, region.display, answer, sources=sources, updated=data.data_date,
                 kind=EntryKind.REGION, file=REGION_FILE, related=_next_steps(region),
                 sources_label=label)


def _next_steps(region: Region) -> tuple[str, ...]:
    """Buttons under a region answer: its province's participants, its cohort, or how to join.

    A participant's neighbours and cohort are the natural next questions; for a region not
    recorded, how a region joins is.
    """
    province = province_id(region.province)
    if not region.is_participant:
        return (known_ids.HOW_TO_JOIN, province)
    cohort = (known_ids.cohort_id(region.cohorts[0]),) if region.cohorts else ()
    return (province, *cohort, known_ids.PROGRAMME)


def summary_lines(data: RegionData, regions: list[Region]) -> list[str]:
    """One line per region: whether it takes part, in which cohort ("• Kota Bekasi ...")."""
    lines = []
    for region in regions:
        name, province = escape(region.display), escape(region.province)
        if region.is_participant:
            line = data.templates["ringkas_peserta"].format(
                nama=name, provinsi=province, angkatan=cohort_phrase(region))
        else:
            line = data.templates["ringkas_belum_tercatat"].format(nama=name, provinsi=province)
        lines.append(f"• {line}")
    return lines


def same_name_answer(data: RegionData, regions: list[Region]) -> str:
    """One answer for every region of one name ("Bekasi": the kota and the kabupaten)."""
    lines = summary_lines(data, regions)
    names = join_words([escape(n) for n in dict.fromkeys(r.written for r in regions)], "atau")
    return data.templates["nama_sama"].format(nama=names,
                                              jumlah=NUMBER_WORDS.get(len(regions),
                                                                      str(len(regions))),
                                              daftar="\n".join(lines))


def _linked_year(part: Participation) -> str:
    text = str(part.cohort) if part.cohort is not None else UNKNOWN_COHORT_TEXT
    tag = f", {TAGS[part.status]}" if part.status in TAGS else ""
    return link(part.sources[0], text) + tag


def province_line(region: Region) -> str:
    """'• Kota Semarang (2017, 2021)', each year linked to the source of that row."""
    years = _years(region, _linked_year) or [
        _linked_year(p) for p in region.claims if p.cohort is None]
    separator = "; " if any(p.status in TAGS for p in region.claims) else ", "
    return f"• {escape(region.display)} ({separator.join(years)})"


def _province_entry(data: RegionData, province: str, members: list[Region],
                    incomplete: str) -> Entry:
    note = ""
    sources = data.roster_sources
    if province in data.smart_provinces:
        note = (f"\n\nSelain itu, Provinsi {escape(province)} adalah perintis <b>Smart "
                "Province</b> sejak angkatan 2023.")
    elif data.smart_provinces:  # "kalau provinsinya?": the province itself, as honestly
        pilots = join_words([escape(p) for p in data.smart_provinces], "dan")
        note = (f"\n\nSebagai provinsi, {escape(province)} belum tercatat di Gerakan Menuju "
                f"Smart Province; perintisnya sejak 2023 adalah {pilots}.")
    if data.smart_provinces:
        sources += data.smart_province_sources
    if members:
        ordered = sorted(members, key=lambda r: (r.cohorts or (9999,), r.display))
        answer = data.templates["provinsi"].format(
            provinsi=escape(province), jumlah=len(members),
            daftar="\n".join(province_line(r) for r in ordered), catatan=note)
    else:
        answer = data.templates["provinsi_kosong"].format(
            provinsi=escape(province), tanggal_data=indonesian_date(data.data_date),
            angkatan_belum_lengkap=incomplete, catatan=note)
    return Entry(province_id(province), f"Peserta di {province}"[:60], answer,
                 sources=sources, updated=data.data_date, kind=EntryKind.PROVINCE,
                 related=(known_ids.REGION_LIST,), file=REGION_FILE, sources_label=ROSTER_LABEL)


def short_name(region: Region) -> str:
    """'Kab. Siak', 'Kota Bandung': the name as lists write it, escaped."""
    return escape(region.display.replace("Kabupaten ", "Kab. "))


def member_name(region: Region, part: Participation) -> str:
    """'Kab. Siak', linked to the source of its row, tagged as cohort lists tag doubt."""
    short = short_name(region)
    tag = f" ({TAGS[part.status]})" if part.status in TAGS else ""
    if part.status == DISPUTED:
        others = [str(y) for y in region.cohorts if y != part.cohort]
        tag = f" (juga disebut {join_words(others)})" if others else " (diperdebatkan)"
    return link(part.sources[0], short) + tag


def _cohort_entry(data: RegionData, cohort: Cohort) -> Entry:
    grouped: dict[str, list[str]] = defaultdict(list)
    for region, part in sorted(data.members(cohort.year),
                               key=lambda m: (m[0].province, m[0].display)):
        grouped[region.province].append(member_name(region, part))
    lines = [f"• <b>{escape(p)}</b>: {', '.join(names)}" for p, names in sorted(grouped.items())]
    note = doubt_note(data, cohort)
    answer = data.templates["angkatan"].format(
        tahun=cohort.year, ringkasan=escape(cohort.summary),
        hitungan=count_sentence(data, cohort), daftar="\n".join(lines), catatan=note)
    return Entry(known_ids.cohort_id(cohort.year), f"Peserta angkatan {cohort.year}", answer,
                 sources=cohort.sources, updated=data.data_date, kind=EntryKind.COHORT,
                 related=(known_ids.HISTORY,), file="knowledge/wilayah/angkatan.yaml")


def build_region_entries(data: RegionData) -> list[Entry]:
    """Generate daerah.*, provinsi.* and angkatan.* entries from the region data."""
    incomplete = data.incomplete_cohorts()
    entries: list[Entry] = []
    by_province: dict[str, list[Region]] = defaultdict(list)
    for region in data.regions.values():
        if region.is_participant:
            by_province[region.province].append(region)
        entries.append(_region_entry(data, region, incomplete))
    for province in data.provinces:
        entries.append(_province_entry(data, province, by_province.get(province, []),
                                       incomplete))
    for cohort in data.cohorts.values():
        entries.append(_cohort_entry(data, cohort))
    return entries
