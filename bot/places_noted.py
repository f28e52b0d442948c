"""Regions a citizen names beside a topic question, noted under the topic's answer.

"sebagai warga biasa, apa yg bisa sy lakukan biar kota sy jd smart city? sy tinggal di bekasi"
asks about the citizens' role; the answer is theirs when it also says that Kota Bekasi (2017)
and Kabupaten Bekasi (2022) take part. The matcher records the regions (`noted_places`), the
replies render the note with the sources of its lines (`places_note`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from bot.citation import footer
from bot.knowledge_types import Entry, EntryKind
from bot.match_result import MatchResult
from bot.places import PlacesFound
from bot.region_answers import summary_lines
from bot.regions import RegionData
from bot.telegram_html import visible_text

MAX_PLACES_NOTED = 2  # "Bekasi": the kota and the kabupaten; more is a list, not a note


def noted_places(result: MatchResult, entry: Entry | None, found: PlacesFound) -> MatchResult:
    """A topic answer with the regions its question names that the answer does not."""
    if entry is None or entry.kind is not EntryKind.TOPIC:
        return result
    answer = visible_text(entry.answer)
    named = tuple(dict.fromkeys(
        t.region.id for m in found.mentions for t in m.targets
        if t.region is not None and t.region.name not in answer))
    return replace(result, places=named[:MAX_PLACES_NOTED]) if named else result


def places_note(data: RegionData, entries: Mapping[str, Entry], places: Iterable[str]) -> str:
    """A line per region named, whether it takes part, and the sources of those lines.

    Empty when no region was named.
    """
    by_id = {region.id: region for region in data.regions.values()}
    named = [entries[i] for i in places if i in entries and i in by_id]
    if not named:
        return ""
    regions = [by_id[e.id] for e in named]
    lines = "\n".join(summary_lines(data, regions))
    if not all(region.is_participant for region in regions):  # honest about the gaps
        lines += (f"\nDaftar angkatan {data.incomplete_cohorts()} dalam data kami belum "
                  "lengkap; tanyakan kepastiannya ke Diskominfo setempat.")
    return f"<b>Daerah Anda</b>\n{lines}\n{regions_footer(data, named)}"


def regions_footer(data: RegionData, entries: Sequence[Entry]) -> str:
    """The source line of one-line region summaries: each region's own rows.

    The lines name no province, so the Smart Province sources are left out; a single label
    ("Sumber daftar peserta" when none is recorded) is kept when all regions share it.
    """
    sources = [source for entry in entries for source in entry.sources
               if source not in data.smart_province_sources]
    labels = {entry.sources_label for entry in entries}
    label = labels.pop() if len(labels) == 1 else "Sumber"
    return footer(sources, data.data_date, label)
