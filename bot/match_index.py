"""The paraphrase index: every topic entry's example questions as weighted word sets.

Built once per knowledge version. A word's weight is its IDF over the topic entries (rarer
words say more about the topic); `Matcher` lowers it further for filler words, so that an
example's mass and a question's mass are measured the same way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from bot.knowledge import KnowledgeBase
from bot.knowledge_types import Entry, EntryKind
from bot.normalize import Normalizer


@dataclass
class Example:
    """One example question (or title) of an entry."""

    entry: int
    tokens: frozenset[str]
    mass: float = 0.0


@dataclass
class ExampleIndex:
    """Postings from words to examples, per-entry vocabularies and the IDF table."""

    entries: list[Entry] = field(default_factory=list)
    examples: list[Example] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    entry_vocab: list[frozenset[str]] = field(default_factory=list)
    answer_vocab: list[frozenset[str]] = field(default_factory=list)
    share: list[dict[str, float]] = field(default_factory=list)  # of an entry's examples
    position: dict[str, int] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    unknown_idf: float = 1.0
    smalltalk: list[bool] = field(default_factory=list)
    titles: list[frozenset[str]] = field(default_factory=list)

    def is_topic_example(self, tokens: tuple[str, ...]) -> bool:
        """True when a topic entry has exactly these words as an example question."""
        words = set(tokens)
        return bool(tokens) and any(
            self.examples[n].tokens == words and not self.smalltalk[self.examples[n].entry]
            for n in self.postings.get(tokens[0], ()))

    def is_example(self, token: str) -> bool:
        """True when some entry has exactly this one word as an example question."""
        return any(self.examples[n].tokens == {token} for n in self.postings.get(token, ()))

    def vocab_of(self, entry_id: str) -> frozenset[str]:
        """The words of an entry's examples (empty for generated entries)."""
        number = self.position.get(entry_id)
        return self.entry_vocab[number] if number is not None else frozenset()


def build_index(kb: KnowledgeBase, normalizer: Normalizer,
                answer_tokens: Callable[[Entry], frozenset[str]]) -> ExampleIndex:
    """Index the examples of every topic entry (generated entries are found by name)."""
    index = ExampleIndex()
    df: dict[str, int] = defaultdict(int)
    for entry in kb.entries.values():
        if entry.kind is not EntryKind.TOPIC:
            continue
        number = len(index.entries)
        index.entries.append(entry)
        index.position[entry.id] = number
        vocab: set[str] = set()
        counts: dict[str, int] = defaultdict(int)
        forms = kb.example_tokens.get(entry.id) or tuple(
            normalizer.normalize(text, repair=False).tokens
            for text in (entry.title, *entry.questions))
        index.titles.append(frozenset(forms[0]) if forms else frozenset())
        for form in forms:
            tokens = frozenset(form)
            if not tokens:
                continue
            index.examples.append(Example(number, tokens))
            vocab |= tokens
            for token in tokens:
                counts[token] += 1
        index.entry_vocab.append(frozenset(vocab))
        index.share.append({t: n / max(len(forms), 1) for t, n in counts.items()})
        index.answer_vocab.append(answer_tokens(entry))
        for token in vocab:
            df[token] += 1
    total = max(len(index.entries), 1)
    index.idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in df.items()}
    index.unknown_idf = math.log(1 + (total + 0.5) / 0.5)
    index.smalltalk = [e.is_smalltalk for e in index.entries]
    for number, example in enumerate(index.examples):
        for token in example.tokens:
            index.postings[token].append(number)
    return index


def find_anchors(index: ExampleIndex, plain: frozenset[str], min_idf: float,
                 min_share: float) -> list[frozenset[str]]:
    """Each entry's anchors: the specific words that say what the entry is about.

    A word of the entry's title or of many of its examples ("branding", "quick", "privasi"),
    rare across entries, and not one of the `plain` words (function and filler words). A
    question that uses one is about that entry even when it also says much else.
    """
    return [frozenset(t for t, share in index.share[number].items()
                      if t not in plain and index.idf[t] >= min_idf
                      and (t in index.titles[number] or share >= min_share))
            for number in range(len(index.entries))]
