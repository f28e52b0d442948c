"""Region, province and cohort answers say what the roster says, doubts included.

Assertions are made against the roster data (its rows, statuses and sources), never against
sentences copied from the templates.
"""

from __future__ import annotations

import re

import pytest

from bot import browse
from bot.citation import site_name
from bot.matcher import Matcher
from bot.region_answers import TAGS, UNKNOWN_COHORT_TEXT
from bot.regions import (
    COHORT_UNKNOWN,
    DISPUTED,
    INFERRED,
    PROBABLY_WRONG,
    UNCERTAIN,
    Region,
    RegionData,
    province_id,
)
from bot.telegram_html import visible_text

COUNT_RE = re.compile(r"(\d+) dari (\d+) daerah")


@pytest.fixture(scope="module")
def data(matcher: Matcher) -> RegionData:
    return matcher.kb.regions


def _text(matcher: Matcher, entry_id: str) -> str:
    """What the citizen reads, without the sources line."""
    entry = matcher.entry(entry_id)
    assert entry is not None, entry_id
    return visible_text(matcher.render(entry, footer=False))


def _rows(data: RegionData, status: str) -> list[tuple[Region, object]]:
    return [(r, p) for r in data.regions.values() for p in r.participations
            if p.status == status]


def _list_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("• ")]


def test_the_roster_has_each_kind_of_doubt(data: RegionData) -> None:
    for status in (DISPUTED, INFERRED, UNCERTAIN, PROBABLY_WRONG, COHORT_UNKNOWN):
        assert _rows(data, status), status


def test_a_disputed_cohort_names_each_year_with_its_sources_once(matcher: Matcher,
                                                                 data: RegionData) -> None:
    banyumas = data.regions[("kabupaten", "banyumas")]
    disputed = [p for p in banyumas.participations if p.status == DISPUTED]
    assert sorted(p.cohort for p in disputed) == [2018, 2019]
    text = _text(matcher, banyumas.id)
    for part in disputed:
        assert str(part.cohort) in text
        for url in part.sources:
            assert text.count(site_name(url)) == 1, site_name(url)
    assert "2018 dan 2019" not in text  # never both years as if both were true
    for region, part in _rows(data, DISPUTED):
        others = [y for y in region.cohorts if y != part.cohort]
        page = _text(matcher, f"angkatan.{part.cohort}")
        line = next(line for line in _list_lines(page) if region.display.split()[-1] in line)
        assert all(str(y) in line for y in others), (region.id, line)


def test_a_report_we_think_wrong_is_named_on_the_region_page_only(matcher: Matcher,
                                                                 data: RegionData) -> None:
    kotamobagu = data.regions[("kota", "kotamobagu")]
    assert [p.cohort for p in kotamobagu.participations if p.status == PROBABLY_WRONG] == [2018]
    assert kotamobagu.cohorts == (2023,)
    for region, part in _rows(data, PROBABLY_WRONG):
        listed = "\n".join(_list_lines(_text(matcher, f"angkatan.{part.cohort}")))
        assert region.name not in listed, (region.id, part.cohort)
        province = "\n".join(_list_lines(_text(matcher, province_id(region.province))))
        assert f"{part.cohort}" not in next(
            line for line in province.splitlines() if region.display in line)
        text = _text(matcher, region.id)
        assert str(part.cohort) in text
        assert all(site_name(u) in text for u in part.sources)
    assert "Kotamobagu" in "\n".join(_list_lines(_text(matcher, "angkatan.2023")))


def test_a_participant_with_unknown_cohort_is_not_called_unrecorded(matcher: Matcher,
                                                                   data: RegionData) -> None:
    padang_panjang = data.regions[("kota", "padang panjang")]
    assert [p.status for p in padang_panjang.participations] == [COHORT_UNKNOWN]
    unrecorded = _text(matcher, "daerah.kota-ternate")
    for region, part in _rows(data, COHORT_UNKNOWN):
        text = _text(matcher, region.id)
        assert UNKNOWN_COHORT_TEXT in text
        assert "belum tercatat" not in text and "belum tercatat" in unrecorded
        assert part.note.rstrip(".") in text
        province = _text(matcher, province_id(region.province))
        assert f"{region.display} ({UNKNOWN_COHORT_TEXT})" in province


def test_regions_whose_innovation_is_cited_are_recorded_participants(
        matcher: Matcher, data: RegionData) -> None:
    text = _text(matcher, "program.contoh-inovasi")
    named = re.findall(r"(Kota|Kab\.) ([A-Z][a-z]+(?: [A-Z][a-z]+)*)", text)
    assert named
    for kind, name in named:
        key = ("kota" if kind == "Kota" else "kabupaten", name.lower())
        assert data.regions[key].is_participant, name


