"""Planning, checking and writing one knowledge edit, on a copy of the knowledge in tmp."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeBase, load_knowledge
from bot.knowledge_edit import (
    EditRefused,
    EntryDraft,
    plan_examples,
    plan_new_entry,
    plan_restore,
    read_text,
    restore,
    sha256_text,
    topic_files,
    validate,
    write,
)
from bot.knowledge_schema import MAX_QUESTIONS
from bot.knowledge_types import Source
from bot.matcher import Matcher
from bot.yaml_edit import write_atomic

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
GAP = ("kecamatan boleh ikut sc?", "kelurahan bisa daftar program kota cerdas gak")
POSYANDU = tuple(f"jadwal posyandu {word}" for word in (
    "bulan ini", "kapan", "minggu depan", "di kelurahan", "hari apa", "terdekat", "balita",
    "april", "online", "hari ini", "besok", "ibu hamil"))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A copy of the shipped knowledge (tests never edit the repository's)."""
    shutil.copytree(ROOT, tmp_path / "knowledge")
    return tmp_path / "knowledge"


@pytest.fixture
def kb(root: Path) -> KnowledgeBase:
    return load_knowledge(root)


def draft(**overrides: object) -> EntryDraft:
    values: dict[str, object] = {
        "id": "program.posyandu", "title": "Jadwal posyandu",
        "answer": "Jadwal posyandu <b>tidak</b> diatur program smart city.\r\nTanyakan ke "
                  "puskesmas terdekat.  ",
        "questions": POSYANDU, "related": ("program.apa-itu",),
        "sources": (Source("https://ayosehat.kemkes.go.id/posyandu", "2026-03-01"),),
        "file": "program.yaml"}
    values.update(overrides)
    return EntryDraft(**values)  # type: ignore[arg-type]


def test_examples_are_added_under_the_entry_with_comments_and_layout_kept(
        root: Path, kb: KnowledgeBase) -> None:
    entry = kb.entries["program.cara-bergabung"]
    edit = plan_examples(root, kb, "program.cara-bergabung", (" kecamatan  boleh ikut sc? ",))
    assert str(edit.file) == "program.yaml"
    assert edit.before == read_text(root, edit.file)
    added = [line for line in edit.diff.splitlines() if line.startswith("+ ")]
    removed = [line for line in edit.diff.splitlines()
               if line.startswith("-") and not line.startswith("---")]
    assert added == ["+      - kecamatan boleh ikut sc?"] and removed == []
    assert edit.after.count("\n#") == edit.before.count("\n#")  # comments kept
    validate(root, edit)
    write(root, edit)
    after = load_knowledge(root).entries["program.cara-bergabung"]
    assert after.questions == (*entry.questions, "kecamatan boleh ikut sc?")
    assert after.updated == entry.updated  # the answer did not change
    assert Matcher(load_knowledge(root)).match(GAP[0]).entry_id == "program.cara-bergabung"


@pytest.mark.parametrize(("questions", "said"), [
    (("nama saya Budi Santoso, desa bisa ikut?",), "Pertanyaan ke-1 memuat data pribadi"),
    (("hubungi saya 0812 3456 7890",), "Pertanyaan ke-1 memuat data pribadi"),
    (("[NAMA] tanya smart city",), "Pertanyaan ke-1 memuat data pribadi"),
    (("apa itu smart city",), "sama dengan contoh pertanyaan entri program.apa-itu"),
    (("kecamatan boleh ikut sc?", "kecamatan boleh ikut smart city"),
     "Pertanyaan ke-2 ('kecamatan boleh ikut smart city') sama dengan pertanyaan ke-1"),
    (("/start",), "adalah perintah bot"),
    (("  ",), "Pilih atau tulis paling sedikit satu pertanyaan"),
    (GAP, "paling banyak 25 — pilih paling banyak 1 pertanyaan"),
])
def test_bad_examples_are_refused_with_a_clear_message(root: Path, kb: KnowledgeBase,
                                                      questions: tuple[str, ...],
                                                      said: str) -> None:
    before = read_text(root, Path("program.yaml"))
    with pytest.raises(EditRefused) as refused:
        plan_examples(root, kb, "program.cara-bergabung", questions)
    assert any(said in message for message in refused.value.messages), refused.value.messages
    assert read_text(root, Path("program.yaml")) == before
    if "data pribadi" in said:  # the message does not repeat what the editor typed
        assert all(questions[0] not in message for message in refused.value.messages)


def test_the_guide_limit_of_examples_is_the_checker_limit(root: Path, kb: KnowledgeBase) -> None:
    entry = kb.entries["program.biaya"]
    room = MAX_QUESTIONS - len(entry.questions)
    fits = tuple(f"soal biaya nomor {chr(97 + n)} buat daerah" for n in range(room))
    validate(root, plan_examples(root, kb, "program.biaya", fits))
    with pytest.raises(EditRefused, match=f"menjadi {MAX_QUESTIONS + 1}"):
        plan_examples(root, kb, "program.biaya", (*fits, "soal biaya terakhir"))


