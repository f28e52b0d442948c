"""Check example questions staff add to an entry, with messages about the form, not the file.

The loader refuses collisions and counts too, but with the file and line of an edit the staff
member never saw; these checks say which question is wrong and what to do, in Indonesian.
Questions come from the (masked) log and may be retyped, so personal data the editor typed is
refused here as well, and a masked question ("[NAMA]") is no example either.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.knowledge import KnowledgeBase
from bot.knowledge_schema import MAX_QUESTIONS, MIN_QUESTIONS
from bot.knowledge_types import Entry, EntryKind
from bot.normalize import Normalizer
from bot.privacy import LABELS, contains_personal_data

MAX_QUESTION_CHARS = 200  # a longer "question" is a pasted paragraph, not what citizens type


def clean_questions(texts: Iterable[str]) -> tuple[str, ...]:
    """The non-empty questions, each on one line with single spaces."""
    return tuple(text for text in (" ".join(raw.split()) for raw in texts) if text)


def question_problems(kb: KnowledgeBase, questions: tuple[str, ...],
                      entry: Entry | None = None, *, new_entry: bool = False) -> list[str]:
    """What is wrong with adding `questions` to `entry` (or to a new entry), if anything.

    Args:
        kb: The knowledge served now.
        questions: Cleaned questions (`clean_questions`).
        entry: The entry they join (None for a new entry).
        new_entry: Whether they are all the examples of a new entry (then 12-25 are needed).
    """
    if not questions:
        return ["Pilih atau tulis paling sedikit satu pertanyaan."]
    problems: list[str] = []
    normalizer = Normalizer(kb.slang, kb.particles)  # as the loader compares examples

    def key(text: str) -> str:
        return normalizer.normalize(text, repair=False).text

    owners = {key(question): other for other in kb.entries.values()
              if other.kind is EntryKind.TOPIC for question in other.questions}
    seen: dict[str, int] = {}
    for number, question in enumerate(questions, start=1):
        label = f"Pertanyaan ke-{number}"
        if contains_personal_data(question) or any(mask in question for mask in LABELS):
            problems.append(f"{label} memuat data pribadi (NIK, nomor telepon, e-mail, akun, "
                            "atau nama) atau penandanya — hapus bagian itu; contoh pertanyaan "
                            "tampil untuk semua admin dan tersimpan di berkas pengetahuan.")
            continue
        if question.startswith("/"):
            problems.append(f"{label} ({question!r}) adalah perintah bot, bukan pertanyaan — "
                            "hapus centangnya.")
            continue
        if len(question) > MAX_QUESTION_CHARS:
            problems.append(f"{label} berisi {len(question)} karakter — persingkat menjadi "
                            f"paling banyak {MAX_QUESTION_CHARS} karakter, seperti yang diketik "
                            "warga.")
            continue
        normalized = key(question)
        if not normalized:
            problems.append(f"{label} ({question!r}) tidak berisi kata — tulis pertanyaannya.")
            continue
        if normalized in seen:
            problems.append(f"{label} ({question!r}) sama dengan pertanyaan ke-"
                            f"{seen[normalized]} setelah dinormalkan — hapus salah satunya.")
            continue
        seen[normalized] = number
        owner = owners.get(normalized)
        if owner is not None and entry is not None and owner.id == entry.id:
            problems.append(f"{label} ({question!r}) sudah menjadi contoh pertanyaan entri "
                            f"{entry.id} — hapus centangnya.")
        elif owner is not None:
            problems.append(f"{label} ({question!r}) sama dengan contoh pertanyaan entri "
                            f"{owner.id} ({owner.file}:{owner.line}) setelah dinormalkan — ubah "
                            "kalimatnya, atau tambahkan pertanyaan ini ke entri itu saja.")
    problems += _count_problems(len(questions), entry, new_entry)
    return problems


def _count_problems(added: int, entry: Entry | None, new_entry: bool) -> list[str]:
    """The guide's 12-25 examples per entry."""
    if new_entry:
        if added < MIN_QUESTIONS or added > MAX_QUESTIONS:
            return [f"Entri baru berisi {added} contoh pertanyaan, padahal panduan meminta "
                    f"{MIN_QUESTIONS} sampai {MAX_QUESTIONS} — tulis pertanyaan lain yang "
                    "mungkin diketik warga untuk topik ini (satu per baris), beragam: formal, "
                    "santai, singkatan, kata kunci."]
        return []
    if entry is not None and len(entry.questions) + added > MAX_QUESTIONS:
        room = MAX_QUESTIONS - len(entry.questions)
        return [f"Entri {entry.id} sudah punya {len(entry.questions)} contoh pertanyaan; dengan "
                f"{added} pertanyaan baru menjadi {len(entry.questions) + added}, padahal "
                f"paling banyak {MAX_QUESTIONS} — pilih paling banyak {max(room, 0)} "
                "pertanyaan, atau hapus contoh lama yang mirip di berkasnya lebih dulu."]
    return []
