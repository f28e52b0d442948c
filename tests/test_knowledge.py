"""The shipped knowledge base loads, covers the catalogue, and broken edits are refused."""

import shutil
from pathlib import Path

import pytest

from bot.knowledge import KnowledgeError, load_knowledge
from bot.telegram_html import check_html
from bot.topics import with_placeholders_filled

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
CATALOGUE_IDS = """
program.apa-itu program.tujuan program.penyelenggara program.sejarah program.mou-2021
program.jumlah-peserta program.cara-bergabung program.peran-warga program.tahapan
program.bimtek program.masterplan program.quick-win program.evaluasi program.biaya
program.penghargaan program.dpsp program.ikn program.smart-province program.urbanisasi
program.internet program.kontak program.contoh-inovasi program.manfaat program.status
pilar.daftar
pilar.governance pilar.branding pilar.economy pilar.living pilar.society pilar.environment
daerah.daftar bot.tentang bot.privasi smalltalk.salam smalltalk.terima-kasih smalltalk.pamit
angkatan.2017 angkatan.2018 angkatan.2019 angkatan.2021 angkatan.2022 angkatan.2023
angkatan.2024 daerah.kota-bandung daerah.kabupaten-lombok-timur daerah.kota-tangerang-selatan
provinsi.jawa-tengah provinsi.daerah-istimewa-yogyakarta
""".split()


@pytest.fixture(scope="module")
def kb():
    return load_knowledge(ROOT)


def test_catalogue_ids_exist(kb) -> None:
    missing = [i for i in CATALOGUE_IDS if i not in kb.entries]
    assert missing == []


def test_every_region_province_and_cohort_has_an_entry(kb) -> None:
    kinds = [e.kind for e in kb.entries.values()]
    assert kinds.count("region") == 514
    assert kinds.count("province") == 38
    assert kinds.count("cohort") == 7


def test_every_entry_cites_a_source_and_is_valid_html(kb) -> None:
    for entry in kb.entries.values():
        assert entry.sources, entry.id
        assert check_html(with_placeholders_filled(entry.answer)) == [], entry.id


def test_region_answers_state_cohort_province_and_source(kb) -> None:
    entry = kb.entries["daerah.kabupaten-kutai-kartanegara"]
    assert "2017" in entry.answer and "2021" in entry.answer
    assert "Kalimantan Timur" in entry.answer
    assert entry.sources and entry.updated == kb.regions.data_date


def test_unrecorded_region_is_not_called_a_non_participant(kb) -> None:
    answer = kb.entries["daerah.kota-ternate"].answer
    assert "belum tercatat" in answer and "Diskominfo Kota Ternate" in answer
    assert "bukan peserta" not in answer


def test_smart_province_is_mentioned_for_the_pilots(kb) -> None:
    assert "perintis <b>Smart Province</b>" in kb.entries["provinsi.jawa-barat"].answer
    # another province says it is not recorded as one, and names the pilots it is not among
    bali = kb.entries["provinsi.bali"].answer
    assert "perintis <b>Smart Province</b>" not in bali
    assert "belum tercatat" in bali and "Jawa Barat" in bali and "Yogyakarta" in bali
    assert set(kb.regions.smart_province_sources) <= set(kb.entries["provinsi.bali"].sources)


def test_incomplete_cohort_says_so(kb) -> None:
    assert "belum lengkap" in kb.entries["angkatan.2022"].answer
    assert "belum lengkap" not in kb.entries["angkatan.2019"].answer


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT, target)
    return target


def _problems(root: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    return [str(p) for p in info.value.problems]


def test_yaml_syntax_error_names_file_and_line(copy: Path) -> None:
    path = copy / "pilar.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(5, "  - id: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = _problems(copy)
    assert len(problems) == 1
    assert problems[0].startswith(("knowledge/pilar.yaml:6:", "knowledge/pilar.yaml:7:"))
    assert "kurung siku" in problems[0] and " — " in problems[0]


@pytest.mark.parametrize(("find", "replace", "message"), [
    ("id: pilar.branding", "id: pilar.governance", "sudah dipakai"),
    ("related: [", "related: [tidak.ada, ", "yang tidak ada"),
    ("    sources:", "    sumber_salah: x\n    sources:", "kolom 'sumber_salah' tidak dikenal"),
    ("answer: |", "answer: |\n      <b>tebal tanpa penutup", "bukan HTML Telegram yang sah"),
])
def test_schema_errors_are_reported(copy: Path, find: str, replace: str, message: str) -> None:
    path = copy / "pilar.yaml"
    text = path.read_text(encoding="utf-8")
    assert find in text
    path.write_text(text.replace(find, replace, 1), encoding="utf-8")
    problems = _problems(copy)
    assert any(message in p and p.startswith("knowledge/pilar.yaml:") for p in problems), problems


def test_missing_sources_are_refused(copy: Path) -> None:
    path = copy / "smalltalk.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    sources:")
    end = text.index("    updated:", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert any("'sources' tidak ada" in p for p in _problems(copy))


def test_colliding_example_questions_are_refused(copy: Path) -> None:
    path = copy / "program.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    questions:\n", "    questions:\n      - apa itu smart "
                                 "living\n", 1), encoding="utf-8")
    assert any("sama dengan contoh pertanyaan entri 'pilar.living'" in p
               for p in _problems(copy))


def test_participant_row_must_join_the_region_list(copy: Path) -> None:
    path = copy / "wilayah" / "peserta.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("Kota Antah,kota,Jawa Barat,2017,tercatat,,,https://example.org/x\n")
    problems = _problems(copy)
    assert any("peserta.csv:" in p and "tidak ada di kabupaten_kota.csv" in p for p in problems)


