"""Every answer ends with its sources (short site names, linked) and the entry's date."""

from __future__ import annotations

import re

import pytest

from bot import replies
from bot.citation import ROSTER_LABEL, entry_footer, footer, indonesian_date, site_name
from bot.knowledge_types import Entry, Source
from bot.matcher import Matcher
from bot.telegram_html import visible_text

DATE_RE = re.compile(r"Diperbarui (\d{1,2}) (Januari|Februari|Maret|April|Mei|Juni|Juli|"
                     r"Agustus|September|Oktober|November|Desember) (\d{4})$")
LINK_RE = re.compile(r'<a href="([^"]+)">([^<]+)</a>')


@pytest.mark.parametrize(("url", "site"), [
    ("https://aptika.kominfo.go.id/2019/08/6545/", "kominfo.go.id"),
    ("https://m.tribunnews.com/techno/2018/05/08/x", "tribunnews.com"),
    ("https://www.smartcityindo.com/2024/03/x.html", "smartcityindo.com"),
    ("https://jateng.solopos.com/x/amp", "solopos.com"),
    ("https://malangkota.go.id/2021/05/20/x", "malangkota.go.id"),
    ("https://radarsulteng.co.id/x", "radarsulteng.co.id"),
    ("http://rtikkediri.or.id/x/", "rtikkediri.or.id"),
    ("https://www.bbc.co.uk/news", "bbc.co.uk"),
])
def test_site_names_are_short_and_keep_the_owner(url: str, site: str) -> None:
    assert site_name(url) == site


def test_dates_are_written_in_indonesian() -> None:
    assert indonesian_date("2026-11-27") == "27 November 2026"
    assert indonesian_date("2025-08-01") == "1 Agustus 2025"


def test_footer_links_each_site_once_and_ends_with_the_date() -> None:
    sources = [Source("https://aptika.kominfo.go.id/a", "2026-01-01"),
               Source("https://aptika.kominfo.go.id/b", "2026-01-01"),
               Source("https://www.antaranews.com/c?x=1&y=2", "2026-01-01")]
    line = footer(sources, "2026-11-27")
    assert LINK_RE.findall(line) == [("https://aptika.kominfo.go.id/a", "kominfo.go.id"),
                                     ("https://www.antaranews.com/c?x=1&amp;y=2",
                                      "antaranews.com")]
    assert visible_text(line) == ("Sumber: kominfo.go.id, antaranews.com · Diperbarui "
                                  "27 November 2026")


def _footer_line(html: str) -> str:
    return html.rsplit("\n", 1)[-1]


def _check_footer(entry: Entry, html: str) -> None:
    line = _footer_line(html)
    links = LINK_RE.findall(line)
    assert line.startswith(f"{entry.sources_label}: ") and links, entry.id
    cited = entry.cited_sources  # a roster list filled into an answer cites its rows too
    assert {url for url, _ in links} <= {s.url.replace("&", "&amp;") for s in cited}
    assert {site for _, site in links} == {site_name(s.url) for s in cited}, entry.id
    assert "github.com" not in {site for _, site in links} or entry.id.startswith(
        ("bot.", "pilar.")), entry.id
    match = DATE_RE.search(visible_text(line))
    assert match, (entry.id, visible_text(line))
    assert visible_text(line).endswith(f"Diperbarui {indonesian_date(entry.shown_updated)}")


def test_every_answer_shows_its_sources_and_date_everywhere(matcher: Matcher) -> None:
    """All entries but small talk: CLI/inline text, private chats, and groups."""
    checked = 0
    for entry in matcher.kb.entries.values():
        if entry.is_smalltalk:
            assert entry_footer(entry) == ""
            continue
        private = replies.entry_reply(matcher, entry, record_id="0" * 32).html
        group = replies.group_entry_reply(matcher, entry, "smartcity_bot").html
        for html in (matcher.render(entry), private, group):
            _check_footer(entry, html)
        checked += 1
    kinds = {e.kind for e in matcher.kb.entries.values()}
    assert kinds == {"topic", "region", "province", "cohort", "area"}
    assert checked == len(matcher.kb.entries) - sum(
        e.is_smalltalk for e in matcher.kb.entries.values())


def test_the_matcher_answer_carries_the_footer(matcher: Matcher) -> None:
    result = matcher.match("apa itu smart city")
    entry = matcher.entry(result.entry_id or "")
    assert entry is not None and result.answer.endswith(entry_footer(entry))


def test_an_unrecorded_region_cites_the_roster_not_a_code_host(matcher: Matcher) -> None:
    entry = matcher.entry("daerah.kota-ternate")
    assert entry is not None
    roster = matcher.kb.regions.roster_sources
    assert entry.sources == roster and roster
    sites = {site for _, site in LINK_RE.findall(_footer_line(matcher.render(entry)))}
    assert sites == {site_name(s.url) for s in roster}
    assert "github.com" not in sites


def test_a_footer_resting_on_the_roster_says_it_is_the_participant_list(
        matcher: Matcher) -> None:
    """"belum tercatat" rests on the list as a whole, not on what two sites say of the region."""
    for region in matcher.kb.regions.regions.values():
        entry = matcher.entry(region.id)
        assert entry is not None
        line = visible_text(_footer_line(matcher.render(entry)))
        assert line.startswith(("Sumber: ", ROSTER_LABEL))
        assert line.startswith(ROSTER_LABEL) == (not region.is_participant), region.id


def test_a_region_cites_the_rows_of_its_own_claim(matcher: Matcher) -> None:
    regions = matcher.kb.regions
    for region in regions.regions.values():
        entry = matcher.entry(region.id)
        assert entry is not None
        if region.participations:
            urls = {u for p in region.participations for u in p.sources}
            if region.province in regions.smart_provinces:  # it also says the province is one
                urls |= {s.url for s in regions.smart_province_sources}
            assert {s.url for s in entry.sources} == urls, region.id
