"""Area answers say what the roster's `area` column says: every region, its source, its doubt.

Checked on the shipped roster: the IKN topic, the tourism-area counts and the per-area page.
Assertions are made against the roster rows, never against sentences an admin wrote.
"""

from __future__ import annotations

import re

import pytest

from bot import known_ids
from bot.citation import entry_footer, site_name
from bot.knowledge_types import EntryKind
from bot.matcher import Matcher
from bot.region_answers import TAGS
from bot.regions import INFERRED, PROBABLY_WRONG, Participation, Region, RegionData
from bot.telegram_html import check_html, escape, visible_text

Row = tuple[Region, Participation]


@pytest.fixture(scope="module")
def data(matcher: Matcher) -> RegionData:
    return matcher.kb.regions


def _listed(rows: list[Row]) -> list[Row]:
    return [(r, p) for r, p in rows if p.status != PROBABLY_WRONG]


def _shown(matcher: Matcher, entry_id: str) -> tuple[str, str]:
    """The answer as sent (HTML, without the footer) and its footer."""
    entry = matcher.entry(entry_id)
    assert entry is not None, entry_id
    return matcher.render(entry, footer=False), entry_footer(entry)


def test_the_roster_records_the_ikn_area_and_a_doubted_report(data: RegionData) -> None:
    rows = data.area_rows("IKN")
    assert {r.name for r, _ in _listed(rows)} >= {"Paser", "Kutai Kartanegara", "Kutai Barat"}
    wrong = [(r, p) for r, p in rows if p.status == PROBABLY_WRONG]
    assert [(r.name, p.cohort) for r, p in wrong] == [("Penajam Paser Utara", 2021)]
    assert wrong[0][0].cohorts == (2022,)  # the year the roster does record


def test_the_ikn_answer_names_every_ikn_region_with_its_source(matcher: Matcher,
                                                                data: RegionData) -> None:
    html, footer = _shown(matcher, "program.ikn")
    text = visible_text(html)
    for region, part in _listed(data.area_rows("IKN")):
        name = region.display.replace("Kabupaten ", "Kab. ")
        assert f'href="{escape(part.sources[0])}">{name}</a>' in html, region.id
        assert str(part.cohort) in text
        assert site_name(part.sources[0]) in footer, region.id


def test_the_ikn_answer_says_a_doubted_report_with_the_year_recorded(matcher: Matcher,
                                                                    data: RegionData) -> None:
    html, footer = _shown(matcher, "program.ikn")
    text = visible_text(html)
    for region, part in data.area_rows("IKN"):
        if part.status != PROBABLY_WRONG:
            continue
        sentence = next(s for s in re.split(r"(?<=\.) ", text) if region.written in s)
        assert all(str(year) in sentence for year in region.cohorts), sentence
        assert str(part.cohort) in sentence and "keliru" in sentence
        for url in part.sources:
            assert site_name(url) in sentence and site_name(url) in footer


def test_the_footer_keeps_the_entrys_own_sources_first(matcher: Matcher) -> None:
    entry = matcher.kb.entries["program.ikn"]
    _, footer = _shown(matcher, "program.ikn")
    own = [site_name(s.url) for s in entry.sources]
    assert footer.index(own[0]) < footer.index(site_name(entry.cited_sources[-1].url))
    assert len(entry.cited_sources) > len(entry.sources)


def test_tourism_counts_match_the_roster(matcher: Matcher, data: RegionData) -> None:
    text = visible_text(_shown(matcher, "program.dpsp")[0])
    for area in data.areas:
        listed = _listed(data.area_rows(area))
        if not listed:
            continue
        count = f"{area} {len(listed)}"
        assert count in text, count
        if all(p.status == INFERRED for _, p in listed):
            assert f"{count} ({TAGS[INFERRED]})" in text


def test_the_area_page_lists_each_area_without_wrong_reports(matcher: Matcher,
                                                             data: RegionData) -> None:
    entry = matcher.kb.entries[known_ids.AREA_LIST]
    assert entry.kind is EntryKind.AREA and entry.sources
    lines = [line for line in visible_text(_shown(matcher, entry.id)[0]).splitlines()
             if line.startswith("• ")]
    assert len(lines) == sum(1 for area in data.areas if _listed(data.area_rows(area)))
    for area in data.areas:
        line = next((x for x in lines if x.startswith(f"• {area}:")), "")
        for region, part in data.area_rows(area):
            named = re.search(rf"\b{re.escape(region.written)}\b", line) is not None
            assert named == (part.status != PROBABLY_WRONG), (area, region.id)


def test_topics_about_areas_offer_the_area_page(matcher: Matcher) -> None:
    for entry_id in ("program.ikn", "program.dpsp", "program.mou-2021"):
        assert known_ids.AREA_LIST in matcher.kb.entries[entry_id].related, entry_id


def test_filled_answers_and_the_area_page_are_valid_telegram_html(matcher: Matcher) -> None:
    filled = [e for e in matcher.kb.entries.values() if e.filled is not None]
    assert {"program.ikn", "program.dpsp", "program.mou-2021"} <= {e.id for e in filled}
    for entry in [*filled, matcher.kb.entries[known_ids.AREA_LIST]]:
        assert check_html(matcher.render(entry), indonesian=True) == [], entry.id
