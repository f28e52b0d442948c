"""Long, polite messages: greetings, thanks and the asker's own place never drown the question."""

from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.matcher import Matcher

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
HOW_TO_JOIN = "program.cara-bergabung"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(ROOT))


@pytest.mark.parametrize("question", [
    # a province or region named as where the asker works, then how to join
    "Selamat siang, Bapak/Ibu admin. Mohon izin bertanya, saya ASN di salah satu pemerintah "
    "kabupaten di Jawa Tengah. Bagaimana tahapan dan persyaratan agar kabupaten kami dapat "
    "mengikuti Gerakan Menuju Smart City? Apakah tersedia formulir pendaftaran daring dan kapan "
    "jadwal seleksinya? Atas perhatian dan informasinya kami ucapkan terima kasih.",
    "Selamat pagi, kami dari Bappeda salah satu kabupaten di Jawa Tengah, bagaimana tahapan dan "
    "persyaratan kabupaten kami ikut smart city, terima kasih",
    "Selamat pagi. Kami dari Bappeda Kabupaten Banyumas. Bagaimana tahapan dan persyaratan "
    "kabupaten kami ikut program smart city? Terima kasih.",
    "Assalamualaikum wr wb. Saya staf Diskominfo di Kalimantan Barat. Mohon informasi, bagaimana "
    "cara daerah kami mendaftar gerakan menuju smart city? Terima kasih banyak.",
    # the same courtesy without any place
    "Selamat siang, Bapak/Ibu admin. Mohon izin bertanya, saya ASN di salah satu pemerintah "
    "kabupaten. Bagaimana tahapan dan persyaratan agar kabupaten kami dapat mengikuti Gerakan "
    "Menuju Smart City? Atas perhatian dan informasinya kami ucapkan terima kasih.",
])
def test_a_polite_how_to_join_question_gets_how_to_join(matcher: Matcher, question: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", HOW_TO_JOIN)


@pytest.mark.parametrize(("question", "entry_id"), [
    ("Assalamualaikum. Kami dari Dinas Kominfo Kabupaten Sikka, NTT. Mohon penjelasan tahapan "
     "setelah terpilih menjadi peserta smart city. Terima kasih.", "program.tahapan"),
    ("Saya orang Medan, mau tanya kapan smart city pertama kali dimulai?", "program.sejarah"),
    ("Halo admin, saya peneliti dari Yogyakarta. Apa saja enam pilar smart city? Terima kasih "
     "banyak.", "pilar.daftar"),
])
def test_a_topic_question_from_a_named_place_gets_the_topic(matcher: Matcher, question: str,
                                                            entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", entry_id)


def test_an_office_speaking_for_its_place_asks_about_a_topic(matcher: Matcher) -> None:
    result = matcher.match("Dengan hormat, kami dari Bappeda Kota Kupang ingin menanyakan manfaat "
                           "mengikuti program smart city bagi pemerintah kota. Terima kasih.")
    assert (result.outcome, result.entry_id) == ("answer", "program.manfaat")
    # unless it asks about its own place, or nothing else is asked clearly
    assert matcher.match("Kami dari Diskominfo Kota Kupang ingin menanyakan apakah kota kami "
                         "sudah ikut smart city").entry_id == "daerah.kota-kupang"
    assert matcher.match("Kami dari Diskominfo Kota Kupang, apakah sudah terdaftar sebagai "
                         "peserta smart city?").entry_id == "daerah.kota-kupang"


def test_the_askers_place_does_not_beat_a_question_on_cost(matcher: Matcher) -> None:
    result = matcher.match("Yth admin, saya pegawai Pemkab Sikka NTT. Berapa biaya yang harus "
                           "disiapkan kalau kabupaten kami ikut program smart city? Atas "
                           "perhatiannya diucapkan terima kasih.")
    assert (result.outcome, result.entry_id) == ("answer", "program.biaya")


@pytest.mark.parametrize(("question", "entry_id"), [
    ("Saya warga Kabupaten Garut. Apakah kabupaten saya sudah ikut smart city?",
     "daerah.kabupaten-garut"),
    ("sy warga garut, kab garut ikut smart city gak?", "daerah.kabupaten-garut"),
    ("Saya tinggal di Kota Malang. Bagaimana perkembangan smart city di kota saya?",
     "daerah.kota-malang"),
    ("Selamat pagi. Saya dari Jawa Tengah. Siapa saja peserta smart city di Jawa Tengah?",
     "provinsi.jawa-tengah"),
])
def test_asking_about_ones_own_place_still_gets_the_place(matcher: Matcher, question: str,
                                                          entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", entry_id)


def test_greeting_and_thanks_clauses_weigh_as_scene(matcher: Matcher) -> None:
    scene = matcher.parts.scene_words(
        "Selamat pagi, bagaimana cara kota ikut smart city? Atas perhatiannya terima kasih.")
    assert {"selamat", "pagi", "terima", "kasih"} <= scene
    assert not {"cara", "ikut", "city"} & scene


def test_an_introduction_may_name_the_askers_office(matcher: Matcher) -> None:
    # "diskominfo" is a programme word, but here it only says where the asker works
    scene = matcher.parts.scene_words("Kami dari Diskominfo kabupaten, bagaimana prosedur agar "
                                      "pemda kami terpilih menjadi peserta smart city?")
    assert "diskominfo" in scene
    assert not {"cara", "terpilih", "peserta"} & scene


def test_a_sentence_that_asks_is_never_scene(matcher: Matcher) -> None:
    # the question is the sentence without a programme word; the complaint before it sets the
    # scene
    scene = matcher.parts.scene_words("smart city terus, jalan di kampung saya masih bolong. "
                                      "emang apa untungnya buat warga kayak kami?")
    assert not {"apa", "warga"} & scene
    result = matcher.match("Saya pensiunan, masih sehat dan pengen berperan supaya kota kami "
                           "jadi smart city. Kira-kira apa yang bisa dilakukan warga seperti saya")
    assert (result.outcome, result.entry_id) == ("answer", "program.peran-warga")


def test_a_request_for_help_weighs_as_courtesy(matcher: Matcher) -> None:
    scene = matcher.parts.scene_words("mau jelaskan ke murid apa itu smart city, bisa bantu?")
    assert {"bisa", "bantu"} <= scene
    assert not {"apa", "city"} & scene
    result = matcher.match("Yth admin, mohon bantuannya. Apa saja pilar smart city?")
    assert (result.outcome, result.entry_id) == ("answer", "pilar.daftar")


def test_a_single_sentence_is_never_all_scene(matcher: Matcher) -> None:
    assert matcher.parts.scene_words("bagaimana cara kota ikut smart city") == frozenset()


def test_only_an_introduction_names_the_askers_home(matcher: Matcher) -> None:
    parts = matcher.parts
    assert parts.home_places("Saya ASN di Jawa Tengah. Bagaimana caranya?") == \
        {"provinsi.jawa-tengah"}
    assert parts.home_places("Apakah kabupaten kami di Jawa Tengah ikut?") == frozenset()
    assert parts.home_places("Bagaimana cara Jawa Tengah ikut?") == frozenset()
