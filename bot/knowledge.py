"""Load and validate the knowledge base in `knowledge/`.

The same function serves `smartcity-bot knowledge check` and the running bot: it builds a new
immutable `KnowledgeBase` or raises `KnowledgeError` listing every problem with file, line and
what to fix, so a broken edit never replaces the knowledge the bot is serving.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot import known_ids
from bot.knowledge_types import Entry, EntryKind, Source
from bot.normalize import Normalizer
from bot.region_answers import build_region_entries
from bot.regions import RegionData, load_region_data
from bot.telegram_html import MAX_MESSAGE_CHARS, check_html, visible_text
from bot.vocabulary import VOCABULARY_FILE, Vocabulary, load_vocabulary
from bot.yaml_source import Problem, display_name, line_of, load_yaml

SPECIAL_FILES = frozenset({"slang.yaml", "templat.yaml", VOCABULARY_FILE})
ENTRY_KEYS = frozenset({"id", "title", "questions", "answer", "related", "sources", "updated"})
ID_RE = re.compile(r"^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9-]*)+$")
MAX_TITLE_CHARS = 60
# Filled in from settings when an answer is shown (see `Matcher.render`): {operator} is
# BOT_OPERATOR, {retensi} is LOG_RETENTION_DAYS.
PLACEHOLDERS = ("{operator}", "{retensi}")
MIN_QUESTIONS = 3
LONG_ANSWER_CHARS = 1200  # longer answers are allowed but flagged: citizens want short replies


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
    warnings: tuple[Problem, ...] = field(default=())
    # normalised tokens of each topic's title and example questions, in that order
    example_tokens: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


def load_knowledge(root: Path) -> KnowledgeBase:
    """Load and validate `root`; raise KnowledgeError if anything is wrong."""
    root = Path(root)
    problems: list[Problem] = []
    warnings: list[Problem] = []
    if not root.is_dir():
        raise KnowledgeError([Problem(str(root), 0, "knowledge folder not found")])
    entries: dict[str, Entry] = {}
    for path in sorted(root.glob("*.yml")):
        problems.append(Problem(display_name(path, root), 0, "knowledge files must end in "
                                ".yaml; rename this file so the bot reads it"))
    for path in sorted(root.glob("*.yaml")):
        if path.name in SPECIAL_FILES:
            continue
        for entry in _load_topic_file(path, root, problems, warnings):
            if entry.id in entries:
                first = entries[entry.id]
                problems.append(Problem(entry.file, entry.line,
                                        f"id {entry.id!r} is already used at "
                                        f"{first.file}:{first.line}; ids must be unique"))
                continue
            entries[entry.id] = entry
    slang, particles = _load_slang(root, problems)
    vocabulary = load_vocabulary(root, problems)
    regions = load_region_data(root, problems)
    if regions is not None:
        for entry in build_region_entries(regions):
            if entry.id in entries:
                problems.append(Problem(entries[entry.id].file, entries[entry.id].line,
                                        f"id {entry.id!r} is generated from the region data; "
                                        "choose another id"))
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
                         regions=regions, vocabulary=vocabulary, version=_version(root),
                         warnings=tuple(warnings),
                         example_tokens=example_tokens)


def _load_topic_file(path: Path, root: Path, problems: list[Problem],
                     warnings: list[Problem]) -> list[Entry]:
    name = display_name(path, root)
    data = load_yaml(path, root, problems)
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        problems.append(Problem(name, line_of(data, 1),
                                "the file must start with 'entries:' followed by a list of "
                                "entries (each starting with '- id: ...')"))
        return []
    result = []
    for raw in data["entries"]:
        entry = _parse_entry(raw, name, problems, warnings)
        if entry is not None:
            result.append(entry)
    return result


def _parse_entry(raw: Any, name: str, problems: list[Problem],
                 warnings: list[Problem]) -> Entry | None:
    line = line_of(raw)
    if not isinstance(raw, dict):
        problems.append(Problem(name, line, "each entry must be a mapping with id, title, "
                                "questions, answer, related, sources and updated"))
        return None
    count = len(problems)

    def fail(message: str) -> None:
        problems.append(Problem(name, line, f"entry {raw.get('id', '?')!r}: {message}"))

    for key in sorted(set(raw) - ENTRY_KEYS):
        fail(f"unknown field {key!r} (allowed: {', '.join(sorted(ENTRY_KEYS))})")
    entry_id = raw.get("id")
    if not isinstance(entry_id, str) or not ID_RE.match(entry_id):
        fail("'id' must be lower-case words joined by dots and hyphens, e.g. program.tujuan")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip():
        fail("'title' is missing")
    elif len(title) > MAX_TITLE_CHARS:
        fail(f"'title' is {len(title)} characters; keep it under {MAX_TITLE_CHARS} "
             "(it is shown on a button)")
    questions = raw.get("questions")
    if (not isinstance(questions, list) or len(questions) < MIN_QUESTIONS
            or not all(isinstance(q, str) and q.strip() for q in questions)):
        fail(f"'questions' must be a list of at least {MIN_QUESTIONS} example questions")
        questions = []
    answer = raw.get("answer")
    if not isinstance(answer, str) or not answer.strip():
        fail("'answer' is missing")
        answer = ""
    else:
        for reason in check_html(with_placeholders_filled(answer)):
            fail(f"'answer' is not valid Telegram HTML: {reason}")
        size = len(visible_text(answer))
        if size > MAX_MESSAGE_CHARS:
            fail(f"'answer' is {size} characters; Telegram allows {MAX_MESSAGE_CHARS}")
        elif size > LONG_ANSWER_CHARS:
            warnings.append(Problem(name, line, f"entry {entry_id!r}: answer is {size} "
                                    "characters; consider shortening it"))
    related = raw.get("related") or []
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        fail("'related' must be a list of entry ids, e.g. [program.tujuan, pilar.daftar]")
        related = []
    sources = _parse_sources(raw.get("sources"), fail)
    updated = raw.get("updated")
    if not _is_date(updated):
        fail("'updated' must be a date written YYYY-MM-DD")
    if len(problems) > count:
        return None
    return Entry(id=str(entry_id), title=str(title).strip(), answer=str(answer).strip(),
                 questions=tuple(q.strip() for q in questions), related=tuple(related),
                 sources=sources, updated=str(updated), kind=EntryKind.TOPIC, file=name,
                 line=line)


def _parse_sources(raw: Any, fail: Any) -> tuple[Source, ...]:
    if not isinstance(raw, list) or not raw:
        fail("'sources' must list at least one source with 'url' and 'read' (date read)")
        return ()
    sources = []
    for item in raw:
        if not isinstance(item, dict) or not str(item.get("url", "")).startswith(
                ("http://", "https://")):
            fail("each source needs 'url' starting with http:// or https://")
            continue
        if not _is_date(item.get("read")):
            fail(f"source {item['url']!r} needs 'read' as a date YYYY-MM-DD")
            continue
        sources.append(Source(url=str(item["url"]), read=str(item["read"])))
    return tuple(sources)


def _is_date(value: Any) -> bool:
    if isinstance(value, dt.date):
        return True
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _load_slang(root: Path, problems: list[Problem]) -> tuple[dict[str, str], tuple[str, ...]]:
    path = root / "slang.yaml"
    if not path.exists():
        return {}, ()
    data = load_yaml(path, root, problems)
    name = display_name(path, root)
    if data is None:
        return {}, ()
    slang = data.get("slang") if isinstance(data, dict) else None
    particles = data.get("particles") if isinstance(data, dict) else None
    if not isinstance(slang, dict) or not all(
            isinstance(k, str) and isinstance(v, str | int) for k, v in slang.items()):
        problems.append(Problem(name, line_of(data, 1), "'slang' must map words to their "
                                "standard form, e.g.  gmn: bagaimana"))
        slang = {}
    if not isinstance(particles, list) or not all(isinstance(p, str) for p in particles):
        problems.append(Problem(name, line_of(data, 1),
                                "'particles' must be a list of words, e.g. [sih, dong, kak]"))
        particles = []
    return {str(k).lower(): str(v).lower() for k, v in slang.items()}, tuple(particles)


def _check_related(entries: dict[str, Entry], problems: list[Problem]) -> None:
    for entry in entries.values():
        for rel in entry.related:
            if rel not in entries:
                problems.append(Problem(entry.file, entry.line, f"entry {entry.id!r}: related "
                                        f"id {rel!r} does not exist"))
            elif rel == entry.id:
                problems.append(Problem(entry.file, entry.line,
                                        f"entry {entry.id!r} lists itself as related"))


def _check_required(entries: dict[str, Entry], root: Path, problems: list[Problem]) -> None:
    """The entries commands and menus open by id must exist (see `bot.known_ids`)."""
    for entry_id in known_ids.REQUIRED:
        if entry_id not in entries:
            problems.append(Problem(display_name(root, root), 0,
                                    f"entry {entry_id!r} is missing; the bot's commands and "
                                    "menus open it by this id, so restore it (in the topic "
                                    "file where it was) or keep its id when you rename it"))


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
        for question, form in zip(entry.questions, forms[1:], strict=True):
            key = form.text
            other = seen.get(key)
            if other is not None and other.id != entry.id:
                problems.append(Problem(entry.file, entry.line,
                                        f"entry {entry.id!r}: example question {question!r} "
                                        f"collides with an example of {other.id!r} "
                                        f"({other.file}:{other.line}); rephrase or remove one"))
            seen.setdefault(key, entry)
    return normalized


def with_placeholders_filled(answer: str, value: str = "x") -> str:
    """The answer with every placeholder replaced by `value` (to check its HTML)."""
    for placeholder in PLACEHOLDERS:
        answer = answer.replace(placeholder, value)
    return answer


def _version(root: Path) -> str:
    """A short content hash, logged with each answer so reports can tell versions apart."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".yaml", ".csv"}:
            digest.update(str(path.relative_to(root)).encode())
            try:
                digest.update(path.read_bytes())
            except OSError:  # removed while an editor saves it: the next reload will see it
                digest.update(b"?")
    return digest.hexdigest()[:12]
