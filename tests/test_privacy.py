"""Tests for bot.privacy: what the question log keeps of a citizen's message, and user keys.

The checks here are written independently of the implementation: a digit run is found with
this module's own regex, and the only 9+ digit runs allowed to survive are the documented
harmless shapes (lists of years 1900-2099 or of full dates, rupiah amounts).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.privacy import LABELS, contains_personal_data, fold_text, mask_personal_data, user_key

CORPUS_PATH = Path(__file__).parent / "data" / "personal_data_corpus.jsonl"

# Digits joined by anything that is not a letter; a letter is `[^\W\d_]`.
DIGIT_RUN = re.compile(r"\d(?:(?:(?![^\W\d_])\D)*\d)*")


SEPARATORS = re.compile(r"(?:(?![^\W\d_])\D)+")
_YEAR = r"(?:19|20)\d\d(?!\d)"
# A d-m-yyyy date, a yyyy-m-d date (one "-", "/" or "." inside) or a year 1900-2099.
HARMLESS_ITEM = re.compile(rf"\d{{1,2}}([-/.])\d{{1,2}}\1{_YEAR}"
                           rf"|(?:19|20)\d\d([-/.])\d{{1,2}}\2\d{{1,2}}(?!\d)|{_YEAR}")
RUPIAH = re.compile(r"[1-9]\d{0,2}(?:(?:\.\d{3})+(?:,\d\d)?|(?: \d{3})+)|[1-9]\d*")


def years_or_dates(run: str) -> bool:
    """Whether the run is a list of years and dates, whatever separates them."""
    position = 0
    while item := HARMLESS_ITEM.match(run, position):
        if item.end() == len(run):
            return True
        separator = SEPARATORS.match(run, item.end())
        if separator is None:
            return False
        position = separator.end()
    return False


def _harmless(run: str, before: str, after: str) -> bool:
    if years_or_dates(run):
        return True
    rupiah = re.search(r"(?i)\b(?:rp|idr)\.?\s*$", before) or re.match(r"(?i)\s*rupiah", after)
    return bool(rupiah and RUPIAH.fullmatch(run))


def leaked_runs(text: str) -> list[str]:
    """Runs of 9 or more digits in `text` that are not a documented harmless shape."""
    return [match[0] for match in DIGIT_RUN.finditer(text)
            if sum(map(str.isdecimal, match[0])) >= 9
            and not _harmless(match[0], text[:match.start()], text[match.end():])]


def digits_of(text: str) -> str:
    return "".join(re.findall(r"\d", fold_text(text)))


# --- examples: what staff will read ---------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("NIK 3171 0123 4567 0001, HP 0812-3456-7890", "NIK [NIK], HP [TELEPON]"),
    ("NIK saya 3171012345670001", "NIK saya [NIK]"),
    ("no 12345678901234567890 salah", "no [TELEPON] salah"),
    ("hubungi 0062 812 3456 7890 ya", "hubungi [TELEPON] ya"),
    ("+62 812 3456 7890 atau (021) 555-1234", "[TELEPON] atau [TELEPON]"),
    ("(0812 3456 7890)", "([TELEPON])"),
    ("0812 / 3456 _ 7890, 3171 0123 4567 0001", "[TELEPON], [NIK]"),
    ("0812 2019 2020", "[TELEPON]"),  # one group that is no year is enough
    ("tahun 2017 2018 2019", "tahun 2017 2018 2019"),
    ("budi @ gmail.com", "[EMAIL]"),
    ("budi [at] gmail [dot] com ya", "[EMAIL] ya"),
    ("ｂｕｄｉ＠ｇｍａｉｌ．ｃｏｍ", "[EMAIL]"),
    ("budi@gmail", "[EMAIL]"),
    ("tanya @smartcity_bot", "tanya [AKUN]"),
    ("workshop at Bandung", "workshop at Bandung"),
    ("wa.me/6281234567890", "[TELEPON]"),
    ("Nama saya Budi Santoso, mau tanya", "Nama saya [NAMA], mau tanya"),
    ("perkenalkan nama saya pak Agus dari Bogor", "perkenalkan nama saya pak [NAMA] dari Bogor"),
    ("apa nama kota pertama?", "apa nama kota pertama?"),
    ("", ""),
])
def test_what_the_log_keeps(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


def test_already_normalised_text_is_masked_too() -> None:
    normalized = "nama saya budi santoso nik 3171 0123 4567 0001 hp 0812 3456 7890 mau tanya"
    assert mask_personal_data(normalized) == "nama saya [NAMA] nik [NIK] hp [TELEPON] mau tanya"


def test_folded_text_reads_like_the_original() -> None:
    assert fold_text("Ｓｍａｒｔ ｃｉｔｙ 2\u200b0\u200b17 ٢٠١٨") == "Smart city 2017 2018"
    assert fold_text("budi (at) gmail (dot) com") == "budi@gmail.com"


# --- the corpus of real-world forms ---------------------------------------------------------

def _corpus() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS_PATH.read_text(encoding="utf-8").splitlines()
            if line.strip()]


CORPUS = _corpus()
PERSONAL = [item for item in CORPUS if item["kind"] != "keep"]
KEPT = [item for item in CORPUS if item["kind"] == "keep"]


def test_the_corpus_covers_every_kind_of_personal_data() -> None:
    kinds = {item["kind"] for item in PERSONAL}
    assert kinds == {"nik", "mobile", "landline", "email", "link", "name", "mixed"}
    assert len(PERSONAL) >= 100
    assert len(KEPT) >= 30


@pytest.mark.parametrize("item", PERSONAL, ids=lambda item: item["text"][:40])
def test_personal_data_in_the_corpus_never_survives(item: dict[str, Any]) -> None:
    text = item["text"]
    masked = mask_personal_data(text)
    for secret in item["must_not_contain"]:
        if secret.isdigit():
            assert secret not in digits_of(masked)
        else:
            assert fold_text(secret).lower() not in masked.lower()
    assert leaked_runs(masked) == []
    assert "@" not in masked
    for label in item["labels"]:
        assert label in masked
    for words in item["keep"]:
        assert words in masked  # the rest of the message stays readable
    assert mask_personal_data(masked) == masked
    assert contains_personal_data(text)
    assert not contains_personal_data(masked)


@pytest.mark.parametrize("item", KEPT, ids=lambda item: item["text"][:40])
def test_questions_without_personal_data_are_kept_as_written(item: dict[str, Any]) -> None:
    assert mask_personal_data(item["text"]) == item["text"]
    assert not contains_personal_data(item["text"])


# --- properties ------------------------------------------------------------------------------

def _digit_forms() -> dict[int, list[str]]:
    """Every character Python's unicodedata knows as a decimal digit, by value, plus the
    superscript, subscript and circled forms that NFKC turns into digits."""
    forms: dict[int, list[str]] = {value: [] for value in range(10)}
    for code in range(sys.maxunicode + 1):
        value = unicodedata.decimal(chr(code), None)
        if value is not None:
            forms[value].append(chr(code))
    for value, extra in enumerate(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "₀₁₂₃₄₅₆₇₈₉", "⓪①②③④⑤⑥⑦⑧⑨", strict=True)):
        forms[value].extend(extra)
    return forms


DIGIT_FORMS = _digit_forms()
SEPARATOR_CATEGORIES = ("Zs", "Pd", "Po", "Ps", "Pe", "Pc", "Pi", "Pf", "Sm", "So", "Sk", "Sc",
                        "Cf")


def _is_separator(char: str) -> bool:
    """Not a letter or digit, even after folding ("℡" folds to "TEL": not a separator)."""
    return not any(folded.isalnum() for folded in unicodedata.normalize("NFKC", char))


separators = st.one_of(
    st.just(""),
    st.sampled_from([" ", "/", "_", ",", " - ", ".", "   ", "(", ")", "+", " / ", "\n", "\t",
                     "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u00a0",
                     "\u2013", "\u2014", "\u00b7", "\u2022", "...", ") (", " ) - ( ",
                     "\U0001f4de", "\u3000"]),
    st.text(st.characters(categories=SEPARATOR_CATEGORIES).filter(_is_separator),
            min_size=1, max_size=4),
)
prefixes = st.sampled_from(["", "+62", "+62 ", "0062", "0062 ", "62", "62-", "(0", "(+62) ",
                            "+62 (0)", "0"])
words_before = st.sampled_from(["", "hubungi ", "NIK saya ", "no hp: ", "wa ", "telp. (", "KTP:",
                                "nomor saya adalah ", "ke "])
words_after = st.sampled_from(["", " ya", ".", ", terima kasih", ")", " (WA)", "!",
                               " mohon dicek"])


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A NIK or phone number as a person might type it: (the text, its ASCII digits)."""
    prefix = draw(prefixes)
    body = draw(st.text("0123456789", min_size=9 - len(digits_of(prefix)), max_size=16))
    digits = digits_of(prefix) + body
    written = prefix
    position = 0
    while position < len(body):
        size = draw(st.integers(min_value=1, max_value=5))
        group = body[position:position + size]
        written += "".join(draw(st.sampled_from(DIGIT_FORMS[int(digit)])) for digit in group)
        position += size
        if position < len(body):
            written += draw(separators)
    return draw(words_before) + written + draw(words_after), digits


