"""The matcher's word lists, kept by admins in `knowledge/kosakata.yaml`.

Which words signal a question about the programme, which everyday words must never be
"repaired" into a place name, which words open a greeting: these decide outcomes as much as the
example questions do, so they are data admins can extend, checked like every other file.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from bot.yaml_source import Problem, display_name, item_line, key_line, line_of, load_yaml

VOCABULARY_FILE = "kosakata.yaml"


@dataclass(frozen=True)
class Vocabulary:
    """The word lists of `kosakata.yaml`, each a set of normalised single words.

    Attributes:
        kata_program: Words that ask about taking part in the programme.
        kata_topik: Other words only questions about the programme use.
        kata_nama_program: Words that name the programme ("city", "cerdas"): next to
            an entry's own specific word they show the question is about the programme.
        kata_angkatan: Words that, with a year, ask for one cohort's participants.
        kata_daftar: Words that may surround a place name without changing the question.
        kata_umum: Everyday words never repaired into a place name.
        kata_waktu: Words of time ("kemarin", "besok"), never repaired into a place name
            either, but no everyday subject: "Kabupaten Tabanan kemarin dievaluasi, memang
            peserta?" still asks about Tabanan.
        sapaan: Greeting words at the start of a message.
        sapaan_tujuan: Words after a greeting that only address someone.
        bukan_nama_daerah_setelah: Words before a name that make it a landmark, not a region.
        kata_pengisi: Courtesy and framing words ("mohon", "mengenai", "saya seorang") that
            weigh little, so that a polite or long question still reaches its topic.
        kata_kumulatif: Words that, with a year, ask for a total up to that year, not a cohort.
        kata_urutan_awal: Words that ask for the first cohort ("angkatan pertama").
        kata_urutan_akhir: Words that ask for the latest cohort ("angkatan terbaru").
        kata_diri: Words for the asker ("saya", "kami"): a place named in a clause with one
            and no question word is where the asker is, not what they ask about.
        kata_cara: Words that ask how, on what terms or at what cost ("tahapan", "syarat",
            "biaya"): such a question about a topic beats the asker's own place.
        kata_instansi: Words naming the office an asker may introduce themselves from
            ("diskominfo", "bappeda"): "kami dari Diskominfo kabupaten" still only introduces.
        kata_definisi: Words asking what a term means ("maksud", "arti", "pengertian"):
            asked of the programme's name only, the question asks what the programme is.
        kata_kabar: Words asking how something named is doing or went ("perkembangan",
            "cerita", "kabar"): next to a region they ask about that region, not the
            programme's history or status.
        kata_dagang: Words of selling to the government ("vendor", "menawarkan",
            "pengadaan"): an asker who sells to an office is declined, not answered how a
            region joins.
        kata_luar_cakupan: Words of near-domain subjects the bot does not cover (other
            countries' smart cities, other programmes, smart devices): such questions are
            declined.
    """

    kata_program: frozenset[str] = frozenset()
    kata_topik: frozenset[str] = frozenset()
    kata_nama_program: frozenset[str] = frozenset()
    kata_angkatan: frozenset[str] = frozenset()
    kata_daftar: frozenset[str] = frozenset()
    kata_umum: frozenset[str] = frozenset()
    kata_waktu: frozenset[str] = frozenset()
    sapaan: frozenset[str] = frozenset()
    sapaan_tujuan: frozenset[str] = frozenset()
    bukan_nama_daerah_setelah: frozenset[str] = frozenset()
    kata_pengisi: frozenset[str] = frozenset()
    kata_kumulatif: frozenset[str] = frozenset()
    kata_urutan_awal: frozenset[str] = frozenset()
    kata_urutan_akhir: frozenset[str] = frozenset()
    kata_diri: frozenset[str] = frozenset()
    kata_cara: frozenset[str] = frozenset()
    kata_instansi: frozenset[str] = frozenset()
    kata_definisi: frozenset[str] = frozenset()
    kata_kabar: frozenset[str] = frozenset()
    kata_dagang: frozenset[str] = frozenset()
    kata_luar_cakupan: frozenset[str] = frozenset()

    @property
    def every_word(self) -> frozenset[str]:
        """Every word of every list: known words, never "repaired" into another."""
        return frozenset().union(*(getattr(self, name) for name in LISTS))

    @property
    def subjects(self) -> frozenset[str]:
        """Everyday words that name a subject of their own ("cuaca", "sekolah"), not a time."""
        return self.kata_umum - self.kata_waktu

    @property
    def domain(self) -> frozenset[str]:
        """Every word that only a question about the programme uses."""
        return self.kata_program | self.kata_topik


LISTS = tuple(spec.name for spec in fields(Vocabulary))


def load_vocabulary(root: Path, problems: list[Problem]) -> Vocabulary:
    """Read `kosakata.yaml` under `root`, recording every problem with its line."""
    path = root / VOCABULARY_FILE
    name = display_name(path, root)
    if not path.is_file():
        problems.append(Problem(name, 0, "berkas kosakata tidak ada", "pulihkan dari riwayat "
                                "versi (git) karena pencocok pertanyaan memerlukannya"))
        return Vocabulary()
    data = load_yaml(path, root, problems)
    if data is None:
        return Vocabulary()
    if not isinstance(data, dict):
        problems.append(Problem(name, line_of(data, 1), "berkas harus berisi kelompok kata",
                                "tulis misalnya 'kata_program: [ikut, peserta]'"))
        return Vocabulary()
    lists: dict[str, frozenset[str]] = {}
    for key in data:
        if key not in LISTS:
            problems.append(Problem(name, key_line(data, key, 1), f"kelompok {key!r} tidak "
                                    "dikenal", f"periksa ejaannya; yang dikenal: "
                                    f"{', '.join(LISTS)}"))
    for key in LISTS:
        words = _words(data.get(key), name, key_line(data, key, 1), key, problems)
        lists[key] = words
    return Vocabulary(**lists)


def _words(raw: Any, name: str, line: int, key: str,
           problems: list[Problem]) -> frozenset[str]:
    """One list of single lower-case words."""
    if raw is None:
        problems.append(Problem(name, line, f"kelompok {key!r} tidak ada",
                                f"tambahkan '{key}: [kata, kata]'"))
        return frozenset()
    if not isinstance(raw, list):
        problems.append(Problem(name, line, f"{key!r} harus berupa daftar kata",
                                "tulis kata-katanya dalam kurung siku, mis. [ikut, peserta]"))
        return frozenset()
    words = set()
    for index, item in enumerate(raw):
        word = item.strip().lower() if isinstance(item, str) else ""
        if not word or " " in word or word != item.strip():
            problems.append(Problem(name, item_line(raw, index, line), f"{key!r}: {item!r} "
                                    "bukan satu kata huruf kecil", "tulis satu kata huruf "
                                    "kecil tanpa spasi per butir"))
            continue
        words.add(word)
    return frozenset(words)
