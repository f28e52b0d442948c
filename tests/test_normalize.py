"""Normalisation of informal Indonesian: slang, particles, markup and typo repair."""

from pathlib import Path

import pytest

from bot.knowledge import load_knowledge
from bot.matcher import Matcher
from bot.normalize import Normalizer, basic_tokens

KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"

SLANG = {"gmn": "bagaimana", "yg": "yang", "sc": "smart city", "kab": "kabupaten",
         "nota kesepahaman": "nota kesepakatan"}
PARTICLES = ["sih", "dong", "kak", "min", "ya"]


@pytest.fixture
def normalizer() -> Normalizer:
    return Normalizer(SLANG, PARTICLES, ["bagaimana", "governance", "kabupaten", "banyuwangi",
                                         "proses", "smart", "city"])


@pytest.mark.parametrize(("text", "expected"), [
    ("Gmn sih kak, SC itu apa?", "bagaimana smart city itu apa"),
    ("kab. Siak yg ikut", "kabupaten siak yang ikut"),
    ("<b>halo</b> &amp; selamat", "halo selamat"),
    ("nota kesepahaman 2021", "nota kesepakatan 2021"),
    ("cek https://example.org/x ya min", "cek"),
    ("Smart   governace??", "smart governance"),
    ("banyuwangy ikut", "banyuwangi ikut"),
    ("prosesnya", "proses"),
    ("kereeen bangettt", "kereen bangett"),
    ("", ""),
    ("🙂🙂🙂", ""),
])
def test_normalize(normalizer: Normalizer, text: str, expected: str) -> None:
    assert normalizer.normalize(text).text == expected


def test_repair_marks_repaired_words(normalizer: Normalizer) -> None:
    result = normalizer.normalize("smart governace")
    assert result.repaired == {"governance"}


def test_short_words_are_not_repaired(normalizer: Normalizer) -> None:
    assert normalizer.normalize("kot").text == "kot"


def test_basic_tokens_strips_accents_and_mentions() -> None:
    assert basic_tokens("@smartcity_sim_bot Café kota-kota") == ["cafe", "kota"]


def test_very_long_input_is_truncated(normalizer: Normalizer) -> None:
    assert len(normalizer.normalize("smart " * 4000).tokens) <= 200


class Forms:
    """A tiny stand-in for the Indonesian stemmer: a few roots and their derived words."""

    ROOTS = {"berhasil": "hasil", "beserta": "serta", "melaksanakan": "laksana",
             "pelaksanaan": "laksana", "kerangka": "kerangka", "perangkat": "angkat"}

    def stem(self, word: str) -> str:
        return self.ROOTS.get(word, word)

    def is_word(self, word: str) -> bool:
        return word in self.ROOTS


@pytest.mark.parametrize(("text", "expected"), [
    ("berhasil", "berhasil"),  # a real word is not "repaired" into "berbasis"
    ("beserta", "beserta"),
    ("kerangka", "kerangka"),  # nor into "perangkat"
    ("melaksanakan", "pelaksanaan"),  # but may become another form of itself
    ("berbasiss", "berbasis"),  # typos are still repaired
])
def test_real_words_are_only_repaired_into_forms_of_themselves(text: str, expected: str) -> None:
    normalizer = Normalizer({}, [], ["berbasis", "peserta", "perangkat", "pelaksanaan"],
                            forms=Forms())
    assert normalizer.normalize(text).text == expected


def test_words_spelling_a_place_name_are_kept() -> None:
    normalizer = Normalizer({}, [], ["para", "kota"])
    normalizer.set_vocabulary(["para", "kota"], names=["parepare", "baubau"],
                              joined_names=["parepare", "baubau"], max_name_words=2)
    assert normalizer.normalize("pare pare").text == "pare pare"  # not "para para"
    assert normalizer.normalize("kota-kota").text == "kota"  # a plural
    assert basic_tokens("bau-bau", frozenset({"baubau"})) == ["bau", "bau"]


def test_a_suffix_is_stripped_to_a_slang_word() -> None:
    normalizer = Normalizer({"nomor": "kontak"}, [], ["kontak"])
    assert normalizer.normalize("nomornya").text == "kontak"


def test_a_vowel_less_abbreviation_becomes_the_one_word_it_spells() -> None:
    normalizer = Normalizer({}, [], ["daftar", "sekitar", "sektor", "batas", "pemerintah"])
    assert normalizer.normalize("dftr").text == "daftar"
    assert normalizer.normalize("pmrnth").text == "pemerintah"
    assert normalizer.normalize("sktr").text == "sktr"  # sekitar or sektor: neither
    assert normalizer.normalize("bts").text == "bts"  # short ones are mostly acronyms


