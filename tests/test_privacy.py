"""Tests for bot.privacy: masking personal data and pseudonymous user keys."""

from __future__ import annotations

import hashlib
import hmac
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.privacy import mask_personal_data, user_key

SIXTEEN_DIGITS = re.compile(r"\d{16}")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NIK, plain and grouped
        ("NIK saya 3171012345670001", "NIK saya [NIK]"),
        ("nik: 3171 0123 4567 0001.", "nik: [NIK]."),
        ("3171.0123.4567.0001", "[NIK]"),
        ("31.71.01.234567.0001 ya", "[NIK] ya"),
        ("NIK 3201-2345-0190-0001", "NIK [NIK]"),
        ("no 12345678901234567890 salah", "no [NIK] salah"),
        # phone numbers
        ("hubungi 081234567890", "hubungi [TELEPON]"),
        ("HP: 0812-3456-7890", "HP: [TELEPON]"),
        ("wa 0812 3456 789 ya", "wa [TELEPON] ya"),
        ("telp 0812.3456.7890", "telp [TELEPON]"),
        ("+6281234567890 atau +62 812 3456 7890", "[TELEPON] atau [TELEPON]"),
        ("62 812-3456-7890", "[TELEPON]"),
        ("nomor:081234567", "nomor:[TELEPON]"),
        ("(0812) 3456", "(0812) 3456"),
        # e-mail
        ("kirim ke budi.santoso+kota@mail.go.id ya", "kirim ke [EMAIL] ya"),
        ("3171012345670001@gmail.com", "[EMAIL]"),
        # several at once
        (
            "NIK 3171012345670001, HP 081234567890, email a@b.co",
            "NIK [NIK], HP [TELEPON], email [EMAIL]",
        ),
        ("3171012345670001 081234567890", "[NIK] [TELEPON]"),
        # left alone: years, counts, short numbers, mentions, decimals, dates
        ("Program dimulai tahun 2017 dengan 25 kota", "Program dimulai tahun 2017 dengan 25 kota"),
        ("48 daerah dan 100 smart city", "48 daerah dan 100 smart city"),
        ("tahun 2017, 2018, 2019 dan 2020", "tahun 2017, 2018, 2019 dan 2020"),
        ("tanya @smartcity_bot", "tanya @smartcity_bot"),
        ("skor 62.8 persen", "skor 62.8 persen"),
        ("tanggal 08-08-2017", "tanggal 08-08-2017"),
        ("kode pos 10110", "kode pos 10110"),
        ("", ""),
    ],
)
def test_mask_personal_data(text: str, expected: str) -> None:
    assert mask_personal_data(text) == expected


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


# Text made of digits, separators and letters, so runs of digits are common.
noisy_text = st.text(alphabet=st.sampled_from("0123456789 .-+@abc,\n٣"), max_size=80)
any_text = st.one_of(noisy_text, st.text(max_size=80))


@given(any_text)
def test_masking_never_leaves_a_sixteen_digit_run(text: str) -> None:
    assert not SIXTEEN_DIGITS.search(mask_personal_data(text))


@given(any_text)
def test_masking_is_idempotent(text: str) -> None:
    once = mask_personal_data(text)
    assert mask_personal_data(once) == once


words = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=8)
short_numbers = st.integers(min_value=0, max_value=9999).map(str)
mentions = words.map(lambda word: "@" + word)


@given(st.lists(st.tuples(words, st.one_of(short_numbers, words, mentions)), max_size=12))
def test_text_without_personal_data_is_unchanged(pairs: list[tuple[str, str]]) -> None:
    # A word between any two numbers: short numbers never join into a NIK or phone number.
    text = " ".join(f"{word} {token}" for word, token in pairs)
    assert mask_personal_data(text) == text


digit_strings = st.text(alphabet="0123456789", min_size=16, max_size=16)
separators = st.lists(st.sampled_from(["", " ", ".", "-"]), min_size=15, max_size=15)


@given(digit_strings, separators)
def test_any_grouping_of_a_nik_is_masked(digits: str, seps: list[str]) -> None:
    written = digits[0] + "".join(sep + digit for sep, digit in zip(seps, digits[1:], strict=True))
    assert mask_personal_data(f"NIK saya {written} terima kasih") == "NIK saya [NIK] terima kasih"


@given(
    st.sampled_from(["0", "62", "+62", "62 ", "+62 "]),
    st.text(alphabet="0123456789", min_size=7, max_size=11),
    st.sampled_from(["", " ", ".", "-"]),
)
def test_indonesian_mobile_numbers_are_masked(prefix: str, rest: str, sep: str) -> None:
    number = prefix + "8" + sep.join(rest[i:i + 4] for i in range(0, len(rest), 4))
    assert mask_personal_data(f"hubungi {number} ya") == "hubungi [TELEPON] ya"


@pytest.mark.parametrize(("text", "expected"), [
    ("HP 0812\xa03456\xa07890", "HP [TELEPON]"),  # no-break spaces pasted from a phone app
    ("(0812) 3456-7890", "[TELEPON]"),
    ("0812\u20113456\u20117890", "[TELEPON]"),  # non-breaking hyphens
    ("0812\u20133456\u20137890", "[TELEPON]"),  # en dashes
    ("hp: " + "".join(chr(0xFF10 + int(d)) for d in "081234567890"), "hp: [TELEPON]"),
    ("telp 021-555-1234", "telp [TELEPON]"),
    ("(0274) 512345", "[TELEPON]"),
    ("+62 21 5551234", "[TELEPON]"),
    ("NIK 3171  0123  4567  0001", "NIK [NIK]"),
    ("kode pos 55281, Rp 1.500.000, 20 Mei 2021 jam 10.00", None),
])
def test_masking_handles_how_phones_actually_type(text: str, expected: str | None) -> None:
    assert mask_personal_data(text) == (text if expected is None else expected)
