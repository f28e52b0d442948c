"""What a citizen gets for a question: the right entry, a "did you mean", or honest help."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.knowledge import load_knowledge
from bot.matcher import Matcher
from bot.outcome import Outcome
from bot.regions import province_id
from bot.telegram_html import check_html

ROOT = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(ROOT), operator="Tim Uji")


@pytest.mark.parametrize(("question", "entry_id"), [
    ("smart goverment tuh gmn sih kak", "pilar.governance"),
    ("kab siak ikut sc gak?", "daerah.kabupaten-siak"),
    ("pemkot solo ikut smart city ga", "daerah.kota-surakarta"),
    ("kukar peserta smart city?", "daerah.kabupaten-kutai-kartanegara"),
    ("tangsel ikut smart city tahun brp", "daerah.kota-tangerang-selatan"),
    ("kabupaten gunung kidul ikut smart city?", "daerah.kabupaten-gunungkidul"),
    ("bekasi kota ikut smart city?", "daerah.kota-bekasi"),
    ("peserta smart city di jatim", "provinsi.jawa-timur"),
    ("siapa aja peserta angkatan 2022", "angkatan.2022"),
    ("biaya ikut smart city berapa", "program.biaya"),
    ("apa itu masterplan smart city", "program.masterplan"),
    ("enam pilar smart city apa aja", "pilar.daftar"),
])
def test_answers(matcher: Matcher, question: str, entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", entry_id)


def test_unrecorded_region_is_answered_honestly(matcher: Matcher) -> None:
    result = matcher.match("kota ternate ikut smart city?")
    assert result.entry_id == "daerah.kota-ternate"
    assert "belum tercatat" in result.answer


@pytest.mark.parametrize("question", ["bandung ikut smart city?", "malang smart city",
                                      "semarang peserta smart city?"])
def test_kota_and_kabupaten_of_one_name_get_a_choice(matcher: Matcher, question: str) -> None:
    result = matcher.match(question)
    assert result.outcome == "suggest"
    kinds = {s.entry_id.split("-")[0] for s in result.suggestions}
    assert kinds == {"daerah.kota", "daerah.kabupaten"}


def test_every_alias_is_answered_as_its_place(matcher: Matcher) -> None:
    regions = matcher.kb.regions
    wrong = []
    for alias, (kind, name) in regions.aliases.items():
        expected = province_id(name) if kind == "provinsi" else \
            regions.regions[(kind, name.lower())].id
        result = matcher.match(f"{alias} ikut smart city?")
        if result.entry_id != expected:
            wrong.append((alias, result.entry_id))
    assert not wrong


def test_a_type_word_before_a_kota_alias_picks_that_names_kabupaten(matcher: Matcher) -> None:
    aliases = matcher.kb.regions.aliases
    assert aliases["tasik"] == ("kota", "Tasikmalaya")  # what the data says
    assert matcher.match("tasik smart city").entry_id == "daerah.kota-tasikmalaya"
    assert matcher.match("kabupaten tasik ikut smart city?").entry_id == \
        "daerah.kabupaten-tasikmalaya"


def test_province_next_to_a_shared_name_settles_it(matcher: Matcher) -> None:
    result = matcher.match("banjar kalimantan selatan ikut smart city?")
    assert result.entry_id == "daerah.kabupaten-banjar"


@pytest.mark.parametrize("question", [
    "harga cabai hari ini berapa", "jadwal liga inggris malam ini", "hotel murah di jogja",
    "cuaca di bandung besok", "cara bikin KTP elektronik", "kota", "apa", "?", "hmm", "",
    "program", "sejarah kota surabaya", "ibu kota provinsi jawa barat apa", "100",
])
def test_off_topic_questions_fall_back(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).outcome == "fallback"


@pytest.mark.parametrize(("question", "entry_id"), [
    ("pilar?", "pilar.daftar"), ("masterplan?", "program.masterplan"),
    ("pilar-pilarnya apa saja ya, saya lupa", "pilar.daftar"),
])
def test_a_lone_topic_word_is_asked_about_its_topic(matcher: Matcher, question: str,
                                                    entry_id: str) -> None:
    # unlike a lone "kota" or "program", which could be about anything
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", entry_id)


@pytest.mark.parametrize(("question", "entry_id"), [
    ("halo", "smalltalk.salam"), ("makasih ya min", "smalltalk.terima-kasih"),
    ("dadah", "smalltalk.pamit"),
])
def test_smalltalk(matcher: Matcher, question: str, entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("smalltalk", entry_id)


def test_greeting_with_a_question_answers_the_question(matcher: Matcher) -> None:
    assert matcher.match("halo kak, apa itu smart city?").entry_id == "program.apa-itu"


def test_operator_is_filled_in(matcher: Matcher) -> None:
    result = matcher.match("kamu siapa?")
    assert result.entry_id == "bot.tentang"
    assert "Tim Uji" in result.answer and "{operator}" not in result.answer


def test_html_in_a_question_is_treated_as_text(matcher: Matcher) -> None:
    result = matcher.match("<script>alert(1)</script> apa itu <b>smart city</b>?")
    assert result.entry_id == "program.apa-itu"


def test_long_message_is_handled(matcher: Matcher) -> None:
    question = ("apa itu smart city " * 300)[:4096]
    assert matcher.match(question).outcome in {"answer", "suggest", "fallback"}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_valid_outcome(text: str) -> None:
    result = _MATCHER.match(text)
    assert result.outcome in {"answer", "suggest", "fallback", "smalltalk"}
    if result.outcome in {"answer", "smalltalk"}:
        assert result.entry_id is not None and check_html(result.answer) == []
    assert len(result.suggestions) <= 3


_MATCHER = Matcher(load_knowledge(ROOT))


# ------------------------------------------------------------ failure classes of held-out sets

@pytest.mark.parametrize(("question", "entry_id"), [
    # polite and long: courtesy words and a sentence about who is asking weigh little
    ("Mohon maaf sebelumnya, saya ingin bertanya mengenai biaya keikutsertaan dalam program "
     "smart city", "program.biaya"),
    ("Saya seorang mahasiswa yang sedang menyusun skripsi. Apa saja pilar smart city?",
     "pilar.daftar"),
    ("Dengan hormat, mohon dijelaskan tahapan program smart city bagi daerah peserta.",
     "program.tahapan"),
    # a total up to a year is the count, not that year's cohort
    ("total peserta smart city sampai 2023 berapa", "program.jumlah-peserta"),
    ("jumlah daerah yang ikut smart city hingga 2022", "program.jumlah-peserta"),
    ("yang ikut tahun 2019 siapa aja", "angkatan.2019"),
    # slang, regional words and acronyms
    ("emang smart city gratis?", "program.biaya"),
    ("pemprov bisa ikut smart city gak", "program.smart-province"),
    ("smart city iku opo to", "program.apa-itu"),
    ("kumaha carana daftar smart city", "program.cara-bergabung"),
    ("kuy gabung smart city, syaratnya apa", "program.cara-bergabung"),
    # place names written with a space or hyphen, or with their province
    ("pare pare smart city", "daerah.kota-parepare"),
    ("kota bau-bau ikut smart city", "daerah.kota-bau-bau"),
    ("tanjung pinang kepulauan riau ikut sc?", "daerah.kota-tanjung-pinang"),
])
def test_failure_classes_are_answered(matcher: Matcher, question: str, entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", entry_id)


@pytest.mark.parametrize(("question", "first"), [
    ("angkatan paling awal siapa saja", True), ("gelombang pertama smart city siapa aja", True),
    ("25 kota pertama smart city", True), ("angkatan terbaru smart city", False),
    ("yang terbaru angkatan berapa", False),
    ("yang pertama kali ikut smart city daerah mana aja", True),
    # "paling baru" is "terbaru"; the programme's name may stand between
    ("kota yang paling baru gabung smart city", False),
    ("angkatan smart city yg paling baru tahun berapa", False),
    ("angkatan paling anyar siapa aja", False),  # "teranyar": a word of the admins' lists
])
def test_first_and_latest_cohort(matcher: Matcher, question: str, first: bool) -> None:
    cohorts = matcher.kb.regions.cohorts
    expected = min(cohorts) if first else max(cohorts)
    assert matcher.match(question).entry_id == f"angkatan.{expected}"


def test_a_period_of_years_is_not_one_cohort(matcher: Matcher) -> None:
    result = matcher.match("perkembangan smart city dari 2017 sampai 2024 gimana")
    assert result.entry_id is None or not result.entry_id.startswith("angkatan.")


def test_tourism_areas_named_together_are_their_topic(matcher: Matcher) -> None:
    areas = ("Danau Toba", "Labuan Bajo", "Mandalika")
    assert all(a in matcher.entry("program.dpsp").answer for a in areas)  # what it says
    result = matcher.match(f"smart city di {areas[0]}, {areas[1]} dan {areas[2]}")
    assert (result.outcome, result.entry_id) == ("answer", "program.dpsp")


def test_an_innovation_named_with_its_region_is_the_innovation_topic(matcher: Matcher) -> None:
    answer = matcher.entry("program.contoh-inovasi").answer
    assert "KTP sapi" in answer and "Boyolali" in answer  # what it says
    result = matcher.match("KTP sapi boyolali itu apa")
    assert (result.outcome, result.entry_id) == ("answer", "program.contoh-inovasi")
    # an everyday subject with the same words is not
    assert matcher.match("harga sapi boyolali").outcome == "fallback"


def test_a_region_named_with_other_tourism_areas_is_their_topic(matcher: Matcher) -> None:
    areas = {p.area for r in matcher.kb.regions.regions.values() for p in r.participations}
    assert {"Labuan Bajo", "Mandalika", "Likupang", "Borobudur"} <= areas  # what the data says
    result = matcher.match("labuan bajo, mandalika, likupang masuk smart city?")
    assert (result.outcome, result.entry_id) == ("answer", "program.dpsp")
    # a region's own area said in passing leaves the question about the region
    assert matcher.match("kabupaten lombok tengah ikut smart city? yang ada mandalika").entry_id \
        == "daerah.kabupaten-lombok-tengah"


def test_a_single_place_is_still_the_region(matcher: Matcher) -> None:
    assert matcher.match("manggarai barat smart city").entry_id == \
        "daerah.kabupaten-manggarai-barat"


def test_a_topic_dated_by_a_year_is_not_that_cohort(matcher: Matcher) -> None:
    result = matcher.match("daerah mana yg dapet award smart city 2022")
    assert result.entry_id == "program.penghargaan"


@pytest.mark.parametrize("question", [
    "smart city singapura kayak gimana", "gerakan menuju smart city jepang",
    "program siberkreasi kominfo", "smart tv murah", "smart home terbaik",
    "kenapa situs ini diblokir kominfo", "partai apa yg menang pilkada jakarta",
    "penghargaan kota layak anak 2024",  # another award than the Smart City Award
])
def test_near_domain_questions_are_declined(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).outcome == "fallback"


def test_using_something_is_not_its_usefulness_nor_its_users(matcher: Matcher) -> None:
    # the stemmer shares the root of "digunakan" and "gunanya", "menggunakan" and "pengguna"
    for verb in ("digunakan", "menggunakan", "penggunaan"):
        tokens = matcher.normalizer.normalize(f"aplikasi yang {verb} warga").tokens
        assert not {"gunanya", "pengguna"} & set(tokens)
    result = matcher.match("Mohon disebutkan dimensi-dimensi yang digunakan dalam kerangka "
                           "Smart City Kominfo.")
    assert (result.entry_id or result.suggestions[0].entry_id) == "pilar.daftar"


def test_an_everyday_subject_next_to_a_topic_word_is_declined(matcher: Matcher) -> None:
    assert matcher.match("award musik 2024 siapa pemenangnya").outcome == "fallback"
    assert matcher.match("cuaca di danau toba minggu depan").outcome == "fallback"
    # naming the programme makes it the programme's topic again
    assert matcher.match("award smart city 2024 siapa pemenangnya").entry_id == \
        "program.penghargaan"


@pytest.mark.parametrize(("question", "entry_id"), [
    ("halo min mau tanya", "smalltalk.bertanya"),
    ("selamat pagi, saya ingin bertanya", "smalltalk.bertanya"),
    ("apa kabar min, mau nanya nih", "smalltalk.bertanya"),
    ("udah dulu ya", "smalltalk.pamit"), ("sampai jumpa", "smalltalk.pamit"),
    ("dah ya min", "smalltalk.pamit"), ("wassalamualaikum", "smalltalk.pamit"),
    ("makasih ya, cukup sekian", "smalltalk.pamit"),
    # greetings to an addressee ("Bapak/Ibu", "tim") and formal goodbyes
    ("Selamat pagi Bapak/Ibu", "smalltalk.salam"), ("Hai tim", "smalltalk.salam"),
    ("Assalamualaikum wr wb, Bapak Ibu admin", "smalltalk.salam"),
    ("Saya undur diri dulu", "smalltalk.pamit"),
    ("Baik, sampai jumpa lagi Bapak/Ibu", "smalltalk.pamit"),
    # thanks and a goodbye end the conversation; thanks alone, or "oke", do not
    ("Terima kasih, sampai jumpa", "smalltalk.pamit"),
    ("oke", "smalltalk.terima-kasih"),
    # wanting to ask about the programme, without asking anything yet
    ("saya ingin bertanya mengenai program kota cerdas", "smalltalk.bertanya"),
    ("boleh tanya-tanya soal smart city?", "smalltalk.bertanya"),
])
def test_greetings_and_goodbyes_in_other_words(matcher: Matcher, question: str,
                                               entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("smalltalk", entry_id)


def test_no_topic_example_is_taken_for_small_talk(matcher: Matcher) -> None:
    # "tentang bot ini" is made of words greetings use too ("halo bot")
    taken = [q for e in matcher.kb.entries.values() if not e.is_smalltalk
             for q in e.questions if matcher.match(q).outcome == "smalltalk"]
    assert not taken


def test_a_greeting_with_a_real_question_answers_it(matcher: Matcher) -> None:
    assert matcher.match("halo kak mau nanya syarat ikut smart city").entry_id == \
        "program.cara-bergabung"
    assert matcher.match("mau tanya soal biaya smart city").entry_id == "program.biaya"


def test_a_key_term_settles_close_candidates(matcher: Matcher) -> None:
    result = matcher.match("kominfo ngasih dana ke daerah gak buat smart city")
    assert (result.outcome, result.entry_id) == ("answer", "program.biaya")
    # a rival's own word far weaker than the question's key term ("pertama kali" of the
    # history, against "award") leaves the key term to decide
    result = matcher.match("smart city award pertama kali diberikan tahun berapa")
    assert (result.outcome, result.entry_id) == ("answer", "program.penghargaan")


def test_candidates_rank_entries_even_below_the_answer_threshold(matcher: Matcher) -> None:
    question = "harga tiket masuk museum kota"
    assert matcher.match(question).outcome is Outcome.FALLBACK
    found = matcher.candidates(question, 3)
    assert 1 <= len(found) <= 3
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert not any(matcher.kb.entries[s.entry_id].is_smalltalk for s in found)
    assert matcher.candidates("berapa biaya ikut smart city", 1)[0].entry_id == \
        matcher.match("berapa biaya ikut smart city").entry_id
    assert matcher.candidates("", 3) == ()


@pytest.mark.parametrize(("question", "nth"), [
    ("angkatan ke-2 smart city siapa saja", 2), ("gelombang ketiga peserta smart city", 3),
    ("second batch of the smart city program", 2), ("batch 4 smart city daerahnya mana", 4),
])
def test_an_ordinal_names_a_cohort_in_order(matcher: Matcher, question: str, nth: int) -> None:
    cohorts = sorted(matcher.kb.regions.cohorts)
    assert matcher.match(question).entry_id == f"angkatan.{cohorts[nth - 1]}"


def _first_hundred(matcher: Matcher) -> list[int]:
    """The first cohorts, in order, whose sizes add up to 100 ("Gerakan Menuju 100 Smart City")."""
    total, years = 0, []
    for year, cohort in sorted(matcher.kb.regions.cohorts.items()):
        total += cohort.size
        years.append(year)
        if total >= 100:
            break
    assert total == 100
    return years


def test_the_order_within_the_first_hundred_counts_those_cohorts(matcher: Matcher) -> None:
    hundred = _first_hundred(matcher)
    assert matcher.match("tahap II gerakan 100 smart city pesertanya").entry_id == \
        f"angkatan.{hundred[1]}"
    assert matcher.match("daerah terakhir yang menggenapkan gerakan 100 smart city").entry_id \
        == f"angkatan.{hundred[-1]}"
    # outside that frame "tahap II" is a stage of the evaluation, "terakhir" the latest cohort
    assert matcher.match("evaluasi tahap II smart city itu apa").entry_id != \
        f"angkatan.{hundred[1]}"
    assert matcher.match("angkatan terakhir smart city").entry_id == \
        f"angkatan.{max(matcher.kb.regions.cohorts)}"


def test_who_signed_in_a_year_or_a_year_with_its_size_is_that_cohort(matcher: Matcher) -> None:
    year, cohort = max(matcher.kb.regions.cohorts.items())
    assert matcher.match(f"yg ttd nota kesepakatan {year} siapa aja").entry_id == \
        f"angkatan.{year}"
    assert matcher.match(f"{year} ada {cohort.size} kab kota kan, sebutin").entry_id == \
        f"angkatan.{year}"
    assert matcher.match(f"{year} ada {cohort.size} kasus banjir di kota").outcome == "fallback"


def test_why_a_cohort_is_what_it_is_is_no_request_for_its_list(matcher: Matcher) -> None:
    result = matcher.match("kenapa peserta 2021 daerah pariwisata semua")
    assert not (result.entry_id or "").startswith("angkatan.")
    assert matcher.match("peserta 2021 daerah mana saja").entry_id == "angkatan.2021"


def test_a_region_named_with_cohort_years_asks_about_its_cohort(matcher: Matcher) -> None:
    years = sorted(matcher.kb.regions.cohorts)
    result = matcher.match(f"kotamobagu {years[1]} atau {years[-2]}?")
    assert (result.outcome, result.entry_id) == ("answer", "daerah.kota-kotamobagu")
    assert matcher.match(f"kota bogor {max(years) + 1}").outcome == "fallback"  # no cohort


def test_where_a_cohort_signed_is_no_question_about_that_place(matcher: Matcher) -> None:
    assert "di Makassar" in matcher.kb.regions.cohorts[2017].summary  # what the data says
    result = matcher.match("Mohon daftar kabupaten/kota yang menandatangani MoU di Makassar "
                           "tahun 2017.")
    assert (result.outcome, result.entry_id) == ("answer", "angkatan.2017")
    assert matcher.match("makassar ikut smart city tahun 2017?").entry_id == \
        "daerah.kota-makassar"


def test_a_province_asked_first_is_not_replaced_by_its_example_region(matcher: Matcher) -> None:
    result = matcher.match("sulawesi selatan ada yang ikut smart city? makassar misalnya")
    assert (result.outcome, result.entry_id) == ("answer", "provinsi.sulawesi-selatan")
    assert matcher.match("makassar sulawesi selatan ikut smart city?").entry_id == \
        "daerah.kota-makassar"


@pytest.mark.parametrize(("question", "entry_id"), [
    # an innovation its answer names, a near-domain word or a topic word said in passing
    ("kota padang panjang ikut smart city? yang bikin paduko", "daerah.kota-padang-panjang"),
    ("nunukan ikut smart city? kabupaten dekat malaysia itu", "daerah.kabupaten-nunukan"),
    ("kabupaten penajam paser utara peserta smart city ikn?",
     "daerah.kabupaten-penajam-paser-utara"),
])
def test_whether_one_named_region_takes_part_is_its_own_question(
        matcher: Matcher, question: str, entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", entry_id)


@pytest.mark.parametrize("question", [
    "kota paling cerdas di dunia 2024 apa", "desa cerdas kemendes itu syaratnya apa",
])
def test_world_rankings_and_other_ministries_are_declined(matcher: Matcher,
                                                           question: str) -> None:
    assert matcher.match(question).outcome == "fallback"


@pytest.mark.parametrize(("question", "entry_id"), [
    # an entry's own term next to the programme's name outweighs words about something else
    ("smart living itu apa, buat tugas sekolah adik saya", "pilar.living"),
    ("quick win smart city itu apaan, tadi disebut pas rapat kantor", "program.quick-win"),
    ("bimtek smart city materinya apa, saya disuruh atasan berangkat lusa", "program.bimtek"),
    # several terms only one topic has need no name of the programme
    ("kebijakan privasinya gimana, data apa yang dicatat dan disimpan", "bot.privasi"),
])
def test_an_anchor_outweighs_context_words(matcher: Matcher, question: str,
                                           entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", entry_id)


@pytest.mark.parametrize("question", [
    "biaya nikah di KUA berapa", "sejarah kerajaan majapahit", "jadwal motogp mandalika",
    "smart economy saham apa yang bagus dibeli", "smart living furniture toko mana yang murah",
])
def test_an_entry_word_about_something_else_is_no_anchor(matcher: Matcher,
                                                         question: str) -> None:
    assert matcher.match(question).outcome == "fallback"


def test_thanks_closing_a_question_do_not_dilute_it(matcher: Matcher) -> None:
    result = matcher.match("Mohon info biaya ikut smart city untuk kabupaten kami. Terima kasih "
                           "banyak.")
    assert (result.outcome, result.entry_id) == ("answer", "program.biaya")


@pytest.mark.parametrize(("question", "entry_id"), [
    # chat forms of verbs ("ny-", "ng-", "-in", the "ke-" passive) are their formal forms
    ("yg nyelenggarain gerakan menuju smart city tuh siapa", "program.penyelenggara"),
    ("kalo kabupaten udah kepilih, abis itu ngapain aja", "program.tahapan"),
])
def test_a_colloquial_verb_reads_as_its_formal_form(matcher: Matcher, question: str,
                                                    entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", entry_id)


@pytest.mark.parametrize(("question", "entry_id"), [
    # taking part in another form of the verb ("tergabung", "mengikuti")
    ("kabupaten kota jawa barat yang tergabung apa aja", province_id("Jawa Barat")),
    # how one named place is doing asks about that place, not the programme's history
    ("perkembangan smart city di surabaya bagaimana", "daerah.kota-surabaya"),
    ("gimana kelanjutan smart city di denpasar", "daerah.kota-denpasar"),
    ("makassar smart city sekarang kabarnya gimana", "daerah.kota-makassar"),
])
def test_a_place_asked_in_other_words_is_that_place(matcher: Matcher, question: str,
                                                    entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", entry_id)
    # without a place, the same words ask about the programme
    assert matcher.match("smart city gimana ceritanya dari awal").entry_id == "program.sejarah"
    # and about something else in a place, nothing we know
    assert matcher.match("kondisi jalan di makassar sekarang gimana").outcome == "fallback"


@pytest.mark.parametrize("question", [
    "Saya vendor CCTV, mau ikut tender smart city di dinas kominfo, prosedurnya gimana?",
    "PT kami menyediakan command center, bisa jadi rekanan pemerintah daerah peserta smart city?",
    "kami jualan sensor banjir, gimana masukin ke pengadaan pemda smart city",
])
def test_an_offer_to_sell_to_the_government_is_declined(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).outcome == "fallback"


@pytest.mark.parametrize(("question", "entry_id"), [
    # a seller only mentioned, or only searched for, is no offer
    ("website resmi smart city kominfo apa, saya cari malah muncul situs jual cctv",
     "program.kontak"),
    # a region asking how it joins, whatever vendors offer it
    ("kami dari diskominfo, banyak vendor menawarkan aplikasi, bagaimana cara daerah kami ikut "
     "smart city?", "program.cara-bergabung"),
])
def test_selling_words_without_a_seller_asking_keep_their_topic(matcher: Matcher, question: str,
                                                                entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", entry_id)


@pytest.mark.parametrize("question", [
    "smart city ini buatan siapa", "smart city bisa dipercaya gak", "smart city dibuat untuk apa",
])
def test_a_question_naming_the_programme_is_never_answered_about_the_bot(
        matcher: Matcher, question: str) -> None:
    # the bot's own examples ask the same with "bot ini" instead of "smart city"
    result = matcher.match(question)
    assert not (result.outcome == "answer" and (result.entry_id or "").startswith("bot."))
    assert matcher.match(question.replace("smart city", "bot")).entry_id == "bot.tentang"


@pytest.mark.parametrize("question", [
    "kemarin pak lurah ngomongin kota cerdas di musyawarah desa, maksudnya apa sih",
    "td liat baliho gerakan menuju smart city di jalan, itu artinya apa",
    "anak saya tanya arti gerakan menuju smart city, saya bingung jawabnya",
    "saya ingin penjelasan mengenai program smart city",  # not the citizens' role ("saya")
])
def test_what_the_programme_s_name_means_after_a_scene(matcher: Matcher, question: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == ("answer", "program.apa-itu")


@pytest.mark.parametrize("question", [
    "huawei smart city solution itu apa", "smart city solution dari cisco itu maksudnya apa",
])
def test_a_term_that_only_contains_the_programme_s_name_is_not_the_programme(
        matcher: Matcher, question: str) -> None:
    assert matcher.match(question).outcome == "fallback"
    # another topic's own term is that topic's definition
    assert matcher.match("istilah quick win di smart city artinya apa").entry_id == \
        "program.quick-win"


def test_an_everyday_subject_in_a_named_place_is_no_question_about_taking_part(
        matcher: Matcher) -> None:
    # "daftar" is how a region joins, and also how a pupil enrols at a school
    assert matcher.match("cara daftar sekolah online di kota bandung").outcome == "fallback"
    assert matcher.match("kota bandung daftar smart city tahun berapa").entry_id == \
        "daerah.kota-bandung"
