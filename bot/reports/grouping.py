"""Group similar texts: the engine behind the unanswered-question clusters.

Leader clustering, in the order texts are added: a text joins the most similar existing
group whose leader (its first text) scores at least `SIMILARITY_CUTOFF`, else it leads a new
group. Similarity is rapidfuzz's `ratio` of the words sorted alphabetically, so word order does
not matter and a typo or two costs a few points ("kapan bus listrik beroperasi" and "bus
listrik kapan beroprasi" score 98).

Comparing every text with every leader would be quadratic, so leaders are found through the
text's `BLOCKING_WORDS` rarest words (rarest among the texts added so far) that some leader
shares: frequent words such as "smart" or "kapan" select too many leaders to help. The result
depends only on the texts and their order, so adding texts later (`add`) gives the same groups
as adding them all at once, and a group's key, a hash of its leader, never changes.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

SIMILARITY_CUTOFF = 80  # rapidfuzz ratio (0-100) of the sorted words, to join a group
BLOCKING_WORDS = 3  # rarest shared words whose leaders are compared
MAX_CANDIDATES = 5000  # leaders compared at most per text (the lowest numbers first)
KEY_CHARS = 12


def sorted_words(text: str) -> str:
    """The words of a text in alphabetical order: what groups compare."""
    return " ".join(sorted(text.split()))


def group_key(leader: str) -> str:
    """A stable, short id for the group a text leads (hex of a hash of the text)."""
    return hashlib.blake2b(leader.encode("utf-8"), digest_size=KEY_CHARS // 2).hexdigest()


class TextGroups:
    """Groups of similar texts, grown one text at a time."""

    def __init__(self) -> None:
        self.leaders: list[str] = []  # the first text of each group
        self._group: dict[str, int] = {}
        self._keys: list[str] = []  # each leader's sorted words
        self._postings: dict[str, list[int]] = defaultdict(list)  # word -> leader numbers
        self._seen_words: Counter[str] = Counter()

    def __len__(self) -> int:
        """The number of texts added."""
        return len(self._group)

    def __contains__(self, text: object) -> bool:
        """True once `text` has been added."""
        return text in self._group

    def add_all(self, texts: Iterable[str]) -> None:
        """Add texts in order (a text already added is skipped)."""
        for text in texts:
            self.add(text)

    def add(self, text: str) -> int:
        """Add one text; return the number of its group."""
        known = self._group.get(text)
        if known is not None:
            return known
        words = set(text.split())
        self._seen_words.update(words)
        rare_first = sorted(words, key=lambda word: (self._seen_words[word], word))
        key = sorted_words(text)
        number = self._nearest(key, rare_first)
        if number is None:
            number = len(self.leaders)
            self.leaders.append(text)
            self._keys.append(key)
            for word in words:
                self._postings[word].append(number)
        self._group[text] = number
        return number

    def group_of(self, text: str) -> int:
        """The group number of an added text (KeyError otherwise)."""
        return self._group[text]

    def _nearest(self, key: str, rare_first: list[str]) -> int | None:
        """The best-scoring leader among those sharing the rarest words, if good enough."""
        candidates: set[int] = set()
        used = 0
        for word in rare_first:
            posting = self._postings.get(word)
            if posting:
                candidates.update(posting)
                used += 1
                if used == BLOCKING_WORDS:
                    break
        if not candidates:
            return None
        numbers = sorted(candidates)[:MAX_CANDIDATES]
        best = process.extractOne(key, [self._keys[n] for n in numbers], scorer=fuzz.ratio,
                                  score_cutoff=SIMILARITY_CUTOFF)
        return numbers[best[2]] if best is not None else None
