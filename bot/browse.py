"""`/daerah`: look a region up by name, or browse participants by province or cohort.

Pages are edits of one message with paging buttons; picking a province or cohort opens its
generated knowledge entry (`provinsi.*`, `angkatan.*`). Pure code: no `telegram` import.
"""

from __future__ import annotations

from collections import Counter

from bot import callback_data, known_ids
from bot.knowledge_types import GENERATED_KINDS
from bot.matcher import Matcher, MatchResult
from bot.outcome import Outcome
from bot.regions import RegionData, province_id
from bot.replies import Button, Reply, private_chat_button
from bot.telegram_html import escape

PROVINCES_PER_PAGE = 10
BUTTONS_PER_ROW = 2


def daerah_menu() -> Reply:
    """`/daerah` without a name: how to browse."""
    html = ("<b>Daerah peserta Gerakan Menuju Smart City</b>\n"
            "Telusuri per provinsi atau per angkatan, atau tulis nama daerahnya, misalnya "
            "<code>/daerah Kota Bandung</code>.")
    return Reply(html, ((Button("Per provinsi", callback_data.province_page(0)),
                         Button("Per angkatan", callback_data.cohort_list())),))


def group_daerah_menu(bot_username: str) -> Reply:
    """`/daerah` without a name in a group: how to ask; browsing is for the private chat."""
    html = ("Tulis nama daerahnya, misalnya <code>/daerah Kota Bandung</code>. Daftar per "
            "provinsi dan per angkatan ada di chat pribadi.")
    return Reply(html, private_chat_button(bot_username, known_ids.REGION_LIST))


def page_count(regions: RegionData) -> int:
    """How many pages the province list has."""
    return max(1, -(-len(regions.provinces) // PROVINCES_PER_PAGE))


def province_page(regions: RegionData, page: int) -> Reply:
    """One page of provinces, each with its number of recorded participants."""
    pages = page_count(regions)
    page = min(max(page, 0), pages - 1)
    counts = Counter(r.province for r in regions.regions.values() if r.is_participant)
    chunk = regions.provinces[page * PROVINCES_PER_PAGE:(page + 1) * PROVINCES_PER_PAGE]
    buttons = [Button(f"{name} ({counts.get(name, 0)})",
                      callback_data.open_entry(province_id(name))) for name in chunk]
    rows = [tuple(buttons[i:i + BUTTONS_PER_ROW])
            for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    paging = []
    if page > 0:
        paging.append(Button("« Sebelumnya", callback_data.province_page(page - 1)))
    if page < pages - 1:
        paging.append(Button("Berikutnya »", callback_data.province_page(page + 1)))
    paging.append(Button("Per angkatan", callback_data.cohort_list()))
    rows.append(tuple(paging))
    html = (f"<b>Daerah peserta per provinsi</b> (halaman {page + 1} dari {pages})\n"
            "Angka dalam kurung: jumlah kabupaten/kota yang tercatat dalam data kami. "
            "Pilih provinsi:")
    return Reply(html, tuple(rows))


def cohort_list(regions: RegionData) -> Reply:
    """The cohorts, each a button to its participant list."""
    buttons = [Button(f"Angkatan {year} ({regions.firm_count(year)} dari {cohort.size})",
                      callback_data.open_entry(known_ids.cohort_id(year)))
               for year, cohort in sorted(regions.cohorts.items())]
    rows = [tuple(buttons[i:i + BUTTONS_PER_ROW])
            for i in range(0, len(buttons), BUTTONS_PER_ROW)]
    rows.append((Button("Per provinsi", callback_data.province_page(0)),))
    html = ("<b>Daerah peserta per angkatan</b>\n"
            "Angka dalam kurung: jumlah daerah yang pasti tercatat dalam data kami dibanding "
            "jumlah resminya. Pilih angkatan:")
    return Reply(html, tuple(rows))


def find_region(matcher: Matcher, name: str) -> MatchResult:
    """Match `/daerah <name>` against regions, provinces and cohorts only.

    Returns:
        An "answer" or "suggest" result naming region, province or cohort entries, or a
        "fallback" result when the name is none of them.
    """
    result = matcher.match(f"{name} peserta smart city")
    entries = [matcher.entry(entry_id) for entry_id in _entry_ids(result)]
    if result.outcome in (Outcome.ANSWER, Outcome.SUGGEST) and entries and all(
            entry is not None and entry.kind in GENERATED_KINDS for entry in entries):
        return result
    return MatchResult(name, result.normalized, Outcome.FALLBACK, score=result.score,
                       reason="not a region name")


def _entry_ids(result: MatchResult) -> list[str]:
    """The entries a result answers with or suggests."""
    if result.entry_id:
        return [result.entry_id]
    return [s.entry_id for s in result.suggestions]


def region_not_found(name: str, *, group_bot_username: str | None = None) -> Reply:
    """`/daerah <name>` when the name is no known region, province or cohort.

    In a group (`group_bot_username` set) the list is offered in the private chat instead
    of as paging buttons.
    """
    html = (f"Maaf, saya tidak menemukan daerah bernama “{escape(name[:80])}”. Tulis nama "
            "kabupaten/kota atau provinsi, misalnya <code>/daerah Kota Bandung</code> atau "
            "<code>/daerah Jawa Tengah</code>, atau telusuri daftarnya:")
    if group_bot_username is not None:
        return Reply(html, private_chat_button(group_bot_username, known_ids.REGION_LIST))
    return Reply(html, daerah_menu().buttons)
