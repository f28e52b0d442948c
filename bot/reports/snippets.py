"""Ready-to-paste YAML for the knowledge files: a cluster of unanswered questions as an edit.

Either the questions become examples of the nearest entry (paste them under its `questions:`)
or, when no entry is close, a new entry skeleton in the format of knowledge/*.yaml with the
answer and source left for the admin to write. Indentation matches the topic files, so the
lines paste in place; a comment line says where they go.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache

import yaml

from bot import known_ids
from bot.knowledge_types import Entry
from bot.matcher import Matcher

MAX_QUESTIONS = 8
COMMON_WORD_SHARE = 0.2  # a word in fewer of a cluster's questions is likely a typo
MIN_COMMON_SPELLINGS = 3  # with fewer spellings free of such words, take the others too
MAX_QUESTION_CHARS = 120
MAX_TITLE_CHARS = 60
ID_WORDS = 4
ANSWER_PLACEHOLDER = ("TULIS JAWABAN DI SINI: bahasa Indonesia yang baik, singkat, sopan "
                      "(Anda), setiap fakta dengan sumbernya.")
_MASK_RE = re.compile(r"\[[A-Z]+\]")  # [NIK], [TELEPON], [EMAIL], [NAMA]: no good example
_SLUG_RE = re.compile(r"[^a-z0-9]+")  # also splits words for the typo check
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
_ITEM = "      - "  # a question item in the topic files (entries at 2, keys at 4 spaces)


def example_questions(matcher: Matcher, counted: Sequence[tuple[str, int]],
                      entry: Entry | None = None) -> tuple[str, ...]:
    """Up to MAX_QUESTIONS distinct, clean questions worth adding as examples.

    `counted` holds each question as typed with how often, most frequent first. Spellings
    with a word few of the cluster's questions use (a typo, as a rule) come last; commands,
    masked personal data and overlong texts are left out, and so is any question that
    normalises like another one or like an example the entry already has.
    """
    taken = {matcher.normalizer.normalize(q, repair=False).text
             for q in (entry.questions if entry else ())}
    fresh: list[str] = []
    for raw, _ in counted:
        text = " ".join(raw.split())
        if not text or text.startswith("/") or _MASK_RE.search(text) \
                or len(text) > MAX_QUESTION_CHARS:
            continue
        key = matcher.normalizer.normalize(text, repair=False).text
        if key and key not in taken:
            taken.add(key)
            fresh.append(text)
    return tuple(_common_spellings_first(fresh, counted)[:MAX_QUESTIONS])


def _common_spellings_first(texts: list[str], counted: Sequence[tuple[str, int]]) -> list[str]:
    """The texts made only of words common in the cluster (the others too if few are)."""
    total = sum(number for _, number in counted)
    words: Counter[str] = Counter()
    for text, number in counted:
        for word in set(_words(text)):
            words[word] += number
    common = [text for text in texts
              if all(words[w] >= COMMON_WORD_SHARE * total for w in _words(text))]
    if len(common) >= MIN_COMMON_SPELLINGS:
        return common
    return common + [text for text in texts if text not in common]


def _words(text: str) -> list[str]:
    """Lower-case words without punctuation."""
    return _SLUG_RE.sub(" ", text.lower()).split()


def add_examples_snippet(entry: Entry, questions: Iterable[str]) -> str:
    """YAML lines adding questions to an existing entry's `questions:`."""
    where = entry.file or "berkas topiknya"
    lines = [f"# Tambahkan di bawah `questions:` entri {entry.id} ({where}):"]
    lines += [_ITEM + scalar(q) for q in questions]
    return "\n".join(lines) + "\n"


def new_entry_snippet(questions: tuple[str, ...], related: str | None, today: date,
                      existing_ids: Iterable[str] = ()) -> str:
    """A new entry skeleton holding the questions; the answer and source are to be written."""
    entry_id = new_entry_id(questions[0] if questions else "", set(existing_ids))
    lines = [
        "# Entri baru: tempel di berkas topik yang sesuai (misalnya knowledge/program.yaml),",
        "# lengkapi judul, jawaban, dan sumbernya, lalu jalankan `smartcity-bot knowledge "
        "check`.",
        f"  - id: {entry_id}",
        f"    title: {scalar(suggested_title(questions))}",
        "    questions:",
        *(_ITEM + scalar(q) for q in questions),
        "    answer: |",
        f"      {ANSWER_PLACEHOLDER}",
        f"    related: [{related or known_ids.PROGRAMME}]",
        "    sources:",
        "      - url: https://",
        f"        read: {today.isoformat()}",
        f"    updated: {today.isoformat()}",
    ]
    return "\n".join(lines) + "\n"


def suggested_title(questions: Sequence[str]) -> str:
    """A title to start from: the first question, capitalised, as a question."""
    title = (questions[0] if questions else "Judul entri")[:MAX_TITLE_CHARS - 1].rstrip(" ?")
    return title[:1].upper() + title[1:] + "?"


def new_entry_id(question: str, existing: set[str]) -> str:
    """An unused id like program.wifi-gratis-taman-kota from a question's first words."""
    words = [w for w in _SLUG_RE.sub(" ", question.lower()).split() if len(w) > 1]
    slug = "-".join(words[:ID_WORDS]) or "baru"
    candidate, number = f"program.{slug}", 2
    while candidate in existing:
        candidate, number = f"program.{slug}-{number}", number + 1
    return candidate


@lru_cache(maxsize=4096)
def scalar(text: str) -> str:
    """A YAML scalar for text: plain when it reads back as the same string, else quoted."""
    try:
        parsed = yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        parsed = None
    plain = parsed == text and "#" not in text and ": " not in text
    return text if plain else json.dumps(text, ensure_ascii=False)
