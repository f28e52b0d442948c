"""Roster placeholders in topic answers are filled from the roster, and wrong ones refused.

Assertions read the roster (its rows, areas and sources) and the checker's own messages,
never sentences an admin wrote.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge_schema import MAX_ANSWER_CHARS
from bot.knowledge_tables import entry_cells
from bot.matcher import Matcher
from bot.roster_fills import AREA_COUNTS, AREA_NAMES
from bot.telegram_html import visible_text

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
IKN = f"{{{AREA_NAMES}:IKN}}"
NEW_ROW = ("Balikpapan,kota,Kalimantan Timur,2021,tercatat,IKN,,"
           "https://example.org/balikpapan-ikn\n")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT, target)
    return target


def _answer_line(root: Path, entry_id: str) -> tuple[Path, int, str]:
    """The topic file holding an entry, the line of its `answer:` key, and the file text."""
    path = root / "program.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index(f"  - id: {entry_id}")
    answer = next(n for n in range(start, len(lines)) if lines[n].strip().startswith("answer:"))
    return path, answer + 1, text


def _problems(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    return [str(p) for p in info.value.problems]


def test_the_shipped_topics_use_the_placeholders(matcher: Matcher) -> None:
    assert IKN in matcher.kb.entries["program.ikn"].answer
    assert f"{{{AREA_COUNTS}}}" in matcher.kb.entries["program.dpsp"].answer


def test_editors_keep_the_placeholder_and_citizens_read_the_list(matcher: Matcher) -> None:
    entry = matcher.kb.entries["program.ikn"]
    cells = "\n".join(entry_cells(entry))  # what the spreadsheet and the dashboard write back
    shown = visible_text(matcher.render(entry))
    assert IKN in cells and IKN not in shown
    for region, _ in matcher.kb.regions.area_rows("IKN"):
        assert region.written not in cells and region.written in shown


def test_a_roster_edit_changes_the_answer(copy: Path) -> None:
    with (copy / "wilayah" / "peserta.csv").open("a", encoding="utf-8") as handle:
        handle.write(NEW_ROW)
    shipped = Matcher(load_knowledge(ROOT))
    before = shipped.kb.entries["program.ikn"]
    edited = Matcher(load_knowledge(copy))
    entry = edited.kb.entries["program.ikn"]
    assert entry.answer == before.answer  # the admin's text did not change
    shown = edited.render(entry)
    assert "Kota Balikpapan" in visible_text(shown) and "example.org" in shown
    assert "Kota Balikpapan" not in visible_text(shipped.render(before))


@pytest.mark.parametrize(("placeholder", "says"), [
    (f"{{{AREA_NAMES}:Atlantis}}", "kawasan yang tidak ada di kolom area"),
    ("{peserta_kawasn:IKN}", "tidak dikenal"),
    (f"{{{AREA_NAMES}}}", "tidak menyebut nama kawasan"),
    (f"{{{AREA_COUNTS}:IKN}}", "tidak dikenal"),
])
def test_a_wrong_placeholder_is_refused_with_file_and_line(copy: Path, placeholder: str,
                                                           says: str) -> None:
    path, line, text = _answer_line(copy, "program.ikn")
    assert IKN in text
    path.write_text(text.replace(IKN, placeholder, 1), encoding="utf-8")
    problems = _problems(copy)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"knowledge/program.yaml:{line}: entri 'program.ikn'")
    assert placeholder in problems[0] and says in problems[0]
    if "kolom area" in says:  # the fix lists the areas the roster knows
        assert "Danau Toba" in problems[0] and "IKN" in problems[0]


def test_an_area_is_found_whatever_its_case(copy: Path) -> None:
    path, _, text = _answer_line(copy, "program.ikn")
    path.write_text(text.replace(IKN, f"{{{AREA_NAMES}:ikn}}", 1), encoding="utf-8")
    kb = load_knowledge(copy)
    assert kb.entries["program.ikn"].shown_answer == load_knowledge(ROOT).entries[
        "program.ikn"].shown_answer


def test_an_answer_too_long_once_filled_is_refused(copy: Path) -> None:
    shipped = load_knowledge(ROOT).entries["program.ikn"]
    written = len(visible_text(shipped.answer))
    filled = len(visible_text(shipped.shown_answer))
    padding = MAX_ANSWER_CHARS - filled + 10  # fits as written, too long once filled
    assert written + padding <= MAX_ANSWER_CHARS
    path, line, text = _answer_line(copy, "program.ikn")
    path.write_text(text.replace(IKN, IKN + " " + "x" * (padding - 1), 1), encoding="utf-8")
    problems = _problems(copy)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"knowledge/program.yaml:{line}:")
    assert f"{MAX_ANSWER_CHARS} karakter" in problems[0]


def test_settings_placeholders_are_left_for_the_settings(matcher: Matcher) -> None:
    about = matcher.kb.entries["bot.tentang"]
    assert "{operator}" in about.answer and about.filled is None
    assert "{operator}" not in matcher.render(about)


def test_a_filled_answer_is_dated_by_the_roster_when_the_roster_is_newer(copy: Path) -> None:
    path = copy / "wilayah" / "angkatan.yaml"
    text = path.read_text(encoding="utf-8")
    shipped = load_knowledge(ROOT)
    newer = "2099-01-31"
    path.write_text(text.replace(f"data_date: {shipped.regions.data_date}",
                                 f"data_date: {newer}", 1), encoding="utf-8")
    kb = load_knowledge(copy)
    assert kb.regions.data_date == newer
    ikn, pillars = kb.entries["program.ikn"], kb.entries["pilar.daftar"]
    assert ikn.updated < newer and ikn.shown_updated == newer
    assert pillars.shown_updated == pillars.updated  # no roster list, no roster date
