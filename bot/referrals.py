"""Where to send a citizen whose question is about another public service.

"bikin e-KTP yg ilang gmn caranya" is not about the smart-city programme, but an honest decline
should still name the right office (Disdukcapil), not Diskominfo. Admins keep the short list in
`knowledge/rujukan.yaml`: the words that recognise a service and the sentence that says where
to go. Read strictly like every other knowledge file, with Indonesian `file:line` messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge_schema import Fields
from bot.telegram_html import check_html, visible_text
from bot.vocabulary import Vocabulary
from bot.yaml_source import LineDict, Problem, display_name, item_line, line_of, load_yaml

REFERRALS_FILE = "rujukan.yaml"
MAX_REFERRAL_CHARS = 300  # visible characters of one referral: it follows an apology
ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
FIELDS = ("id", "kata", "pesan")
WORDS_FIX = "tulis satu kata huruf kecil per butir, dalam bentuk setelah slang.yaml diterapkan"


@dataclass(frozen=True)
class Referral:
    """One service outside the programme and the office that handles it."""

    id: str
    words: frozenset[str]  # normalised single words that recognise the service
    message: str  # Telegram HTML: where to go
    line: int = 0


def find_referral(tokens: Iterable[str], referrals: Iterable[Referral]) -> Referral | None:
    """The referral sharing most words with a question (the first listed on a tie)."""
    words = set(tokens)
    best, hits = None, 0
    for referral in referrals:
        count = len(referral.words & words)
        if count > hits:
            best, hits = referral, count
    return best


def load_referrals(root: Path, vocabulary: Vocabulary,
                   problems: list[Problem]) -> tuple[Referral, ...]:
    """Read `rujukan.yaml` under `root` (none when the file does not exist)."""
    path = root / REFERRALS_FILE
    if not path.exists():
        return ()
    name = display_name(path, root)
    data = load_yaml(path, root, problems)
    if data is None:
        return ()
    top = Fields(data, name, problems)
    if not isinstance(data, LineDict):
        top.report(line_of(data, 1), "berkas harus diawali 'rujukan:'",
                   "tulis 'rujukan:' lalu daftar rujukan, seperti contoh di knowledge/README.md")
        return ()
    top.unknown(("rujukan",))
    items = data.get("rujukan")
    if not isinstance(items, list):
        top.report(top.line_of("rujukan"), "'rujukan' harus berupa daftar",
                   "tulis setiap rujukan sebagai butir '- id: ...' di bawah 'rujukan:'")
        return ()
    referrals: list[Referral] = []
    owners: dict[str, str] = {}
    for index, raw in enumerate(items):
        referral = _read_one(raw, name, item_line(items, index, top.line), vocabulary, problems)
        if referral is None:
            continue
        if any(r.id == referral.id for r in referrals):
            problems.append(Problem(name, referral.line, f"rujukan {referral.id!r}: id ini "
                                    "sudah dipakai rujukan lain", "beri id yang belum dipakai"))
            continue
        for word in sorted(referral.words):
            if word in owners:
                problems.append(Problem(name, referral.line, f"rujukan {referral.id!r}: kata "
                                        f"{word!r} sudah dipakai rujukan {owners[word]!r}",
                                        "hapus kata itu dari salah satu rujukan agar bot tidak "
                                        "menebak"))
            owners.setdefault(word, referral.id)
        referrals.append(referral)
    return tuple(referrals)


def _read_one(raw: object, name: str, line: int, vocabulary: Vocabulary,
              problems: list[Problem]) -> Referral | None:
    if not isinstance(raw, LineDict):
        problems.append(Problem(name, line, "rujukan ini bukan kumpulan kolom",
                                "tulis '- id: ...', lalu 'kata: [...]' dan 'pesan: ...'"))
        return None
    label = f"rujukan {raw.get('id')!r}" if isinstance(raw.get("id"), str) else "rujukan"
    fields = Fields(raw, name, problems, label)
    fields.unknown(FIELDS)
    referral_id = fields.text("id", "tulis id huruf kecil, misalnya kependudukan")
    if referral_id is not None and not ID_RE.fullmatch(referral_id):
        fields.report(fields.line_of("id"), f"id {referral_id!r} tidak sah",
                      "pakai huruf kecil, angka, dan tanda hubung saja, misalnya bpjs-kesehatan")
    words = fields.texts("kata", WORDS_FIX, minimum=1, noun="kata")
    for word in words or ():
        if word != word.lower() or " " in word:
            fields.report(fields.line_of("kata"), f"{word!r} bukan satu kata huruf kecil",
                          WORDS_FIX)
        elif word in vocabulary.domain | vocabulary.kata_nama_program:
            fields.report(fields.line_of("kata"), f"kata {word!r} juga menandakan pertanyaan "
                          "tentang program", "hapus kata itu; pertanyaan tentang program tidak "
                          "boleh dialihkan ke instansi lain")
    message = fields.text("pesan", "tulis satu atau dua kalimat: ke mana warga sebaiknya "
                          "bertanya")
    if message is not None:
        for reason in check_html(message, indonesian=True):
            fields.report(fields.line_of("pesan"), f"pesan bukan HTML Telegram yang sah "
                          f"({reason})", "pakai hanya <b>, <i>, <a href=\"...\">, tutup setiap "
                          "tag, dan tulis & sebagai &amp;")
        size = len(visible_text(message))
        if size > MAX_REFERRAL_CHARS:
            fields.report(fields.line_of("pesan"), f"pesan berisi {size} karakter",
                          f"persingkat menjadi paling banyak {MAX_REFERRAL_CHARS} karakter")
    if not fields.ok or referral_id is None or words is None or message is None:
        return None
    return Referral(referral_id, frozenset(words), message, fields.line)