def _append_rows(root: Path, *rows: str) -> int:
    """Append roster rows; return the line number of the first one."""
    path = root / "wilayah" / "peserta.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize(("row", "message"), [
    ("Ternate,kota,Maluku Utara,2018,pasti,,,https://example.org/x",
     "status 'pasti' tidak dikenal"),
    ("Ternate,kota,Maluku Utara,,tercatat,,,https://example.org/x",
     "angkatan '' tidak ada di wilayah/angkatan.yaml"),
    ("Ternate,kota,Maluku Utara,2018,angkatan_belum_diketahui,,Disebut.,https://example.org/x",
     "kolom cohort terisi"),
    ("Ternate,kota,Maluku Utara,,angkatan_belum_diketahui,,,https://example.org/x",
     "tanpa catatan"),
    ("Ternate,kota,Maluku Utara,2018,tercatat,,<b>x</b>,https://example.org/x",
     "kolom note memuat tanda < atau >"),
])
def test_bad_roster_rows_are_refused_with_their_line(copy: Path, row: str,
                                                     message: str) -> None:
    line = _append_rows(copy, row)
    assert any(f"peserta.csv:{line}:" in p and message in p for p in _problems(copy))


def test_a_region_listed_twice_in_one_cohort_is_refused(copy: Path) -> None:
    line = _append_rows(copy, "Ternate,kota,Maluku Utara,2018,tercatat,,,https://a.org/x",
                        "Ternate,kota,Maluku Utara,2018,disimpulkan,,,https://b.org/y")
    assert any(f"peserta.csv:{line + 1}:" in p and "tercantum dua kali pada angkatan 2018" in p
               for p in _problems(copy))


def test_a_cohort_cannot_list_more_sure_members_than_its_size(copy: Path) -> None:
    _append_rows(copy, "Ternate,kota,Maluku Utara,2024,tercatat,,,https://example.org/x",
                 "Tidore Kepulauan,kota,Maluku Utara,2024,tercatat,,,https://example.org/y")
    problems = _problems(copy)
    assert any("angkatan.yaml:" in p and "angkatan 2024 berukuran 10" in p and "11 baris" in p
               for p in problems)


def test_uncertain_rows_may_exceed_the_size(copy: Path) -> None:
    _append_rows(copy, "Ternate,kota,Maluku Utara,2024,belum_pasti,,Satu laporan saja.,"
                 "https://example.org/x")
    kb = load_knowledge(copy)
    assert "Kota Ternate" in kb.entries["angkatan.2024"].answer


def test_data_date_must_be_a_date(copy: Path) -> None:
    path = copy / "wilayah" / "angkatan.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("data_date: 2026-11-30", 'data_date: "2025"'),
                    encoding="utf-8")
    assert any("kolom 'data_date' berisi '2025': bukan tanggal" in p for p in _problems(copy))


def test_alias_to_unknown_region_is_refused(copy: Path) -> None:
    path = copy / "wilayah" / "alias.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  antah: kota Antah Berantah\n",
                    encoding="utf-8")
    assert any("alias 'antah'" in p for p in _problems(copy))


def test_template_with_unknown_placeholder_is_refused(copy: Path) -> None:
    path = copy / "templat.yaml"
    text = path.read_text(encoding="utf-8").replace("{provinsi}) tercatat", "{provinse}) "
                                                    "tercatat", 1)
    path.write_text(text, encoding="utf-8")
    assert any("provinse" in p for p in _problems(copy))


def test_renaming_an_entry_the_commands_open_is_refused(copy: Path) -> None:
    root = copy
    path = root / "bot.yaml"
    text = path.read_text(encoding="utf-8").replace("id: bot.privasi", "id: bot.data-pribadi")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError, match="entri 'bot.privasi' tidak ada"):
        load_knowledge(root)


def test_the_matcher_word_lists_are_checked(copy: Path) -> None:
    root = copy
    path = root / "kosakata.yaml"
    text = path.read_text(encoding="utf-8").replace("kata_program: [", "kata_progam: [")
    path.write_text(text + "\nkata_umum_baru: [dua kata]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    messages = [p.message for p in caught.value.problems]
    assert any("'kata_progam'" in m and "tidak dikenal" in m for m in messages)
    assert any("'kata_program' tidak ada" in m for m in messages)
    assert all(p.file == "knowledge/kosakata.yaml" for p in caught.value.problems)


def test_an_admin_can_extend_the_programme_words(copy: Path) -> None:
    from bot.matcher import Matcher

    root = copy
    question = "apakah kota bandung berkolaborasi"
    assert Matcher(load_knowledge(root)).match(question).entry_id != "daerah.kota-bandung"
    path = root / "kosakata.yaml"
    text = path.read_text(encoding="utf-8").replace("kata_program: [", "kata_program: [\n  "
                                                    "berkolaborasi,")
    path.write_text(text, encoding="utf-8")
    assert Matcher(load_knowledge(root)).match(question).entry_id == "daerah.kota-bandung"


def test_an_admin_can_add_a_subject_the_bot_declines(copy: Path) -> None:
    from bot.matcher import Matcher

    root = copy
    question = "smart city dubai seperti apa"
    path = root / "kosakata.yaml"
    text = path.read_text(encoding="utf-8").replace("dubai, ", "")
    path.write_text(text, encoding="utf-8")
    assert Matcher(load_knowledge(root)).match(question).outcome != "fallback"
    path.write_text(text.replace("kata_luar_cakupan: [", "kata_luar_cakupan: [\n  dubai,"),
                    encoding="utf-8")
    assert Matcher(load_knowledge(root)).match(question).outcome == "fallback"
