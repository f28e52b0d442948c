"""Knowledge edits as small, checked changes of one topic file, and their exact undo.

A `FileEdit` holds one file's text before and after the change. It is planned from the file
on disk (round-trip YAML: comments, order and layout kept, see `bot.yaml_edit`), validated by
loading a copy of the knowledge folder with the change (`bot.knowledge_trial`), and only then
written, atomically, and only if the file is still what the plan started from. Nothing here
knows about the web or Telegram: the dashboard and admin commands share it.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from bot.example_checks import clean_questions, question_problems
from bot.knowledge import KnowledgeBase, KnowledgeError
from bot.knowledge_trial import trial_load
from bot.knowledge_types import Entry, EntryKind, Source
from bot.topics import ID_FIX, ID_RE
from bot.yaml_edit import append_item, dumps, entry_index, new_entry, parse, write_atomic

CHANGED_SINCE = ("Berkas {file} sudah berubah sejak halaman ini dibuka (oleh suntingan lain "
                 "atau penyuntingan langsung) — muat ulang halaman, periksa isinya, lalu coba "
                 "lagi.")


class EditRefused(Exception):
    """The edit was not written; `messages` say why and how to fix it, in Indonesian."""

    def __init__(self, messages: list[str] | tuple[str, ...]) -> None:
        super().__init__("\n".join(messages))
        self.messages = tuple(messages)


@dataclass(frozen=True)
class FileEdit:
    """One file's text before and after an edit."""

    file: Path  # relative to the knowledge folder
    before: str
    after: str
    entry_id: str | None = None

    @property
    def diff(self) -> str:
        """A unified diff of the edit, for people."""
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"a/{self.file}", tofile=f"b/{self.file}"))


@dataclass(frozen=True)
class EntryDraft:
    """A new topic entry as staff typed it."""

    id: str
    title: str
    answer: str
    questions: tuple[str, ...]
    related: tuple[str, ...]
    sources: tuple[Source, ...]
    file: str  # the topic file, e.g. "program.yaml"


def sha256_text(text: str) -> str:
    """The SHA-256 of a file's text as stored (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_text(root: Path, relative: Path) -> str:
    """A knowledge file's text exactly as stored (no newline translation)."""
    return (root / relative).read_bytes().decode("utf-8")


def topic_files(kb: KnowledgeBase) -> tuple[str, ...]:
    """The topic files holding entries (names relative to the knowledge folder)."""
    return tuple(sorted({Path(e.file).name for e in kb.entries.values()
                         if e.kind is EntryKind.TOPIC}))


def topic_entry(kb: KnowledgeBase, entry_id: str) -> Entry:
    """The admin-written entry `entry_id` (EditRefused for a generated or unknown one)."""
    entry = kb.entries.get(entry_id)
    if entry is None or entry.kind is not EntryKind.TOPIC:
        raise EditRefused([f"Entri {entry_id!r} tidak ada di berkas topik — pilih entri dari "
                           "daftar (entri daerah, provinsi, dan angkatan dibuat otomatis dari "
                           "data wilayah dan tidak dapat diberi contoh pertanyaan)."])
    return entry


def plan_examples(root: Path, kb: KnowledgeBase, entry_id: str,
                  questions: tuple[str, ...]) -> FileEdit:
    """Add `questions` as examples of `entry_id`, after its own.

    The entry's `updated` is kept: citizens see that date as when the answer changed, and the
    answer did not.
    """
    entry = topic_entry(kb, entry_id)
    questions = clean_questions(questions)
    problems = question_problems(kb, questions, entry)
    if problems:
        raise EditRefused(problems)
    relative = Path(Path(entry.file).name)
    before = read_text(root, relative)
    data = parse(before)
    index = entry_index(data.get("entries") if isinstance(data, dict) else None, entry_id)
    if index is None:
        raise EditRefused([CHANGED_SINCE.format(file=relative)])
    examples = data["entries"][index]["questions"]
    examples.extend(questions)
    return FileEdit(relative, before, dumps(data), entry_id)


