"""Callback data and deep-link payloads: compact, within Telegram's limits, reversible."""

from __future__ import annotations

import re

import pytest

from bot import callback_data
from bot.callback_data import (
    CohortList,
    DeleteData,
    EntryCodes,
    Feedback,
    Menu,
    OpenEntry,
    ProvincePage,
)
from bot.matcher import Matcher
from bot.record_ids import is_record_id, new_record_id
from bot.telegram_html import MAX_CALLBACK_DATA_BYTES

RECORD = "0123abcd4567ef89" * 2  # the shape of bot.record_ids.new_record_id()


def test_every_entry_fits_in_callback_data_with_a_record_id(matcher: Matcher) -> None:
    assert len(new_record_id()) == len(RECORD)
    longest = max(matcher.kb.entries, key=len)
    assert longest == "daerah.kabupaten-kepulauan-siau-tagulandang-biaro"
    for entry_id in matcher.kb.entries:
        for via in ("menu", "related", "suggestion"):
            data = callback_data.open_entry(entry_id, via, RECORD)  # type: ignore[arg-type]
            assert len(data.encode()) <= MAX_CALLBACK_DATA_BYTES
    assert len(callback_data.feedback(RECORD, False)) <= MAX_CALLBACK_DATA_BYTES


def test_entry_codes_are_unique_and_resolve(matcher: Matcher) -> None:
    codes = EntryCodes(matcher.kb.entries)
    for entry_id in matcher.kb.entries:
        assert codes.resolve(callback_data.entry_code(entry_id)) == entry_id
    assert codes.resolve("zzzzzzzz") is None


@pytest.mark.parametrize(("data", "action"), [
    (callback_data.open_entry("pilar.daftar"),
     OpenEntry(callback_data.entry_code("pilar.daftar"), "menu")),
    (callback_data.open_entry("pilar.daftar", "related", RECORD),
     OpenEntry(callback_data.entry_code("pilar.daftar"), "related", RECORD)),
    (callback_data.open_entry("pilar.daftar", "related"),
     OpenEntry(callback_data.entry_code("pilar.daftar"), "related", None)),
    (callback_data.open_entry("pilar.daftar", "suggestion", RECORD),
     OpenEntry(callback_data.entry_code("pilar.daftar"), "suggestion", RECORD)),
    (callback_data.feedback(RECORD, True), Feedback(RECORD, True)),
    (callback_data.feedback(RECORD, False), Feedback(RECORD, False)),
    (callback_data.menu("daerah"), Menu("daerah")),
    (callback_data.province_page(3), ProvincePage(3)),
    (callback_data.cohort_list(), CohortList()),
    (callback_data.delete_data(True), DeleteData(True)),
    (callback_data.delete_data(False), DeleteData(False)),
])
def test_callback_data_round_trips(data: str, action: callback_data.Action) -> None:
    assert callback_data.parse(data) == action


@pytest.mark.parametrize("data", [None, "", "x", "e:", "f:abc:x", "f::u", "m:hapus", "d:p:x",
                                  "s:NOT-HEX:abc", "r:abc", "f:081234567890:u",
                                  f"f:{RECORD[:-1]}:u", f"f:{RECORD}0:u",
                                  "f:08123456789012345678901234567890:u",
                                  "r:3171012345670001abcdefabcdefabcd:abc", "d:p:081234567890",
                                  "h:ya"])
def test_foreign_or_broken_data_is_none(data: str | None) -> None:
    assert callback_data.parse(data) is None


def test_record_ids_never_hold_a_long_digit_run() -> None:
    ids = [new_record_id() for _ in range(2000)]
    assert all(is_record_id(record) for record in ids) and len(set(ids)) == len(ids)
    assert not any(re.search(r"\d{9}", record) for record in ids)


@pytest.mark.parametrize(("value", "kept"), [
    ("daerah.kota-bandung", True), ("up", True), ("provinsi:3", True), ("angkatan", True),
    ("081234567890", False), ("provinsi:081234567890", False), ("a@b.co", False),
    ("budi santoso", False), ("", False),
])
def test_only_the_bots_own_event_values_are_logged(value: str, kept: bool) -> None:
    assert callback_data.loggable_event_value(value) == (value if kept else
                                                         callback_data.FOREIGN_VALUE)


def test_a_too_long_callback_is_refused() -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        callback_data.feedback("a" * 70, True)


def test_every_entry_has_a_valid_deep_link_payload(matcher: Matcher) -> None:
    codes = EntryCodes(matcher.kb.entries)
    for entry_id in matcher.kb.entries:
        payload = callback_data.start_payload(entry_id)
        assert len(payload) <= 64 and payload.replace("_", "").replace("-", "").isalnum()
        assert callback_data.entry_for_payload(payload, matcher.kb.entries, codes) == entry_id


@pytest.mark.parametrize("payload", ["", "tidak_ada", "pilar.daftar", "a b", "x" * 65, "<b>"])
def test_payloads_naming_no_entry_are_none(matcher: Matcher, payload: str) -> None:
    codes = EntryCodes(matcher.kb.entries)
    assert callback_data.entry_for_payload(payload, matcher.kb.entries, codes) is None


def test_deep_link() -> None:
    assert callback_data.deep_link("smartcity_bot", "daerah.kota-bandung") == \
        "https://t.me/smartcity_bot?start=daerah_kota-bandung"