@given(written_numbers())
@example(("NIK 3171 0123 4567 0001", "3171012345670001"))
@example(("0812\u200b3456\u200b7890", "081234567890"))
def test_no_written_number_survives(number: tuple[str, str]) -> None:
    text, digits = number
    folded = fold_text(text)
    assume(leaked_runs(folded))  # excludes the rare draws that are lists of years or dates
    masked = mask_personal_data(text)
    assert leaked_runs(masked) == []
    for run in DIGIT_RUN.findall(masked):  # not even a part of the number is left; at most a
        assert years_or_dates(run)  # list of years split off by "," (documented)
    assert contains_personal_data(text)
    assert not contains_personal_data(masked)


local_letters = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzBUDI") + list("éüçñøåß")
                                + list("ｂｕｄｉ"))
# Each local part has a letter ("zqxwvfjg") that the words around it lack, so finding it in
# the masked text means it leaked.
local_parts = st.tuples(local_letters, st.text(st.one_of(local_letters, st.sampled_from(
    list("0123456789._-+"))), max_size=12), st.sampled_from("zqxwvfjg")).map("".join)
domain_labels = st.text(st.sampled_from(list("abcdefghijklmnopqrstuvwxyzé")), min_size=2,
                        max_size=10)
top_levels = st.sampled_from(["com", "co.id", "go.id", "id", "net", "org", "ac.id"])
ats = st.sampled_from(["@", "＠", "﹫", " @ ", "@ ", " ＠ ", "[at]", " [at] ", "(at)", " (at) ",
                       "{at}", " [ at ] ", "\u200b@\u200b"])
