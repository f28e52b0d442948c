"""The shape of a question, before any scoring: which cohort it asks for, its sentences.

Pure functions over normalised tokens and the admins' word lists (`knowledge/kosakata.yaml`),
so that the matcher's routing rules read as sentences and are tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from bot.places import PlacesFound
from bot.vocabulary import Vocabulary

REGION_NOUNS = frozenset({"kota", "kabupaten", "daerah"})  # "25 kota pertama" asks a cohort
LIST_WORDS = frozenset({"daftar", "list", "sebutkan", "nama"})  # "daftar kota", "nama2 daerah"
SIGNING_NOUN = "kesepakatan"  # slang.yaml: "ttd", "teken", "MoU" all become "nota kesepakatan"
BETWEEN_NOUN_AND_ORDINAL = frozenset({"yang", "paling", "kali"})  # "angkatan yang paling awal",
# "yang pertama kali ikut"
MAX_BETWEEN = 3  # "angkatan smart city yang terbaru": the noun at most this many words away
COHORT_NOUN = "angkatan"  # slang.yaml turns "gelombang", "batch", "rombongan" into it
STAGE_NOUN = "tahapan"  # "tahap II gerakan 100 smart city": a cohort, within a counted frame
ORDINAL_WORDS = {"kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6,
                 "ketujuh": 7, "kedelapan": 8, "kesembilan": 9,  # Indonesian grammar
                 "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}  # Roman numerals: "tahap II"
PROGRAMME_NAME = frozenset({"smart"})  # with kata_nama_program: "peserta smart city terbaru"
SELLER_DISTANCE = 3  # "perusahaan kami menjual", "kami vendor": the asker near the selling word
BECOMING = frozenset({"jadi", "menjadi"})
GOVERNMENT = frozenset({"pemerintah"})  # "pemda", "pemkot" become "pemerintah daerah/kota"
WHY_WORDS = frozenset({"kenapa", "mengapa"})  # "kenapa 2021 pesertanya daerah wisata?" asks why
SMART = "smart"
SMART_PLACES = ("kota", "kabupaten", "daerah", "desa", "kampung", "wilayah")  # "kotaku"
SMART_REACH = 3  # "kota kami makin smart": the place at most this many words before
COUNT_WORDS = frozenset({"berapa", "jumlah", "jumlahnya", "banyak"})  # "ada berapa kab kota"
UP_TO_WORDS = frozenset({"sampai", "hingga"})  # "sampai (angkatan) 2023": a total up to it
UP_TO_REACH = 3  # ... at most this many words before the year ("sampai dengan tahun 2023")
SENTENCE_END_RE = re.compile(r"[.!?;:\n]+")


def cohort_asked(tokens: Sequence[str], places: PlacesFound, words: Vocabulary,
                 sizes: Mapping[int, int]) -> int | None:
    """The cohort a question asks for: a year, or "angkatan pertama / terbaru".

    "total sampai 2023" asks for a count, not the 2023 cohort, unless the year follows a
    cohort word ("peserta angkatan 2023 sampai sekarang"); "2020-2024" is a period; "kota
    cerdas 2021" names the programme, while "10 daerah smart city 2024" asks for a cohort, and
    so does the memorandum signed in a year ("yg ttd nota kesepakatan 28 februari 2023") or a
    year named with its cohort's size ("2022 ada 50 kab kota kan, sebutin"). Within a number
    the first cohorts added up to ("25 daerah terakhir penggenap 100", "tahap II gerakan 100
    smart city") the order counts in those cohorts only. Why a cohort is what it is ("kenapa
    2021 pesertanya daerah wisata semua") is a topic's answer, not the cohort's list.
    """
    present = set(tokens)
    if present & WHY_WORDS:
        return None  # a reason is a topic's answer, not a cohort's list
    cohorts = sorted(sizes)
    years = [y for y in places.years if y in sizes]
    nouns = words.kata_angkatan | REGION_NOUNS | {SIGNING_NOUN}
    if len(years) == 1 and len(places.years) == 1:
        if not any(t in nouns and not (t == "kota" and after == "cerdas")
                   for t, after in zip(tokens, (*tokens[1:], ""), strict=True)):
            return None
        if counts_up_to(tokens, years[0], words):
            return None
        return years[0]
    if places.years or not cohorts:
        return None
    frame = counted_frame(tokens, sizes)
    order = frame or cohorts
    stage = {STAGE_NOUN} if frame else set()
    between = BETWEEN_NOUN_AND_ORDINAL | words.kata_nama_program | PROGRAMME_NAME
    for i, token in enumerate(tokens):
        if (token in words.kata_urutan_awal or token in words.kata_urutan_akhir) \
                and next_to(tokens, i, nouns | stage, between):
            return order[0] if token in words.kata_urutan_awal else order[-1]
    return nth_cohort(tokens, order, {COHORT_NOUN} | stage)


def counts_up_to(tokens: Sequence[str], year: int, words: Vocabulary) -> bool:
    """Whether a year is where a total ends ("total sampai 2023", "sampai angkatan 2023").

    "up to" before the year always counts ("sampai angkatan 2023 total pesertanya"); another
    cumulative word does unless the year follows a cohort word ("peserta angkatan 2023
    sampai sekarang", "total peserta angkatan 2023").
    """
    if not set(tokens) & words.kata_kumulatif or str(year) not in tokens:
        return False
    at = list(tokens).index(str(year))
    if set(tokens[max(0, at - UP_TO_REACH):at]) & UP_TO_WORDS:
        return True
    return not (at and tokens[at - 1] in words.kata_angkatan)


def lists_regions(tokens: Sequence[str]) -> bool:
    """Whether the question asks for a list of regions ("daftar kota smart city", "list kab").

    A list word right before a region noun ("daftar kota", "list kabupaten kota", "nama-nama
    daerah"); the caller checks that no year, place or other topic narrows it.
    """
    return any(token in LIST_WORDS and nxt in REGION_NOUNS
               for token, nxt in zip(tokens, tokens[1:], strict=False))


def total_up_to(tokens: Sequence[str], years: Sequence[int], words: Vocabulary) -> bool:
    """Whether the question counts regions up to a year ("sampai 2021 ada berapa kab kota")."""
    present = set(tokens)
    return len(years) == 1 and bool(present & COUNT_WORDS) and \
        bool(present & (REGION_NOUNS | words.kata_angkatan)) and \
        counts_up_to(tokens, years[0], words)


def phase_labels(tokens: Sequence[str]) -> frozenset[str]:
    """"tahap" naming one phase ("evaluasi tahap II", "tahap 2"): a label, not the stages."""
    return frozenset(STAGE_NOUN for token, nxt in zip(tokens, tokens[1:], strict=False)
                     if token == STAGE_NOUN and (nxt in ORDINAL_WORDS or
                                                 nxt.isdigit() and len(nxt) == 1))


def counts_regions(tokens: Sequence[str], words: Vocabulary) -> bool:
    """Whether the question counts regions, not participants ("jumlah kabupaten di indonesia").

    A count of kabupaten or provinces with no word of the programme or of taking part is a
    geography question.
    """
    if set(tokens) & words.domain or any(t.isdigit() and len(t) == 4 for t in tokens):
        return False  # "sampai 2021 ada berapa kabupaten kota" is a total up to a year
    nouns = REGION_NOUNS | {"provinsi"}
    return any(t in COUNT_WORDS and set(tokens[i + 1:i + 3]) & nouns
               for i, t in enumerate(tokens))  # "berapa kabupaten", not "tinggal di kota"


def smart_place(tokens: Sequence[str]) -> bool:
    """Whether "smart" describes a place ("biar kotaku makin smart"), as the programme does.

    Not "tujuan SMART untuk target kerja"; smart devices are declined before this is asked.
    """
    return any(word == SMART and any(t.startswith(SMART_PLACES)
                                     for t in tokens[max(0, i - SMART_REACH):i])
               for i, word in enumerate(tokens))


def size_named(tokens: Sequence[str], year: int, sizes: Mapping[int, int]) -> bool:
    """Whether the question names a cohort year and that cohort's size ("2022 ada 50 ...")."""
    return str(sizes.get(year, "")) in tokens


def counted_frame(tokens: Sequence[str], sizes: Mapping[int, int]) -> list[int]:
    """The first cohorts whose sizes add up to a number the question names (25 + 50 + 25 = 100).

    "Gerakan Menuju 100 Smart City" was the name of its first three cohorts, so "tahap II" of it
    is the second of those and "yang terakhir" the third, not the latest cohort of all.
    """
    numbers = {int(t) for t in tokens if t.isdigit() and len(t) < 4}
    total, frame = 0, []
    for year in sorted(sizes):
        total += sizes[year]
        frame.append(year)
        if total in numbers and len(frame) > 1:
            return frame
    return []


def nth_cohort(tokens: Sequence[str], cohorts: Sequence[int],
               nouns: Collection[str] = (COHORT_NOUN,)) -> int | None:
    """The cohort an ordinal names: "angkatan ke-2", "angkatan kedua", "batch 3".

    Counted in the order the cohorts took place (2017 is the first, 2018 the second), next to
    the cohort noun (`nouns`) in either order ("kedua angkatan" is how "second batch" reads).
    """
    for i, token in enumerate(tokens):
        if token not in nouns:
            continue
        after = tokens[i + 1:i + 3]
        number = None
        if after[:1] and after[0] in ORDINAL_WORDS:
            number = ORDINAL_WORDS[after[0]]
        elif after[:1] and after[0].isdigit() and len(after[0]) == 1:
            number = int(after[0])  # "angkatan 2": a year would have four digits
        elif len(after) == 2 and after[0] == "ke" and after[1].isdigit():
            number = int(after[1])
        elif i and tokens[i - 1] in ORDINAL_WORDS:
            number = ORDINAL_WORDS[tokens[i - 1]]
        if number is not None and 1 <= number <= len(cohorts):
            return cohorts[number - 1]
    return None


def next_to(tokens: Sequence[str], i: int, nouns: frozenset[str],
            between: Collection[str] = BETWEEN_NOUN_AND_ORDINAL) -> bool:
    """Whether tokens[i] sits next to one of `nouns`, with only `between` words between.

    "angkatan pertama", "yang terbaru angkatan", "kota paling awal", and with the programme's
    name between ("peserta smart city yang terbaru").
    """
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(tokens) and abs(j - i) <= MAX_BETWEEN and tokens[j] in between:
            j += step
        if 0 <= j < len(tokens) and tokens[j] in nouns:
            return True
    return False


def topic_tokens(tokens: tuple[str, ...], places: PlacesFound) -> tuple[str, ...]:
    """The question without the place names it mentions: they set the scene, not the topic."""
    covered = places.covered
    rest = tuple(t for i, t in enumerate(tokens) if i not in covered)
    return rest or tokens


def sells_to_government(tokens: Sequence[str], words: Vocabulary) -> bool:
    """Whether the asker offers goods or services to the government.

    "Kami vendor CCTV. Bagaimana caranya menawarkan produk kami ke Pemda?" and "Perusahaan kami
    menjual sensor IoT, apakah bisa jadi vendor resmi pemerintah daerah?" name a selling word,
    the asker next to it (or wanting to become one: "PT kami ..., bisa jadi rekanan pemda?")
    and a government buyer; "pemda disuruh beli aplikasi vendor" names no
    seller, and in "sy cari di google malah muncul situs jual cctv" the asker only searched.
    """
    present = set(tokens)
    if not present & (words.kata_instansi | GOVERNMENT):
        return False
    selling = [i for i, t in enumerate(tokens) if t in words.kata_dagang]
    asker = [i for i, t in enumerate(tokens) if t in words.kata_diri]
    becoming = any(set(tokens[max(0, j - 2):j]) & BECOMING for j in selling)  # "jadi (mitra)
    # vendor pemkot", "jadi rekanan pemda"
    return bool(asker) and (becoming or any(abs(i - j) <= SELLER_DISTANCE
                                            for i in asker for j in selling))

