"""Long messages answered by what they ask: the asker's own place is context, each asking part
is read on its own, a thanks with a remark is a thanks, and everyday subjects stay declined."""

from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.matcher import Matcher
from bot.outcome import Outcome
from bot.replies import answer_reply

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(ROOT / "knowledge"))


@pytest.mark.parametrize(("question", "entry_id"), [
    # the journalist's city and the village head's kabupaten only say who is asking
    ("Selamat sore. Saya jurnalis media daring di Makassar. Sudah berapa total kab/kota yang "
     "ikut program ini?", "program.jumlah-peserta"),
    ("Assalamualaikum, saya kepala desa di Kabupaten Garut. Apakah desa bisa ikut program "
     "smart city ini atau hanya untuk kabupaten? Kami ingin membangun desa digital.",
     "program.cara-bergabung"),
])
def test_a_place_named_only_to_introduce_the_asker_is_context(matcher: Matcher, question: str,
                                                              entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == (Outcome.ANSWER, entry_id)


@pytest.mark.parametrize(("question", "entry_id"), [
    ("Saya warga Garut, apakah Garut sudah ikut smart city?", "daerah.kabupaten-garut"),
    ("Saya warga Garut, apakah kabupaten kami sudah ikut smart city?", "daerah.kabupaten-garut"),
    ("selamat pagi, saya ASN di pemkab bojonegoro, kami dulu ikut gerakan smart city angkatan "
     "berapa ya?", "daerah.kabupaten-bojonegoro"),
    ("Kabupaten Tabanan kemarin dievaluasi Komdigi ya? memang peserta?",
     "daerah.kabupaten-tabanan"),
])
def test_a_place_asked_about_is_still_the_answer(matcher: Matcher, question: str,
                                                 entry_id: str) -> None:
    assert matcher.match(question).entry_id == entry_id


def test_two_questions_in_one_message_answer_one_and_offer_the_other(matcher: Matcher) -> None:
    question = ("Selamat sore. Saya jurnalis media daring di Makassar. Sudah berapa total "
                "kab/kota yang ikut program ini, dan apakah ada angkatan baru di tahun 2025?")
    result = matcher.match(question)
    assert result.entry_id == "program.jumlah-peserta"
    assert [s.entry_id for s in result.also_asked] == ["program.status"]
    reply = answer_reply(matcher, result, "r1")
    status = matcher.entry("program.status")
    assert status is not None and status.title in reply.html
    first_button = reply.buttons[0][0]
    assert first_button.text == status.title


def test_a_long_message_of_several_parts_offers_its_topics_not_a_fallback(
        matcher: Matcher) -> None:
    result = matcher.match("kak aku mhs semester 5 lg nyusun skripsi ttg smart city, boleh tau "
                           "tahapan penyusunan masterplan nya dr kominfo gimana? trs "
                           "referensinya bisa dicari dmn")
    assert result.outcome is Outcome.SUGGEST
    assert "program.masterplan" in {s.entry_id for s in result.suggestions}


@pytest.mark.parametrize("question", [
    # another subject beside the programme's words keeps the parts from being answered alone
    "cara daftar program Desa Digital, desa kami pengen dapet wifi gratis",
    "ASEAN Smart Cities Network cara gabungnya gimana, kota sy pengen masuk",
    # the scene names the subject; the question only points at it
    "indihome mati dari pagi, ini kenapa ya",
    "npwp saya lupa, cara ceknya gimana",
    # an everyday word in chat spelling is that word, not a programme word it resembles
    "aku bosen",
    "makasih. tapi wifi di rumah saya mati terus",
])
def test_everyday_messages_are_declined(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).outcome is Outcome.FALLBACK


def test_thanks_with_a_remark_is_thanks(matcher: Matcher) -> None:
    result = matcher.match("Terima kasih banyak, informasinya sangat membantu untuk laporan "
                           "kantor kami.")
    assert (result.outcome, result.entry_id) == (Outcome.SMALLTALK, "smalltalk.terima-kasih")


@pytest.mark.parametrize("question", [
    "sampai angkatan 2023 total pesertanya jadi berapa ya",
    "kalau dihitung sampe 2021 ada berapa kabupaten kota",
    "hingga tahun 2022 jumlah daerah peserta smart city",
])
def test_a_total_up_to_a_year_is_the_participant_count(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).entry_id == "program.jumlah-peserta"


def test_a_cohort_named_with_up_to_now_is_that_cohort(matcher: Matcher) -> None:
    assert matcher.match("peserta angkatan 2023 sampai sekarang siapa saja").entry_id == \
        "angkatan.2023"


@pytest.mark.parametrize("question", ["DAFTAR KOTA SMART CITY INDONESIA",
                                      "list kota smart city di indonesia"])
def test_a_list_of_cities_is_the_region_list_not_the_pillars(matcher: Matcher,
                                                             question: str) -> None:
    assert matcher.match(question).entry_id == "daerah.daftar"


def test_this_service_is_the_bot(matcher: Matcher) -> None:
    result = matcher.match("Selamat siang. Mohon maaf, layanan ini dikelola oleh siapa dan "
                           "informasi yang tersedia seputar apa saja?")
    assert result.entry_id == "bot.tentang"


def test_a_topic_answer_notes_the_regions_the_asker_names(matcher: Matcher) -> None:
    result = matcher.match("sebagai warga biasa, apa yg bisa sy lakukan biar kota sy jd smart "
                           "city? sy tinggal di bekasi")
    assert result.entry_id == "program.peran-warga"
    assert set(result.places) == {"daerah.kota-bekasi", "daerah.kabupaten-bekasi"}
    html = answer_reply(matcher, result, "r1").html
    for entry_id in result.places:
        region = matcher.kb.regions.regions
        name = next(r.display for r in region.values() if r.id == entry_id)
        cohorts = next(r.cohorts for r in region.values() if r.id == entry_id)
        assert name in html and all(str(year) in html for year in cohorts)
    # the note cites where its lines come from, after the answer's own sources
    assert html.count("Sumber: ") == 2


def test_a_region_answer_notes_nothing_more(matcher: Matcher) -> None:
    assert matcher.match("kota bekasi ikut smart city?").places == ()


def test_a_named_phase_is_not_the_programme_stages(matcher: Matcher) -> None:
    # "tahap II" names one round of the evaluation; "tahap II gerakan 100 smart city" a cohort
    assert matcher.match("evaluasi tahap II smart city itu apa").entry_id == "program.evaluasi"
    assert matcher.match("peserta tahap II gerakan 100 smart city").entry_id == "angkatan.2018"


@pytest.mark.parametrize(("question", "entry_id"), [
    # the asker's place leaves the question; what is left is read as if it were not there
    ("Saya pemandu wisata di Gianyar. Kabupaten/kota mana saja di Provinsi Bali yang ikut "
     "smart city?", "provinsi.bali"),
    ("Saya staf DPRD Kabupaten Halmahera Utara. Kami dengar banyak daerah baru yang bergabung "
     "tahun 2022. Kabupaten/kota mana saja yang masuk angkatan itu?", "angkatan.2022"),
    ("Saya pensiunan PNS, tinggal di Kota Pematangsiantar, Sumatera Utara. Saya ingin ikut "
     "berkontribusi supaya kota kami lebih maju secara digital. Apa yang bisa dilakukan warga "
     "seperti saya dalam program smart city ini?", "program.peran-warga"),
    # a village is not its kabupaten
    ("Saya kepala desa di Kabupaten Banyuwangi. Apakah desa kami bisa ikut Gerakan Menuju "
     "Smart City sendiri?", "program.cara-bergabung"),
    # a request naming a place asks about it
    ("Saya anggota staf DPRD Provinsi Kalimantan Timur. Untuk bahan rapat komisi, kami butuh "
     "daftar kabupaten/kota di Kaltim yang sudah ikut Gerakan Menuju Smart City. Ada datanya?",
     "provinsi.kalimantan-timur"),
    # an office's long letter: the statement about its wish is not the question
    ("Selamat siang Bapak/Ibu pengelola. Perkenalkan, saya staf Bidang Aplikasi Informatika "
     "pada Dinas Komunikasi dan Informatika Kabupaten Sintang, Kalimantan Barat. Pimpinan kami "
     "berkeinginan agar Kabupaten Sintang dapat mengikuti Gerakan Menuju Smart City. Mohon "
     "informasi bagaimana prosedur pendaftarannya dan kepada siapa kami sebaiknya "
     "berkoordinasi. Atas perhatian dan bantuannya kami ucapkan terima kasih.",
     "program.cara-bergabung"),
    # a student's introduction, then the question, then thanks
    ("halo kak, aku mahasiswa PWK lagi nyusun skripsi soal smart city. ada referensi resmi dari "
     "kominfo yg bisa aku kutip gak? makasih", "program.panduan"),
])
def test_the_asker_s_own_place_is_context(matcher: Matcher, question: str,
                                          entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == (Outcome.ANSWER, entry_id)


@pytest.mark.parametrize("question", [
    "Saya mahasiswa tingkat akhir di Universitas Andalas, Padang. Saya butuh contoh cara "
    "menulis daftar pustaka format APA edisi 7. Bisa bantu?",
    "Saya pensiunan guru di Kota Cirebon. Uang pensiun bulan ini belum masuk ke rekening saya. "
    "Ke mana saya harus bertanya?",
    "Saya warga Kabupaten Indramayu yang akan berangkat kerja ke Taiwan. Bagaimana cara membuat "
    "paspor, dan apakah bisa daftar antrean lewat aplikasi?",
    "calon walikota mana yg programnya smart city",
])
def test_another_subject_from_someone_who_names_their_place_is_declined(
        matcher: Matcher, question: str) -> None:
    assert matcher.match(question).outcome is Outcome.FALLBACK


def test_a_job_named_with_the_asker_s_place_is_no_near_subject(matcher: Matcher) -> None:
    result = matcher.match("Saya guru honorer di Kota Palu, Sulawesi Tengah. Kota Palu ikut "
                           "program smart city atau tidak?")
    assert result.entry_id == "daerah.kota-palu"


def test_a_citizen_asking_how_to_help_their_city_get_smart_is_answered(matcher: Matcher) -> None:
    result = matcher.match("aku cuma warga biasa nih, bisa bantu apa biar kotaku makin smart?")
    assert (result.outcome, result.entry_id) == (Outcome.ANSWER, "program.peran-warga")


@pytest.mark.parametrize("question", [
    "Sampurasun, wilujeng enjing! Kumaha damang?", "piye kabare min", "Om swastiastu"])
def test_regional_greetings_are_greetings(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).entry_id == "smalltalk.salam"


def test_a_conditional_clause_keeps_its_short_question(matcher: Matcher) -> None:
    result = matcher.match("Kalau pemda mau ikut program ini, biayanya berapa? Terus apa dapat "
                           "kucuran dana dari pusat buat bangun infrastrukturnya?")
    assert result.entry_id == "program.biaya"


def test_an_office_letter_with_several_requests_is_how_to_join(matcher: Matcher) -> None:
    result = matcher.match(
        "Selamat siang Bapak/Ibu. Perkenalkan, saya staf Bidang Aplikasi Informatika pada Dinas "
        "Komunikasi dan Informatika Kabupaten Kolaka, Sulawesi Tenggara. Pimpinan kami "
        "berkeinginan agar Kabupaten Kolaka dapat mengikuti Gerakan Menuju Smart City. Mohon "
        "informasi mengenai prosedur pendaftarannya, persyaratan apa saja yang perlu disiapkan, "
        "dan kepada siapa surat permohonan sebaiknya ditujukan. Terima kasih.")
    assert result.entry_id == "program.cara-bergabung"
    assert "daerah.kabupaten-kolaka" in result.places  # the office's place, noted


@pytest.mark.parametrize("question", [
    "jumlah kabupaten di indonesia ada berapa",  # geography, not participants
    "ada berapa kabupaten di provinsi aceh",
    "cara daftar program desa digital",  # another ministry's programme
    "jepang society 5.0 itu apa bedanya sama smart city",
    "empat pilar kehidupan berbangsa dan bernegara itu apa aja",
    "jumlah pengguna tiktok di indonesia berapa",
    "Apakah akan ada gelombang tinggi di perairan Ambon besok? Saya nelayan mau melaut.",
])
def test_questions_sharing_words_with_the_programme_are_declined(matcher: Matcher,
                                                                 question: str) -> None:
    assert matcher.match(question).outcome is Outcome.FALLBACK


def test_a_business_asking_to_become_a_vendor_is_not_told_how_regions_join(
        matcher: Matcher) -> None:
    result = matcher.match("saya punya usaha software house kecil di makassar. gimana caranya "
                           "bisa jadi mitra/vendor pemkot di program smart city? ada tender?")
    assert result.outcome is Outcome.FALLBACK  # the procurement reply, with the funding button


def test_an_abbreviated_office_is_still_the_asker_s_own_place(matcher: Matcher) -> None:
    result = matcher.match("Saya staf Diskominfo Kab. Sintang. Bagaimana cara bergabung dengan "
                           "smart city?")
    assert result.entry_id == "program.cara-bergabung"