def test_a_generated_entry_takes_no_examples(root: Path, kb: KnowledgeBase) -> None:
    with pytest.raises(EditRefused, match="dibuat otomatis"):
        plan_examples(root, kb, "daerah.kota-bandung", ("bandung ikut?",))


def test_a_new_entry_is_appended_as_the_guide_shows_and_answers(root: Path,
                                                                kb: KnowledgeBase) -> None:
    edit = plan_new_entry(root, kb, draft(), "2026-03-02")
    assert edit.after.startswith(edit.before)  # appended; nothing above it moved
    tail = edit.after[len(edit.before):]
    assert "\n  - id: program.posyandu\n    title: Jadwal posyandu\n    questions:\n" \
           "      - jadwal posyandu bulan ini\n" in tail
    assert "    answer: |\n      Jadwal posyandu <b>tidak</b> diatur program smart city.\n" \
           "      Tanyakan ke puskesmas terdekat.\n    related: [program.apa-itu]\n" in tail
    assert tail.endswith("        read: 2026-03-01\n    updated: 2026-03-02\n")
    validate(root, edit)
    write(root, edit)
    matcher = Matcher(load_knowledge(root))
    assert matcher.match("jadwal posyandu bulan ini").entry_id == "program.posyandu"


@pytest.mark.parametrize(("changes", "said"), [
    ({"file": "slang.yaml"}, "bukan berkas topik"),
    ({"id": "Program Posyandu"}, "tidak sah"),
    ({"id": "program.biaya"}, "sudah dipakai"),
    ({"id": "pilar.posyandu"}, "diawali 'program.'"),
    ({"questions": POSYANDU[:5]}, "berisi 5 contoh pertanyaan"),
])
def test_new_entry_form_mistakes_are_said_plainly(root: Path, kb: KnowledgeBase,
                                                  changes: dict[str, object], said: str) -> None:
    with pytest.raises(EditRefused, match=said):
        plan_new_entry(root, kb, draft(**changes), "2026-03-02")


@pytest.mark.parametrize(("changes", "said"), [
    ({"title": "Jadwal posyandu " * 5}, "kolom 'title' berisi"),
    ({"related": ("program.tidak-ada",)}, "'related' menyebut id 'program.tidak-ada'"),
    ({"sources": ()}, "kolom 'sources' berisi 0 sumber"),
    ({"sources": (Source("situs kemkes", "2026-02-30"),)}, "tidak sah"),
    ({"answer": "Jadwal <b>posyandu"}, "bukan HTML Telegram yang sah"),
])
def test_the_checker_refuses_what_the_loader_refuses_and_writes_nothing(
        root: Path, kb: KnowledgeBase, changes: dict[str, object], said: str) -> None:
    before = read_text(root, Path("program.yaml"))
    edit = plan_new_entry(root, kb, draft(**changes), "2026-03-02")
    with pytest.raises(EditRefused) as refused:
        validate(root, edit)
    assert any(said in m for m in refused.value.messages), refused.value.messages
    assert all(m.startswith("knowledge/program.yaml:") for m in refused.value.messages)
    assert read_text(root, Path("program.yaml")) == before


def test_an_edit_is_not_written_over_a_file_changed_since(root: Path, kb: KnowledgeBase) -> None:
    edit = plan_examples(root, kb, "program.biaya", ("ongkos konsultan masterplan siapa",))
    path = root / "program.yaml"
    changed = edit.before.replace("# ", "#  ", 1)
    write_atomic(path, changed)
    with pytest.raises(EditRefused, match="sudah berubah sejak halaman ini dibuka"):
        write(root, edit)
    assert read_text(root, edit.file) == changed


def test_undo_restores_byte_for_byte_only_while_the_file_is_unchanged(root: Path,
                                                                      kb: KnowledgeBase) -> None:
    path = root / "pilar.yaml"
    write_atomic(path, read_text(root, Path("pilar.yaml")).replace("\n", "\r\n"))
    original = path.read_bytes()  # CRLF: still restored exactly
    edit = plan_examples(root, load_knowledge(root), "pilar.living",
                         ("fasilitas taman kota bagus masuk pilar apa",))
    write(root, edit)
    back = plan_restore(root, edit.file, edit.before, sha256_text(edit.after))
    validate(root, back)
    write(root, back)
    assert path.read_bytes() == original

    write(root, edit)
    write_atomic(path, edit.after + "# catatan admin\n")
    with pytest.raises(EditRefused, match="tidak dapat diurungkan persis"):
        plan_restore(root, edit.file, edit.before, sha256_text(edit.after))


def test_restore_puts_the_file_back(root: Path, kb: KnowledgeBase) -> None:
    edit = plan_examples(root, kb, "program.biaya", ("ongkos konsultan masterplan siapa",))
    write(root, edit)
    restore(root, edit)
    assert read_text(root, edit.file) == edit.before


def test_topic_files_are_those_with_entries(kb: KnowledgeBase) -> None:
    assert topic_files(kb) == ("bot.yaml", "daerah.yaml", "pilar.yaml", "program.yaml",
                               "smalltalk.yaml")