dots = st.sampled_from([".", "．", "[dot]", " [dot] ", "(dot)", " dot "])


@st.composite
def written_addresses(draw: st.DrawFn) -> tuple[str, str]:
    """An e-mail address as a person might type it: (the text, its local part)."""
    local = draw(local_parts)
    domain = draw(domain_labels)
    if draw(st.booleans()):
        domain += draw(dots) + draw(top_levels).replace(".", draw(dots))
        # "word @name" and " at " count as "@" only before a domain with a dot
        at = draw(st.one_of(ats, st.sampled_from([" at ", " AT ", " @", "\u3000@"])))
    else:
        at = draw(ats)  # no top-level domain: "budi@gmail"
    before = draw(st.sampled_from(["", "email saya ", "kirim ke ", "mailto:", "(", "surel: "]))
    after = draw(st.sampled_from(["", " ya", ".", ", terima kasih", ")", " mohon dibalas"]))
    return before + local + at + domain + after, local


@given(written_addresses())
@example(("budi @ gmail.com", "budi"))
@example(("budi[at]gmail[dot]com", "budi"))
def test_no_written_address_survives(address: tuple[str, str]) -> None:
    text, local = address
    masked = mask_personal_data(text)
    assert "@" not in masked
    folded_local = fold_text(local).lower()
    assert folded_local not in masked.lower()
    assert contains_personal_data(text)
    assert not contains_personal_data(masked)


noisy_text = st.text(st.sampled_from("0123456789 .-+@(),/_abc\n٣０\u200b"), max_size=80)
any_text = st.one_of(noisy_text, st.text(max_size=120))