def test_uncertain_and_inferred_rows_are_marked(matcher: Matcher, data: RegionData) -> None:
    assert any(r.name == "Flores Timur" and p.cohort == 2024
               for r, p in _rows(data, UNCERTAIN))
    for status in (UNCERTAIN, INFERRED):
        for region, part in _rows(data, status):
            assert f"{part.cohort} ({TAGS[status]})" in _text(matcher, region.id)
            line = next(line for line in _list_lines(_text(matcher, f"angkatan.{part.cohort}"))
                        if region.province in line)
            assert re.search(rf"{re.escape(region.name)} \({TAGS[status]}\)", line), line


def test_cohort_pages_never_count_more_than_the_cohort_had(matcher: Matcher,
                                                           data: RegionData) -> None:
    for year, cohort in data.cohorts.items():
        text = _text(matcher, f"angkatan.{year}")
        listed, size = (int(n) for n in COUNT_RE.search(text).groups())  # type: ignore[union-attr]
        assert size == cohort.size
        assert listed <= size, year
        members = data.members(year)
        names = sum(len(line.split(":", 1)[1].split(", ")) for line in _list_lines(text))
        assert names == len(members), year
        extra = len(members) - size
        if extra > 0:  # more names than places: the extra ones are marked uncertain
            assert text.count(f"({TAGS[UNCERTAIN]})") >= extra + (listed < size), year
        if any(p.status == INFERRED for _, p in members):
            assert f"({TAGS[INFERRED]})" in text


def test_incomplete_cohorts_say_so_and_an_unrecorded_region_lists_them(
        matcher: Matcher, data: RegionData) -> None:
    incomplete = [y for y, c in data.cohorts.items() if not c.complete]
    assert incomplete
    for year, cohort in data.cohorts.items():
        listed = len(data.members(year))
        assert (listed >= cohort.size) == cohort.complete, year  # complete means all there
    unrecorded = _text(matcher, "daerah.kota-ternate")
    for year in incomplete:
        assert "belum lengkap" in _text(matcher, f"angkatan.{year}")
        assert str(year) in unrecorded
    assert re.search(r"\d{4}, \d{4}, dan \d{4}", unrecorded)  # serial comma (EYD)


def test_the_cohort_buttons_never_claim_more_than_the_size(data: RegionData) -> None:
    labels = [b.text for row in browse.cohort_list(data).buttons for b in row
              if b.text.startswith("Angkatan")]
    assert len(labels) == len(data.cohorts)
    for label, (year, cohort) in zip(labels, sorted(data.cohorts.items()), strict=True):
        listed, size = (int(n) for n in re.findall(r"\d+", label)[1:3])
        assert (size, str(year)) == (cohort.size, label.split()[1]) and listed <= size


def test_jogja_is_the_city_and_mentions_the_smart_province_pilot(matcher: Matcher,
                                                                 data: RegionData) -> None:
    result = matcher.match("jogja ikut smart city?")
    assert result.entry_id == "daerah.kota-yogyakarta"
    city = data.regions[("kota", "yogyakarta")]
    assert city.province in data.smart_provinces
    assert "Smart Province" in visible_text(result.answer)
    cited = {s.url for s in matcher.entry(result.entry_id).sources}
    assert {s.url for s in data.smart_province_sources} <= cited


def test_a_region_outside_the_pilot_provinces_does_not_mention_it(matcher: Matcher,
                                                                  data: RegionData) -> None:
    outside = next(r for r in data.regions.values() if r.province not in data.smart_provinces)
    assert "Smart Province" not in visible_text(matcher.render(matcher.entry(outside.id)))


def test_an_official_spelling_is_how_answers_write_the_name(matcher: Matcher,
                                                           data: RegionData) -> None:
    """The roster's "Palangkaraya" is written "Palangka Raya"; its id and lookup stay."""
    spelled = [r for r in data.regions.values() if r.spelling]
    assert spelled
    for region in spelled:
        assert region.spelling != region.name
        assert region.display.endswith(region.spelling)
        assert region.display in _text(matcher, region.id)
        found = matcher.match(f"{region.spelling.lower()} ikut smart city?")
        assert found.entry_id == region.id
        assert matcher.match(f"{region.name.lower()} ikut smart city?").entry_id == region.id
        for year in region.cohorts:
            assert region.display in _text(matcher, f"angkatan.{year}") or \
                region.spelling in _text(matcher, f"angkatan.{year}")


def test_a_cohort_list_gives_its_names_before_its_caveats() -> None:
    from pathlib import Path

    from bot.knowledge import load_knowledge
    kb = load_knowledge(Path(__file__).resolve().parent.parent / "knowledge")
    answer = kb.entries["angkatan.2022"].answer
    last_name = answer.rindex("• ")
    caveat = answer.index("Catatan:")
    assert caveat > last_name  # the names come first
    assert "perkiraan" in answer[caveat:] and "belum lengkap" in answer[caveat:]
    assert "perkiraan" not in answer[:answer.index("• ")]