def _with_morphology(vocabulary: list[str]) -> Normalizer:
    from bot.morphology import shared_morphology
    normalizer = Normalizer({}, [], vocabulary, forms=shared_morphology())
    normalizer.set_vocabulary(vocabulary, root_targets=vocabulary)
    return normalizer


def test_a_colloquial_verb_is_the_form_of_its_root_the_vocabulary_uses() -> None:
    normalizer = _with_morphology(["menyelenggarakan", "mengelola", "hasil", "dipilih",
                                   "terpilih", "persiapan", "log"])
    assert normalizer.normalize("nyelenggarain").text == "menyelenggarakan"  # ny- ... -in
    assert normalizer.normalize("ngelola").text == "mengelola"  # ng- for meng-
    assert normalizer.normalize("ngasilin").text == "hasil"  # ng- for meng- with its h
    # the "ke-" passive is the "ter-" one, not the nearest form of its root
    assert normalizer.normalize("kepilih").text == "terpilih"
    assert normalizer.normalize("login").text == "login"  # too short a root for "-in"


def test_two_words_that_mean_one_are_one() -> None:
    normalizer = Normalizer({}, [], ["langkah", "terbaru", "baru", "paling", "toli"])
    normalizer.set_vocabulary(["langkah", "terbaru", "baru", "paling"], names=["toli"])
    assert normalizer.normalize("langkah langkah").text == "langkah"  # a plural
    assert normalizer.normalize("peserta paling baru").text == "peserta terbaru"
    assert normalizer.normalize("paling murah").text == "paling murah"  # no "termurah" known
    assert normalizer.normalize("toli toli").text == "toli toli"  # a place name


@pytest.fixture(scope="module")
def knowledge_normalizer() -> Normalizer:
    """The normaliser of the real knowledge base, with the admins' slang.yaml."""
    return Matcher(load_knowledge(KNOWLEDGE)).normalizer


@pytest.mark.parametrize(("text", "meaning"), [
    # Sundanese and Javanese: asking, wanting, joining, greeting in a regional language
    ("punten, abdi bade naros", "permisi saya mau tanya"),
    ("wilujeng enjing", "selamat pagi"),  # never "anjing", a word of another topic
    ("kepingin nderek, piye carane", "ingin ikut bagaimana cara"),
    ("nyuwun sewu, kenging menopo", "permisi kenapa"),
    # Betawi and Minang: time, negation and relative words
    ("udeh ikut apa kagak", "sudah ikut apa tidak"),
    ("ado daerah nan ikuik", "ada daerah yang ikut"),
    # contact channels and programme acronyms as the knowledge examples write them
    ("alamat web resmi", "alamat situs resmi"),
    ("bisa dm ke mana", "bisa kontak ke mana"),
    ("media sosial resmi", "medsos resmi"),  # not the "society" pillar
    ("qw itu apa", "quick win itu apa"),
    ("bintek kapan", "bimtek kapan"),
    # chat words that would otherwise be "repaired" into another word (Kota Serang, "atau")
    ("skrang masih bisa", "sekarang masih bisa"),
    ("gatau gmana", "tidak tahu bagaimana"),
])
def test_informal_and_regional_words_read_as_standard_indonesian(
        knowledge_normalizer: Normalizer, text: str, meaning: str) -> None:
    assert knowledge_normalizer.normalize(text).text == meaning


def test_a_common_word_is_not_cut_down_to_a_regional_one(knowledge_normalizer: Normalizer) -> None:
    # "salah" ends like "sa" + "lah": Papuan "sa" (saya) is deliberately not a slang word
    assert knowledge_normalizer.normalize("salah satu kabupaten").text == "salah satu kabupaten"


@pytest.mark.parametrize(("text", "meaning"), [
    ("provinsiku ikut smart city", "provinsi saya ikut smart city"),  # "-ku" is the asker's
    ("aku bosen", "saya bosan"),  # a chat vowel is that word, never "dosen"
    ("rumahnya deket", "rumah dekat"),
])
def test_possessives_and_chat_vowels_read_as_words(knowledge_normalizer: Normalizer, text: str,
                                                   meaning: str) -> None:
    assert knowledge_normalizer.normalize(text).text == meaning
