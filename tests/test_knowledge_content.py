"""The shipped answers agree with the roster and with each other, and follow the house rules.

These check facts the knowledge encodes (cohort sizes, the latest cohort, one term for the
signings), not sentences an admin wrote.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.regions import join_words
from bot.telegram_html import visible_text

ROOT = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(ROOT)


def _text(kb: KnowledgeBase, entry_id: str) -> str:
    return visible_text(kb.entries[entry_id].answer)


def test_the_history_gives_each_cohort_its_official_size(kb: KnowledgeBase) -> None:
    lines = {line.split(":")[0].strip("• "): line
             for line in _text(kb, "program.sejarah").splitlines() if line.startswith("• ")}
    for year, cohort in kb.regions.cohorts.items():
        assert re.search(rf"\b{cohort.size}\b", lines[str(year)]), (year, lines[str(year)])


def test_the_status_entry_names_the_latest_cohort_and_what_came_after(kb: KnowledgeBase) -> None:
    entry = kb.entries["program.status"]
    assert 12 <= len(entry.questions) <= 25
    latest = max(kb.regions.cohorts)
    text = _text(kb, "program.status")
    assert str(latest) in text and str(latest + 1) in text


def test_awards_cover_every_year_with_a_masterplan_evaluation(kb: KnowledgeBase) -> None:
    text = _text(kb, "program.penghargaan")
    for year in (2017, 2018, 2021, 2022, 2023, 2025):
        assert re.search(rf"\b{year}\b", text), year


def _opening(kb: KnowledgeBase, entry_id: str) -> str:
    return _text(kb, entry_id).split("\n\n")[0]


def test_the_count_answer_leads_with_the_current_total(kb: KnowledgeBase) -> None:
    totals = [int(n) for n in re.findall(r"\b\d{3}\b", _text(kb, "program.jumlah-peserta"))]
    assert str(max(totals)) in _opening(kb, "program.jumlah-peserta")


def test_the_award_answer_leads_with_the_latest_award(kb: KnowledgeBase) -> None:
    years = [int(y) for y in re.findall(r"\b20\d\d\b", _text(kb, "program.penghargaan"))]
    assert str(max(years)) in _opening(kb, "program.penghargaan")


def test_the_history_leads_with_the_start_and_the_original_target(kb: KnowledgeBase) -> None:
    opening = _opening(kb, "program.sejarah")
    assert str(min(kb.regions.cohorts)) in opening and "100" in opening


def test_the_contact_answer_says_the_bot_is_not_official(kb: KnowledgeBase) -> None:
    text = _text(kb, "program.kontak").lower()
    assert "bukan kanal resmi" in text and "diskominfo" in text and "komdigi" in text


def test_one_term_for_the_signings(kb: KnowledgeBase) -> None:
    for entry in kb.entries.values():
        assert "nota kesepahaman" not in entry.answer.lower(), entry.id


def test_no_doubled_punctuation_in_any_answer(kb: KnowledgeBase) -> None:
    for entry in kb.entries.values():
        text = visible_text(entry.answer)
        assert not re.search(r"\.\.(?!\.)|,,|\s[.,;:](?!\w)|[.,;:]\.", text), entry.id


def test_lists_use_the_serial_comma() -> None:
    assert join_words(["a", "b", "c"]) == "a, b, dan c"
    assert join_words(["2018", "2019"], "atau") == "2018 atau 2019"
    assert join_words(["a"]) == "a"
