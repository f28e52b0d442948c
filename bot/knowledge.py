"""Load and validate the knowledge base in `knowledge/`.

The same function serves `smartcity-bot knowledge check` and the running bot: it builds a new
immutable `KnowledgeBase` or raises `KnowledgeError` listing every problem with file, line and
what to fix, so a broken edit never replaces the knowledge the bot is serving.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot import known_ids
from bot.area_answers import build_area_entry
from bot.knowledge_schema import Fields
from bot.knowledge_types import Entry, EntryKind
from bot.normalize import Normalizer
from bot.referrals import REFERRALS_FILE, Referral, load_referrals
from bot.region_answers import build_region_entries
from bot.regions import RegionData, load_region_data
from bot.roster_fills import fill_roster_lists
from bot.topics import load_topic_file
from bot.vocabulary import VOCABULARY_FILE, Vocabulary, load_vocabulary
from bot.yaml_source import LineDict, Problem, display_name, key_line, load_yaml

SPECIAL_FILES = frozenset({"slang.yaml", "templat.yaml", VOCABULARY_FILE, REFERRALS_FILE})


class KnowledgeError(Exception):
    """The knowledge base has problems; `problems` lists each with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the matcher and renderer need, validated and immutable."""

    root: Path
    entries: Mapping[str, Entry]
    slang: Mapping[str, str]
    particles: tuple[str, ...]
    regions: RegionData
    vocabulary: Vocabulary
    version: str
    # normalised tokens of each topic's title and example questions, in that order
    example_tokens: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # other public services and the office that handles each (rujukan.yaml)
    referrals: tuple[Referral, ...] = ()


def load_knowledge(root: Path, previous: Mapping[str, Entry] | None = None) -> KnowledgeBase:
    """Load and validate `root`; raise KnowledgeError if anything is wrong.

    Args:
        root: The knowledge folder.
        previous: The entries of the version served now, if any: when two entries share an
            id, the one unchanged since then is the original and the other is blamed.
    """
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), 0, "folder basis pengetahuan tidak ditemukan",
                                      "periksa pengaturan KNOWLEDGE_DIR atau --knowledge")])
    entries: dict[str, Entry] = {}
    for path in sorted(root.glob("*.yml")):
        problems.append(Problem(display_name(path, root), 0, "nama berkas berakhiran .yml",
                                "ganti akhiran nama berkas menjadi .yaml agar dibaca bot"))
    for path in sorted(root.glob("*.yaml")):
        if path.name in SPECIAL_FILES:
            continue
        for entry in load_topic_file(path, root, problems):
            first = entries.get(entry.id)
            if first is None:
                entries[entry.id] = entry
                continue
            original, copy = _original_and_copy(first, entry, previous, root)
            entries[entry.id] = original
            problems.append(Problem(copy.file, copy.line, f"entri {entry.id!r}: id ini sudah "
                                    f"dipakai entri lain di {original.file}:{original.line}",
                                    "beri entri ini id baru yang belum dipakai (id harus unik "
                                    "di semua berkas)"))
    slang, particles = _load_slang(root, problems)
    vocabulary = load_vocabulary(root, problems)
    referrals = load_referrals(root, vocabulary, problems)
    regions = load_region_data(root, problems)
    if regions is not None:
        entries = fill_roster_lists(entries, regions, problems)
        for entry in (*build_region_entries(regions), build_area_entry(regions)):
            if entry.id in entries:
                problems.append(Problem(entries[entry.id].file, entries[entry.id].line,
                                        f"entri {entry.id!r}: id ini sudah dibuat otomatis "
                                        "dari data wilayah", "pilih id lain untuk entri ini"))
            else:
                entries[entry.id] = entry
    if not problems:  # a file that failed to load would make every link to it look broken
        _check_related(entries, problems)
        _check_required(entries, root, problems)
    example_tokens = {}
    if not problems:
        example_tokens = _check_question_collisions(entries, slang, particles, problems)
    if problems or regions is None:
        raise KnowledgeError(problems)
    return KnowledgeBase(root=root, entries=entries, slang=slang, particles=particles,
                         regions=regions, vocabulary=vocabulary, version=content_version(root),
                         example_tokens=example_tokens, referrals=referrals)


def _original_and_copy(first: Entry, second: Entry, previous: Mapping[str, Entry] | None,
                       root: Path) -> tuple[Entry, Entry]:
    """Which of two entries sharing an id the admin just added (the copy to blame).

    The one unchanged since the served version is the original; failing that, the copy is
    the one with the later `updated` date (the guide says to set it), then the one in the
    file saved last, then the one read last.
    """
    served = (previous or {}).get(first.id)
    if served is not None:
        for candidate, other in ((first, second), (second, first)):
            if _same_content(candidate, served) and not _same_content(other, served):
                return candidate, other
    if first.updated != second.updated:
        return (first, second) if first.updated < second.updated else (second, first)
    if first.file != second.file:
        first_saved, second_saved = (_mtime(root.parent / e.file) for e in (first, second))
        if first_saved != second_saved:
            return (first, second) if first_saved < second_saved else (second, first)
    return first, second


def _same_content(entry: Entry, other: Entry) -> bool:
    return (entry.file, entry.title, entry.answer, entry.questions) == \
        (other.file, other.title, other.answer, other.questions)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _load_slang(root: Path, problems: list[Problem]) -> tuple[dict[str, str], tuple[str, ...]]:
    path = root / "slang.yaml"
    if not path.exists():
        return {}, ()
    data = load_yaml(path, root, problems)
    name = display_name(path, root)
    if data is None:
        return {}, ()
    fields = Fields(data, name, problems)
    fields.unknown(("slang", "particles"))
    slang = data.get("slang") if isinstance(data, dict) else None
    if not isinstance(slang, LineDict):
        fields.report(fields.line_of("slang"), "'slang' harus berisi pasangan kata dan bentuk "
                      "bakunya", "tulis satu pasangan per baris, misalnya  gmn: bagaimana")
        slang = LineDict()
    for word, standard in slang.items():
        if not isinstance(standard, str) or not standard.strip() or not word.strip():
            fields.report(key_line(slang, word), f"kata {word!r} tidak punya bentuk baku",
                          "tulis bentuk bakunya setelah titik dua, misalnya  gmn: bagaimana")
    particles = fields.texts("particles", "tulis daftar kata, misalnya [sih, dong, kak]",
                             noun="kata") or ()
    return ({k.strip().lower(): str(v).strip().lower() for k, v in slang.items()},
            tuple(particles))


def _check_related(entries: dict[str, Entry], problems: list[Problem]) -> None:
    for entry in entries.values():
        for rel in entry.related:
            if rel not in entries:
                problems.append(Problem(entry.file, entry.line_of("related"),
                                        f"entri {entry.id!r}: 'related' menyebut id {rel!r} "
                                        "yang tidak ada", "periksa ejaannya, atau hapus id itu "
                                        "bila entrinya sudah tidak ada"))
            elif rel == entry.id:
                problems.append(Problem(entry.file, entry.line_of("related"),
                                        f"entri {entry.id!r} menyebut dirinya sendiri di "
                                        "'related'", "ganti dengan id entri lain yang "
                                        "berkaitan"))


def _check_required(entries: dict[str, Entry], root: Path, problems: list[Problem]) -> None:
    """The entries commands and menus open by id must exist (see `bot.known_ids`)."""
    for entry_id in known_ids.REQUIRED:
        if entry_id not in entries:
            problems.append(Problem(display_name(root, root), 0,
                                    f"entri {entry_id!r} tidak ada, padahal perintah dan menu "
                                    "bot membukanya dengan id ini",
                                    "kembalikan entri itu, atau pakai lagi id lamanya bila "
                                    "Anda mengganti namanya"))


def _check_question_collisions(entries: dict[str, Entry], slang: Mapping[str, str],
                               particles: tuple[str, ...], problems: list[Problem]
                               ) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Two entries with the same example question would make the matcher guess.

    Returns the normalised tokens of every topic's title and examples, which the matcher
    indexes (normalising 20,000 examples once instead of twice keeps loading fast).
    """
    normalizer = Normalizer(slang, particles)
    seen: dict[str, Entry] = {}
    normalized: dict[str, tuple[tuple[str, ...], ...]] = {}
    for entry in entries.values():
        if entry.kind is not EntryKind.TOPIC:
            continue
        forms = [normalizer.normalize(text, repair=False) for text in (entry.title,
                                                                        *entry.questions)]
        normalized[entry.id] = tuple(form.tokens for form in forms)
        lines = entry.question_lines or (entry.line,) * len(entry.questions)
        for question, form, line in zip(entry.questions, forms[1:], lines, strict=True):
            key = form.text
            other = seen.get(key)
            if other is not None and other.id != entry.id:
                problems.append(Problem(entry.file, line,
                                        f"entri {entry.id!r}: contoh pertanyaan {question!r} "
                                        f"sama dengan contoh pertanyaan entri {other.id!r} "
                                        f"({other.file}:{other.line}) setelah dinormalkan",
                                        "ubah kalimatnya atau hapus salah satunya"))
            seen.setdefault(key, entry)
    return normalized


def content_version(root: Path) -> str:
    """A short content hash, logged with each answer so reports can tell versions apart.

    It is the version of the files, valid or not: a refused edit has one too, so admins are
    told about each broken version once.
    """
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".csv"}:
            digest.update(str(path.relative_to(root)).encode())
            try:
                digest.update(path.read_bytes())
            except OSError:  # removed while an editor saves it: the next reload will see it
                digest.update(b"?")
    return digest.hexdigest()[:12]
