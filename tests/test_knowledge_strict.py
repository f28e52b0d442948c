"""Edits an admin might make that once slipped through: each is refused with an Indonesian
`file:line: what is wrong — how to fix it`, `knowledge check` exits 1, and the running bot keeps
serving its last valid knowledge.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import known_ids
from bot.config import Settings
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge_schema import (
    MAX_ANSWER_CHARS,
    MAX_QUESTIONS,
    MAX_RELATED,
    MAX_SOURCES,
    MAX_TITLE_CHARS,
    MIN_QUESTIONS,
    MIN_RELATED,
    MIN_SOURCES,
)
from bot.knowledge_watch import KnowledgeHolder, check_for_edits, fingerprint, load_state
from bot.referrals import MAX_REFERRAL_CHARS
from cli.knowledge import check

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
Edit = Callable[[Path], None]


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT, target)
    return target


def replace(relative: str, old: str, new: str, count: int = 1) -> Edit:
    def edit(root: Path) -> None:
        path = root / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, old
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return edit


def line_of(root: Path, relative: str, needle: str | tuple[str, str]) -> int:
    """The line (1-based) of the first line containing `needle` (after `anchor`, if given)."""
    anchor, needle = needle if isinstance(needle, tuple) else ("", needle)
    lines = (root / relative).read_text(encoding="utf-8").splitlines()
    start = next(number for number, line in enumerate(lines) if anchor in line)
    return next(number for number, line in enumerate(lines[start:], start + 1)
                if needle in line)


def _entry_block(text: str, entry_id: str) -> tuple[int, int]:
    start = text.index(f"  - id: {entry_id}\n")
    end = text.find("\n  - id: ", start + 1)
    return start, len(text) if end < 0 else end + 1


def branding_field(key: str, following: str, lines: str) -> Edit:
    """Replace the lines of one field of pilar.branding (up to the field `following`)."""
    def edit(root: Path) -> None:
        path = root / "pilar.yaml"
        text = path.read_text(encoding="utf-8")
        start, end = _entry_block(text, "pilar.branding")
        head, _, rest = text[start:end].partition(f"    {key}:\n")
        _, _, tail = rest.partition(f"    {following}:")
        path.write_text(text[:start] + head + f"    {key}:\n" + lines + f"    {following}:"
                        + tail + text[end:], encoding="utf-8")
    return edit


def questions_of(count: int) -> Edit:
    return branding_field("questions", "answer", "".join(
        f"      - pertanyaan branding nomor {n}\n" for n in range(count)))


def sources_of(count: int) -> Edit:
    return branding_field("sources", "updated", "".join(
        f"      - url: https://example.org/{n}\n        read: 2026-11-27\n"
        for n in range(count)))


LONG_ANSWER = "answer: |\n      " + "Kalimat jawaban yang panjang sekali. " * 30 + "\n"

BRANDING_QUESTIONS = ("id: pilar.branding", "questions:")
# (edit, file the message names, text found on that line, words the message says)
PITFALLS = {
    "complete: tidak": (replace("wilayah/angkatan.yaml", "    complete: false",
                                        "    complete: tidak"),
                        "wilayah/angkatan.yaml", "complete: tidak", "hanya true atau false"),
    "complete: yes": (replace("wilayah/angkatan.yaml", "    complete: true",
                                      "    complete: yes"),
                      "wilayah/angkatan.yaml", "complete: yes", "hanya true atau false"),
    "impossible date": (replace("pilar.yaml", "updated: 2026-11-27", "updated: 2026-11-31"),
                        "pilar.yaml", "updated: 2026-11-31", "tidak ada di kalender"),
    "date in another format": (replace("bot.yaml", "read: 2026-11-27", "read: 27/11/2026"),
                               "bot.yaml", "read: 27/11/2026", "format TTTT-BB-HH"),
    "duplicate slang key": (replace("slang.yaml", "  gmn: bagaimana\n",
                                    "  gmn: bagaimana\n  gmn: gimana\n"),
                            "slang.yaml", "gmn: gimana", "ditulis dua kali"),
    "duplicate entry field": (replace("pilar.yaml", "    title: Smart Branding\n",
                                      "    title: Smart Branding\n    title: Branding\n"),
                              "pilar.yaml", "title: Branding", "ditulis dua kali"),
    "renamed required id": (replace("bot.yaml", "id: bot.privasi", "id: bot.data-pribadi"),
                            "", "", "entri 'bot.privasi' tidak ada"),
    "emptied topic file": (lambda root: (root / "smalltalk.yaml").write_text(""),
                           "smalltalk.yaml", "", "berkas topik ini kosong"),
    "topic file without entries": (lambda root: (root / "smalltalk.yaml").write_text(
        "# semua entri dihapus\nentries: []\n"), "smalltalk.yaml", "entries: []",
        "tidak berisi entri"),
    "too few questions": (questions_of(MIN_QUESTIONS - 1), "pilar.yaml", BRANDING_QUESTIONS,
                          f"berisi {MIN_QUESTIONS - 1} contoh pertanyaan"),
    "too many questions": (questions_of(MAX_QUESTIONS + 1), "pilar.yaml", BRANDING_QUESTIONS,
                           f"berisi {MAX_QUESTIONS + 1} contoh pertanyaan"),
    "too many related": (replace("pilar.yaml", "related: [pilar.governance, pilar.living, "
                                 "program.apa-itu]", "related: [pilar.governance, "
                                 "pilar.living, program.apa-itu, pilar.economy, pilar.society]"),
                         "pilar.yaml", "pilar.society]", f"berisi {MAX_RELATED + 1} id entri"),
    "no related": (replace("pilar.yaml", "related: [pilar.governance, pilar.living, "
                           "program.apa-itu]", "related: []"),
                   "pilar.yaml", "related: []", f"berisi {MIN_RELATED - 1} id entri"),
    "too many sources": (sources_of(MAX_SOURCES + 1), "pilar.yaml",
                         ("id: pilar.branding", "sources:"),
                         f"berisi {MAX_SOURCES + 1} sumber"),
    "answer too long": (replace("smalltalk.yaml", "answer: |\n", LONG_ANSWER),
                        "smalltalk.yaml", "answer: |", "karakter"),
    "title too long": (replace("pilar.yaml", "title: Smart Branding",
                               "title: " + "Judul yang terlalu panjang " * 3),
                       "pilar.yaml", "Judul yang terlalu", f"paling banyak {MAX_TITLE_CHARS}"),
    "syntax error in the cohort file": (replace("wilayah/angkatan.yaml", "  - year: 2017",
                                                "  - year: [2017"),
                                        "wilayah/angkatan.yaml", "", "kurung siku"),
    "unclosed bracket": (replace("pilar.yaml", "program.apa-itu]\n", "program.apa-itu\n"),
                         "pilar.yaml", "", "kurung siku"),
    "referral word used twice": (replace("rujukan.yaml", "kata: [bpjs, kis, jkn]",
                                         "kata: [bpjs, kis, jkn, ktp]"),
                                 "rujukan.yaml", "id: bpjs", "sudah dipakai rujukan"),
    "referral word of the programme": (replace("rujukan.yaml", "kata: [paspor, imigrasi]",
                                               "kata: [paspor, imigrasi, masterplan]"),
                                       "rujukan.yaml", "masterplan]", "tentang program"),
    "referral message with broken HTML": (replace("rujukan.yaml", "<b>Kantor Imigrasi</b>",
                                                  "<b>Kantor Imigrasi"),
                                          "rujukan.yaml", ("id: imigrasi", "pesan:"),
                                          "bukan HTML Telegram yang sah"),
    "unknown referral field": (replace("rujukan.yaml", "    kata: [paspor, imigrasi]\n",
                                       "    kata: [paspor, imigrasi]\n    tautan: x\n"),
                               "rujukan.yaml", "tautan: x", "tidak dikenal"),
    "referral without a message": (replace("rujukan.yaml", "    pesan: >-\n      Paspor",
                                           "    pesan_: >-\n      Paspor"),
                                   "rujukan.yaml", "pesan_:", "tidak dikenal"),
    "eval file names a missing id": (lambda root: (root / "eval" / "regresi.jsonl").open(
        "a", encoding="utf-8").write('{"q": "apa itu", "expect": "program.tidak-ada"}\n'),
        "eval/regresi.jsonl", "program.tidak-ada", "'program.tidak-ada' tidak ada"),
}


@pytest.mark.parametrize("name", PITFALLS)
def test_a_pitfall_is_refused_with_file_line_and_a_fix(
        name: str, copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit, relative, needle, says = PITFALLS[name]
    edit(copy)
    assert check(copy, as_json=False) == 1
    output = capsys.readouterr()
    assert "Traceback" not in output.err and output.out == ""
    messages = [line for line in output.err.splitlines() if says in line]
    assert messages, output.err
    where = f"knowledge/{relative}:" if relative else "knowledge: "
    if needle:
        where += f"{line_of(copy, relative, needle)}:"
    assert any(m.startswith(where) for m in messages), (where, messages)
    assert all(" — " in m for m in messages)  # what is wrong — how to fix it
    # One mistake, one or two messages: no cascade over the lines that depend on it.
    assert len(output.err.splitlines()) - 1 <= 2, output.err


@pytest.mark.parametrize("name", [n for n in PITFALLS if not n.startswith("eval")])
async def test_the_running_bot_keeps_its_last_valid_knowledge(name: str, copy: Path) -> None:
    settings = Settings.load(env={}, env_file=copy / "none", knowledge_dir=copy)
    holder = KnowledgeHolder(load_state(settings))
    served = holder.current
    seen = fingerprint(copy)
    PITFALLS[name][0](copy)
    await check_for_edits(holder, settings, seen)
    assert holder.current is served
    assert any(PITFALLS[name][3] in str(p) for p in holder.problems)


def test_every_message_says_how_to_fix_it(copy: Path) -> None:
    for name in ("complete: tidak", "impossible date", "too many related", "answer too long",
                 "duplicate entry field"):
        PITFALLS[name][0](copy)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(copy)
    assert caught.value.problems
    for problem in caught.value.problems:
        assert problem.fix and problem.line > 0, problem
        assert not re.search(r"\b(must|should|missing|invalid|entry)\b", str(problem)), problem


def test_no_yes_on_off_numbers_and_dates_stay_text(copy: Path) -> None:
    replace("slang.yaml", "  gmn: bagaimana\n", "  no: nomor\n  gmn: bagaimana\n")(copy)
    replace("pilar.yaml", "      - enam pilar smart city\n",
            "      - yes\n      - 2017\n      - on\n      - 2026-11-27\n")(copy)
    kb = load_knowledge(copy)
    assert kb.slang["no"] == "nomor"
    assert {"yes", "2017", "on", "2026-11-27"} <= set(kb.entries["pilar.daftar"].questions)


def test_an_incomplete_cohort_written_false_stays_incomplete(copy: Path) -> None:
    kb = load_knowledge(copy)
    assert kb.regions.cohorts[2022].complete is False
    assert "belum lengkap" in kb.entries["angkatan.2022"].answer


def _insert_copy_of(root: Path, entry_id: str, *, before: str, title: str,
                    updated: str | None = None) -> int:
    """Paste a copy of an entry above another, as an admin starting a new one would."""
    path = root / "pilar.yaml"
    text = path.read_text(encoding="utf-8")
    start, end = _entry_block(text, entry_id)
    block = text[start:end].replace("    title: ", f"    title: {title} ", 1)
    if updated:
        block = re.sub(r"    updated: \S+", f"    updated: {updated}", block)
    at = text.index(f"  - id: {before}\n")
    path.write_text(text[:at] + block + text[at:], encoding="utf-8")
    return text[:at].count("\n") + 1


def test_duplicate_id_names_the_new_copy_by_its_date(copy: Path) -> None:
    line = _insert_copy_of(copy, "pilar.society", before="pilar.daftar", title="Baru",
                           updated="2026-12-01")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(copy)
    [problem] = [p for p in caught.value.problems if "sudah dipakai" in p.message]
    assert (problem.file, problem.line) == ("knowledge/pilar.yaml", line)
    lines = (copy / "pilar.yaml").read_text(encoding="utf-8").splitlines()
    original = [n for n, text in enumerate(lines, 1) if text == "  - id: pilar.society"][1]
    assert f"knowledge/pilar.yaml:{original}" in problem.message


def test_duplicate_id_names_the_copy_that_differs_from_the_served_version(copy: Path) -> None:
    served = load_knowledge(copy)
    line = _insert_copy_of(copy, "pilar.society", before="pilar.daftar", title="Baru")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(copy, previous=served.entries)
    [problem] = [p for p in caught.value.problems if "sudah dipakai" in p.message]
    assert (problem.file, problem.line) == ("knowledge/pilar.yaml", line)


def test_the_guide_names_every_entry_the_code_relies_on() -> None:
    guide = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [i for i in known_ids.REQUIRED if f"`{i}`" not in guide] == []


def test_the_guide_states_the_limits_the_checker_enforces() -> None:
    guide = (ROOT / "README.md").read_text(encoding="utf-8")
    for phrase in (f"{MIN_QUESTIONS} sampai {MAX_QUESTIONS} contoh pertanyaan",
                   f"{MIN_RELATED} sampai {MAX_RELATED} `id` entri",
                   f"{MIN_SOURCES} sampai {MAX_SOURCES} sumber",
                   f"tidak lebih dari {MAX_ANSWER_CHARS} karakter",
                   f"paling banyak {MAX_TITLE_CHARS} karakter",
                   f"paling banyak {MAX_REFERRAL_CHARS} karakter"):
        assert phrase in guide, phrase


YAML_NOISE = st.text(alphabet=st.sampled_from(list(":-[]{}#&*!|>'\"%@`\t\n ?,yesno0123-.")),
                     max_size=12)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_damage_to_a_file_gives_messages_never_a_traceback(copy: Path,
                                                               data: st.DataObject) -> None:
    path = copy / data.draw(st.sampled_from(["smalltalk.yaml", "wilayah/angkatan.yaml",
                                             "wilayah/alias.yaml", "slang.yaml"]))
    original = path.read_text(encoding="utf-8")
    start = data.draw(st.integers(0, len(original)))
    end = data.draw(st.integers(start, min(len(original), start + 40)))
    path.write_text(original[:start] + data.draw(YAML_NOISE) + original[end:], encoding="utf-8")
    try:
        load_knowledge(copy)
    except KnowledgeError as error:
        assert all(p.message and " — " in str(p) for p in error.problems), error.problems
    finally:
        path.write_text(original, encoding="utf-8")
