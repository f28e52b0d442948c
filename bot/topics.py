"""Read one topic file (`program.yaml`, `pilar.yaml`, ...) into entries, checking each field.

A topic file is `entries:` followed by a list of entries; each field is read through the
schema (`bot.knowledge_schema`), so a wrong value is reported on its own line with how to fix
it, and an entry with any problem is left out (the whole load is refused anyway).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge_schema import (
    MAX_ANSWER_CHARS,
    MAX_QUESTIONS,
    MAX_RELATED,
    MAX_TITLE_CHARS,
    MIN_QUESTIONS,
    MIN_RELATED,
    SOURCES_FIX,
    Fields,
)
from bot.knowledge_types import Entry, EntryKind
from bot.telegram_html import check_html, visible_text
from bot.yaml_source import LineDict, Problem, display_name, item_line, key_line, load_yaml

ENTRY_KEYS = ("id", "title", "questions", "answer", "related", "sources", "updated")
ID_RE = re.compile(r"^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9-]*)+$")
ID_FIX = ("tulis huruf kecil, angka, dan tanda hubung, dengan titik di antara topik dan nama, "
          "misalnya program.tujuan")

# A placeholder in an answer: {name} or {name:argument}. Settings fill {operator}
# (BOT_OPERATOR) and {retensi} (LOG_RETENTION_DAYS) when an answer is shown (see
# `Matcher.render`); the roster fills the others when the knowledge loads (`bot.roster_fills`).
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)(?::([^{}\n]*))?\}")
SETTINGS_PLACEHOLDERS = ("operator", "retensi")


def with_placeholders_filled(answer: str, value: str = "x") -> str:
    """The answer with every placeholder replaced by `value` (to check its HTML)."""
    return PLACEHOLDER_RE.sub(lambda _: value, answer)


@dataclass(frozen=True)
class Hints:
    """How to write each list field where the admin writes it (YAML file or spreadsheet)."""

    questions: str
    answer: str
    related: str
    sources: str


YAML_HINTS = Hints(
    questions="tulis satu pertanyaan per baris, diawali '- '",
    answer="tulis jawabannya setelah 'answer: |' pada baris-baris berikutnya, menjorok seperti "
           "entri lain",
    related="tulis id entri yang berkaitan, misalnya [program.tujuan, pilar.daftar]",
    sources=SOURCES_FIX)
EMPTY_FIX = ("kembalikan entrinya dari riwayat versi (git) atau cadangan; bila topik ini "
             "memang ditiadakan, hapus berkasnya dan semua tautan 'related' ke entrinya")


def load_topic_file(path: Path, root: Path, problems: list[Problem]) -> list[Entry]:
    """The entries of one topic file; every problem goes to `problems`."""
    name = display_name(path, root)
    start = len(problems)
    data = load_yaml(path, root, problems)
    if len(problems) > start:
        return []
    if data is None or (isinstance(data, str) and not data.strip()):
        problems.append(Problem(name, 1, "berkas topik ini kosong", EMPTY_FIX))
        return []
    if not isinstance(data, LineDict) or "entries" not in data:
        problems.append(Problem(name, 1, "berkas topik harus diawali 'entries:'",
                                "tulis 'entries:' di baris pertama, lalu setiap entri diawali "
                                "'  - id: ...' (lihat entri lain sebagai contoh)"))
        return []
    Fields(data, name, problems).unknown(("entries",))
    items = data["entries"]
    if not isinstance(items, list) or not items:
        problems.append(Problem(name, key_line(data, "entries", 1),
                                "berkas topik ini tidak berisi entri satu pun", EMPTY_FIX))
        return []
    result = []
    for index, raw in enumerate(items):
        if not isinstance(raw, LineDict):
            problems.append(Problem(name, item_line(items, index),
                                    f"butir ke-{index + 1} bukan entri",
                                    "setiap entri diawali '- id: ...' lalu title, questions, "
                                    "answer, related, sources, dan updated"))
            continue
        entry = parse_entry(raw, name, problems)
        if entry is not None:
            result.append(entry)
    return result


def parse_entry(raw: LineDict, name: str, problems: list[Problem],
                hints: Hints = YAML_HINTS) -> Entry | None:
    """One entry, or None after recording its problems."""
    shown = raw.get("id") if isinstance(raw.get("id"), str) else "?"
    fields = Fields(raw, name, problems, label=f"entri {shown!r}")
    fields.unknown(ENTRY_KEYS)
    entry_id = fields.text("id", ID_FIX)
    if entry_id is not None and not ID_RE.match(entry_id):
        fields.report(fields.line_of("id"), f"id {entry_id!r} tidak sah", ID_FIX)
    title = fields.text("title", "tulis judul singkat", max_chars=MAX_TITLE_CHARS,
                        why_max=", karena judul tampil pada tombol saran")
    questions = fields.texts("questions", hints.questions, minimum=MIN_QUESTIONS,
                             maximum=MAX_QUESTIONS, noun="contoh pertanyaan")
    answer = fields.text("answer", hints.answer)
    if answer is not None:
        _check_answer(fields, answer)
    related = fields.texts("related", hints.related, minimum=MIN_RELATED,
                           maximum=MAX_RELATED, noun="id entri")
    sources = fields.sources("sources", hints.sources)
    updated = fields.date("updated", "tanggal entri terakhir diubah")
    if not fields.ok or entry_id is None or title is None or questions is None or \
            answer is None or related is None or sources is None or updated is None:
        return None
    questions_raw = raw.get("questions")
    return Entry(id=entry_id, title=title, answer=answer, questions=questions,
                 related=related, sources=sources, updated=updated, kind=EntryKind.TOPIC,
                 file=name, line=fields.line, field_lines=dict(raw.key_lines),
                 question_lines=tuple(item_line(questions_raw, i, fields.line)
                                      for i in range(len(questions))))


def _check_answer(fields: Fields, answer: str) -> None:
    """Telegram HTML, and no longer than the guide allows."""
    line = fields.line_of("answer")
    for reason in check_html(with_placeholders_filled(answer), indonesian=True):
        fields.report(line, f"jawaban bukan HTML Telegram yang sah ({reason})",
                      "pakai hanya <b>, <i>, <u>, <s>, <a href=\"...\">, <code>, <blockquote>, "
                      "tutup setiap tag, dan tulis & sebagai &amp;")
    size = len(visible_text(answer))
    if size > MAX_ANSWER_CHARS:
        fields.report(line, f"jawaban berisi {size} karakter",
                      f"persingkat menjadi paling banyak {MAX_ANSWER_CHARS} karakter (tanpa "
                      "menghitung tag HTML); warga membaca di layar ponsel")
