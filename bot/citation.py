"""The line under every answer: where its facts come from and when the entry was updated.

A citizen judges an answer by its sources, so every entry (small talk aside) ends with its
sources as short site names, each linked to the page, and the date the entry was last
updated, short enough for one or two lines on a phone:
"Sumber: kominfo.go.id, tribunnews.com · Diperbarui 27 November 2026".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlparse

from bot.knowledge_types import Entry, Source
from bot.telegram_html import escape

# Labels that sit between a site's own name and a two-letter country code (kominfo.go.id,
# tribunnews.co.id, bbc.co.uk): the short name keeps three labels for these.
SECOND_LEVEL_LABELS = frozenset({
    "go", "co", "ac", "or", "sch", "desa", "web", "my", "net", "mil", "ponpes", "biz", "com",
    "org", "gov", "edu",
})
MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
SEPARATOR = " · "
# under an answer resting on the roster as a whole ("belum tercatat"): what those sites are for
ROSTER_LABEL = "Sumber daftar peserta"


def site_name(url: str) -> str:
    """The short name of the site a page is on: aptika.kominfo.go.id/... -> kominfo.go.id."""
    host = (urlparse(url).hostname or url).lower().rstrip(".")
    labels = host.split(".")
    keep = 3 if (len(labels) >= 3 and len(labels[-1]) == 2
                 and labels[-2] in SECOND_LEVEL_LABELS) else 2
    return ".".join(labels[-keep:])


def indonesian_date(iso: str) -> str:
    """'2026-11-27' -> '27 November 2026' (the text unchanged if it is not a date)."""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def source_links(sources: Iterable[Source]) -> str:
    """Each site once, as a link to the first of its pages: 'a.go.id, b.com'."""
    first: dict[str, str] = {}
    for source in sources:
        first.setdefault(site_name(source.url), source.url)
    return ", ".join(f'<a href="{escape(url)}">{escape(site)}</a>'
                     for site, url in first.items())


def footer(sources: Iterable[Source], updated: str, label: str = "Sumber") -> str:
    """'Sumber: … · Diperbarui …'; either half is left out when there is nothing to say."""
    parts = []
    links = source_links(sources)
    if links:
        parts.append(f"{label}: {links}")
    if updated:
        parts.append(f"Diperbarui {indonesian_date(updated)}")
    return SEPARATOR.join(parts)


def entry_footer(entry: Entry) -> str:
    """The footer of an entry; small talk has none (it states no facts).

    An answer with roster lists filled in cites the rows those lists name as well.
    """
    return "" if entry.is_smalltalk else footer(entry.cited_sources, entry.shown_updated,
                                                 entry.sources_label)


def with_footer(html: str, entry: Entry, separator: str = "\n\n") -> str:
    """An answer followed by its entry's footer (after a blank line unless told otherwise)."""
    line = entry_footer(entry)
    return f"{html}{separator}{line}" if line else html