def plan_new_entry(root: Path, kb: KnowledgeBase, draft: EntryDraft, today: str) -> FileEdit:
    """Append a new entry to the end of its topic file, written as the guide shows."""
    questions = clean_questions(draft.questions)
    problems = _draft_problems(kb, draft)
    problems += question_problems(kb, questions, new_entry=True)
    if problems:
        raise EditRefused(problems)
    relative = Path(draft.file)
    before = read_text(root, relative)
    data = parse(before)
    entry = Entry(id=draft.id, title=" ".join(draft.title.split()),
                  answer=_answer_text(draft.answer), questions=questions,
                  related=draft.related, sources=draft.sources, updated=today)
    append_item(data["entries"], new_entry(entry))
    return FileEdit(relative, before, dumps(data), draft.id)


def _draft_problems(kb: KnowledgeBase, draft: EntryDraft) -> list[str]:
    """The new entry's id and file: the form's own mistakes, said plainly."""
    files = topic_files(kb)
    if draft.file not in files:
        return [f"Berkas {draft.file!r} bukan berkas topik — pilih salah satu dari: "
                f"{', '.join(files)}."]
    topic = draft.file.removesuffix(".yaml")
    if not ID_RE.match(draft.id):
        return [f"Id {draft.id!r} tidak sah — {ID_FIX}."]
    if draft.id in kb.entries:
        return [f"Id {draft.id!r} sudah dipakai entri lain — beri entri baru id yang belum "
                "dipakai."]
    if not draft.id.startswith(topic + "."):
        return [f"Id entri di {draft.file} diawali {topic + '.'!r} (bagian depan id menunjukkan "
                f"topiknya) — tulis misalnya {topic}.{draft.id.split('.', 1)[-1]}, atau pilih "
                "berkas topik yang sesuai."]
    return []


def _answer_text(text: str) -> str:
    """A typed answer as the file keeps it: one newline style, no trailing spaces."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def plan_restore(root: Path, relative: Path, text: str, expected_sha256: str) -> FileEdit:
    """Write `text` back to `relative` (an undo).

    Only while the file is still the one hashing to `expected_sha256` (what the undone edit
    wrote); otherwise EditRefused.
    """
    try:
        current = read_text(root, relative)
    except (OSError, UnicodeDecodeError):
        current = None
    if current is None or sha256_text(current) != expected_sha256:
        raise EditRefused([f"Berkas {relative} sudah berubah sejak suntingan ini (oleh "
                           "suntingan lain atau penyuntingan langsung), jadi suntingan ini "
                           "tidak dapat diurungkan persis — urungkan dulu suntingan yang "
                           "lebih baru pada berkas yang sama, atau ubah berkasnya secara "
                           "langsung."])
    return FileEdit(relative, current, text)


def validate(root: Path, edit: FileEdit) -> None:
    """Load a copy of the knowledge with the edit; EditRefused with the checker's messages."""
    try:
        trial_load(root, {edit.file: edit.after})
    except KnowledgeError as exc:
        raise EditRefused([str(problem) for problem in exc.problems]) from None


def write(root: Path, edit: FileEdit) -> None:
    """Write the edit atomically, if the file is still what it was planned from."""
    try:
        if read_text(root, edit.file) != edit.before:
            raise EditRefused([CHANGED_SINCE.format(file=edit.file)])
        write_atomic(root / edit.file, edit.after)
    except (OSError, UnicodeDecodeError) as exc:
        raise EditRefused([f"Berkas {edit.file} tidak dapat ditulis ({exc}) — minta pengelola "
                           "server memeriksa izin folder pengetahuan."]) from exc


def restore(root: Path, edit: FileEdit) -> None:
    """Put the file back as it was before `edit` (after a refused reload)."""
    write_atomic(root / edit.file, edit.before)