@given(any_text)
def test_masked_text_holds_no_long_digit_run_and_no_at(text: str) -> None:
    masked = mask_personal_data(text)
    assert leaked_runs(masked) == []
    assert "@" not in masked
    assert not contains_personal_data(masked)


@given(any_text)
def test_masking_is_stable(text: str) -> None:
    masked = mask_personal_data(text)
    assert mask_personal_data(masked) == masked


# Fragments that interact: years and dates next to phone groups, "Rp", addresses, names,
# labels already in the text, folded forms.
fragments = st.sampled_from([
    "2019", "2020", "1999", "20-05-2021", "2021-05-20", "0812", "3456", "62", "+62", "0062", "(0",
    "(", ")", " ", "  ", ", ", ";", "\n", "/", "-", ".", "Rp ", "rupiah", "1.500.000", ".000", "1",
    "12", "nama saya ", "Budi ", "pak ", "@", " @ ", "[at]", " at ", "gmail", ".com", " dot ",
    "[dot]", "budi", "a.n. ", "[NIK]", "[TELEPON]", "[EMAIL]", "[NAMA]", "[AKUN]", "wa.me/",
    "t.me/+", "mailto:", "\u200b", "٣", "０", "＠", "é", "dari", "Nama: ", "\U0001f4de", "'"])


@given(st.lists(fragments, max_size=30).map("".join))
@example("2019 at gmail201920192019")
@example("＠20-05-2021(2019")
@example("nama saya  at nama saya Rp ")
@example("nama saya Rp 201920192019")
def test_mixed_fragments_are_masked_completely_and_stably(text: str) -> None:
    masked = mask_personal_data(text)
    assert leaked_runs(masked) == []
    assert "@" not in masked
    assert mask_personal_data(masked) == masked
    assert not contains_personal_data(masked)


years = st.integers(min_value=1900, max_value=2099).map(str)
year_separators = st.sampled_from([" ", ", ", "/", "-", " - ", "; ", " & "])


@given(st.lists(years, min_size=2, max_size=6), year_separators)
def test_lists_of_years_stay_readable(listed: list[str], separator: str) -> None:
    text = "tahun " + separator.join(listed) + " ada berapa kota?"
    assert mask_personal_data(text) == text


@given(st.lists(years, min_size=2, max_size=5), st.integers(min_value=0, max_value=5),
       st.integers(min_value=10, max_value=99))
def test_a_list_with_one_group_that_is_no_year_is_masked(listed: list[str], position: int,
                                                         other: int) -> None:
    groups = listed[:position] + [f"0{other}"] + listed[position:]  # "0812 2019 2020"
    text = "hubungi " + " ".join(groups)
    assert mask_personal_data(text) == "hubungi [TELEPON]"


words = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=8).filter(
    lambda word: word not in {"at", "nm", "an"} and "nama" not in word and "name" not in word
    and "kenal" not in word and "panggil" not in word)
short_numbers = st.integers(min_value=0, max_value=9999).map(str)


@given(st.lists(st.tuples(words, st.one_of(short_numbers, words)), max_size=12))
def test_words_and_short_numbers_are_kept(pairs: list[tuple[str, str]]) -> None:
    # A word between any two numbers: short numbers never join into a NIK or phone number.
    text = " ".join(f"{word} {token}" for word, token in pairs)
    assert mask_personal_data(text) == text


def test_labels_are_what_the_readme_lists() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for label in LABELS:
        assert label in readme


# --- pseudonymous user keys -----------------------------------------------------------------

def test_user_key_is_hmac_sha256_of_the_id() -> None:
    expected = hmac.new(b"rahasia", b"123456789", hashlib.sha256).hexdigest()
    assert user_key("rahasia", 123456789) == expected


def test_user_key_is_stable_keyed_and_hides_the_id() -> None:
    key = user_key("rahasia", 987654321)
    assert key == user_key("rahasia", 987654321)
    assert key != user_key("lain", 987654321)
    assert key != user_key("rahasia", 987654322)
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert "987654321" not in key


def test_user_key_rejects_an_empty_secret() -> None:
    with pytest.raises(ValueError, match="secret"):
        user_key("", 1)
