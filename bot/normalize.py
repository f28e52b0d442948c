"""Normalise informal Indonesian text before matching.

rapidfuzz does no normalisation of its own, so both the knowledge examples and every citizen
message go through the same `Normalizer`: lower-case, strip markup and punctuation, expand
slang and abbreviations from the admin-editable `slang.yaml`, drop chat particles (never
question words: those carry meaning), and repair typos against the knowledge vocabulary.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.colloquial import formal_passive, formal_spellings, formal_vowel

_SCRIPT_RE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]{0,200}>")
_URL_RE = re.compile(r"(?:https?://|www\.)\S+")
_MENTION_RE = re.compile(r"@\w+")
_WORD_RE = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*")
_REPEAT_RE = re.compile(r"([a-z])\1{2,}")
_REDUP_DIGIT_RE = re.compile(r"([a-z])2(?![0-9])")
_MAX_INPUT_CHARS = 1000  # questions longer than this are truncated before matching
_MIN_REPAIR_LEN = 4  # shorter tokens are too ambiguous to repair
_MAX_CACHED_REPAIRS = 20_000  # distinct unknown words remembered before the cache restarts
_MIN_NAME_REPAIR_LEN = 6  # place names need longer words: "gabut" must not become "garut"
_SUFFIXES = ("nya", "lah", "kah", "pun", "an", "kan", "i")
POSSESSIVE_SUFFIX, POSSESSIVE_OWNER = "ku", "saya"  # "daerahku": "daerah saya"
_VOWELS_RE = re.compile(r"[aeiou]")
SUPERLATIVE_WORD, SUPERLATIVE_PREFIX = "paling", "ter"  # "paling baru" is "terbaru"
_MIN_SKELETON_LEN = 4  # "dftr", "skrg": shorter ones are mostly acronyms ("bts", "pkk")


class WordForms(Protocol):
    """Roots of words (see `bot.morphology`); the normaliser works without one too."""

    def stem(self, word: str) -> str:
        """The root of a word."""

    def is_word(self, word: str) -> bool:
        """Whether a word is a real word of the language."""


@dataclass(frozen=True)
class Normalized:
    """The result of normalising one message."""

    text: str
    tokens: tuple[str, ...]
    repaired: frozenset[str] = field(default_factory=frozenset)


def basic_tokens(text: str, keep_doubled: frozenset[str] = frozenset()) -> list[str]:
    """Lower-case, de-accent and split text into word tokens (no slang handling).

    A doubled word ("kota-kota") is a plural and becomes one word, unless the doubled form is
    in `keep_doubled` (place names such as "bau-bau" or "pare-pare").
    """
    text = unicodedata.normalize("NFKC", text[:_MAX_INPUT_CHARS])
    text = html.unescape(_TAG_RE.sub(" ", _SCRIPT_RE.sub(" ", text)))
    text = _URL_RE.sub(" ", text)
    text = _MENTION_RE.sub(" ", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower())
                   if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").replace("`", "'")
    text = _REPEAT_RE.sub(r"\1\1", text)
    text = _REDUP_DIGIT_RE.sub(r"\1", text)  # "pilar2nya" -> "pilarnya", "tahap2" -> "tahap"
    tokens: list[str] = []
    for word in _WORD_RE.findall(text):
        word = word.removesuffix("'s")  # English possessive: "indonesia's" is "indonesia"
        parts = word.split("-")
        if len(parts) == 2 and parts[0] == parts[1] and parts[0] * 2 not in keep_doubled:
            parts = parts[:1]  # "kota-kota" is a plural of "kota"
        tokens.extend(p for p in parts if p)
    return tokens


class Normalizer:
    """Slang expansion, particle removal and typo repair with a fixed vocabulary."""

    def __init__(self, slang: Mapping[str, str], particles: Iterable[str],
                 vocabulary: Iterable[str] = (), forms: WordForms | None = None) -> None:
        self._phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for key, value in slang.items():
            self._phrases[tuple(basic_tokens(key))] = tuple(basic_tokens(value))
        self._max_phrase = max((len(k) for k in self._phrases), default=1)
        self._particles = frozenset(particles)
        self._vocabulary: frozenset[str] = frozenset()
        self._choices: list[str] = []
        self._names: list[str] = []
        self._name_words: frozenset[str] = frozenset()
        self._joined_names: frozenset[str] = frozenset()
        self._max_name_words = 1
        self._repairs: dict[str, str] = {}  # per instance: reloads must not share or leak it
        self._targets: frozenset[str] = frozenset()
        self._forms = forms
        self.set_vocabulary(vocabulary)

    def set_vocabulary(self, vocabulary: Iterable[str], names: Iterable[str] = (),
                       joined_names: Iterable[str] = (), max_name_words: int = 1,
                       root_targets: Iterable[str] = ()) -> None:
        """Words typos are repaired towards: the knowledge vocabulary and place names.

        Place names are repaired more cautiously (longer words, one edit), so that everyday
        words ("gabut", "membahas") do not turn into a region ("Garut", "Humbahas").
        `joined_names` are names written without spaces ("parepare"): words that spell one
        when joined ("pare pare", "bau-bau") are kept as they are.
        """
        self._joined_names = frozenset(joined_names)
        self._max_name_words = max_name_words
        words = frozenset(w for w in vocabulary if not w.isdigit())
        self._names = sorted(frozenset(names) - words)
        self._name_words = frozenset(names)
        self._vocabulary = words | frozenset(self._names)
        self._choices = sorted(w for w in words if len(w) >= _MIN_REPAIR_LEN - 1)
        self._by_ends: dict[tuple[str, str], list[str]] = {}
        for word in self._choices:
            if word.isalpha():
                self._by_ends.setdefault((word[0], word[-1]), []).append(word)
        self._by_root: dict[str, list[str]] = {}
        self._targets = frozenset(root_targets)
        if self._forms is not None:
            for word in sorted(set(root_targets) & set(self._choices)):
                if not word.isalpha():
                    continue  # "2045", "covid19": no Indonesian root
                self._by_root.setdefault(self._forms.stem(word), []).append(word)
        self._repairs.clear()

    def expand(self, tokens: list[str]) -> list[str]:
        """Apply slang phrases (longest first) and drop particles."""
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self._max_phrase, len(tokens) - i), 0, -1):
                key = tuple(tokens[i:i + size])
                if key in self._phrases:
                    out.extend(self._phrases[key])
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return [t for t in out if t not in self._particles]

    def normalize(self, text: str, *, repair: bool = True) -> Normalized:
        """Normalise a message; with `repair`, map unknown words to close vocabulary words."""
        tokens = self.expand(basic_tokens(text, self._joined_names))
        repaired: set[str] = set()
        if repair and self._vocabulary:
            names = self._name_positions(tokens)
            fixed: list[str] = []
            for position, token in enumerate(tokens):
                new = token if position in names else self.repair(token)
                if new != token:
                    repaired.update(new.split())
                    fixed.extend(self.expand(new.split()))
                else:
                    fixed.append(token)
            tokens = self._one_word_forms(fixed)
        return Normalized(" ".join(tokens), tuple(tokens), frozenset(repaired))

    def _one_word_forms(self, tokens: list[str]) -> list[str]:
        """Two words that mean one: a plural written with a space, a superlative.

        "langkah langkah" is "langkah" as "langkah-langkah" is; "paling baru" is "terbaru" when
        the vocabulary knows that word. Words of a place name ("toli toli") are kept.
        """
        out: list[str] = []
        for token in tokens:
            if out and token == out[-1] and token.isalpha() and \
                    token not in self._name_words and token * 2 not in self._joined_names:
                continue
            superlative = SUPERLATIVE_PREFIX + token
            if out and out[-1] == SUPERLATIVE_WORD and superlative in self._vocabulary:
                out[-1] = superlative
                continue
            out.append(token)
        return out

    def _name_positions(self, tokens: list[str]) -> set[int]:
        """Positions of words that together spell a place name ("pare pare" is Parepare)."""
        positions: set[int] = set()
        for start in range(len(tokens)):
            for size in range(2, min(self._max_name_words, len(tokens) - start) + 1):
                if "".join(tokens[start:start + size]) in self._joined_names:
                    positions.update(range(start, start + size))
        return positions

    def repair(self, token: str) -> str:
        """Return the vocabulary word a misspelt token most likely means (or the token)."""
        if token in self._vocabulary:
            # "seleksinya" may appear in an answer, but the examples ask about "seleksi"
            stem = token.removesuffix("nya")
            known = stem in self._targets or (stem,) in self._phrases
            return stem if stem != token and known and token not in self._targets else token
        if len(token) < _MIN_REPAIR_LEN or token.isdigit():
            return token
        return self._repair_cached(token)

    def _repair_cached(self, token: str) -> str:
        cached = self._repairs.get(token)
        if cached is None:
            if len(self._repairs) >= _MAX_CACHED_REPAIRS:
                self._repairs.clear()
            cached = self._repairs[token] = self._find_repair(token)
        return cached

    def _same_root(self, token: str, root: str) -> str:
        """The vocabulary word sharing the root of a real word ("dibaca" for "baca")."""
        forms = self._by_root.get(root)
        if not forms:
            return token
        return min(forms, key=lambda w: (OSA.distance(w, token), w))

    def _formal_form(self, token: str) -> str | None:
        """The vocabulary form of a colloquial verb ("nyelenggarain": "menyelenggarakan")."""
        for formal in formal_spellings(token):
            if formal in self._vocabulary:
                return formal
            if self._forms is not None and self._forms.is_word(formal):
                forms = self._by_root.get(self._forms.stem(formal))
                if forms:
                    return min(forms, key=lambda w: (OSA.distance(w, formal), w))
        return None

    def _skeleton_word(self, token: str) -> str | None:
        """The one vocabulary word a vowel-less chat abbreviation spells ("dftr", "skrg").

        Its letters, in order, with the word's first and last letter: "dftr" is "daftar",
        "pmrnth" "pemerintah". Several such words ("sktr": sekitar or sektor) mean none.
        """
        if len(token) < _MIN_SKELETON_LEN or _VOWELS_RE.search(token) or not token.isalpha():
            return None
        found = [w for w in self._by_ends.get((token[0], token[-1]), ())
                 if len(w) <= 2 * len(token) + 2 and _in_order(token, w)]
        return found[0] if len(found) == 1 else None

    def _find_repair(self, token: str) -> str:
        spelt = self._skeleton_word(token)
        if spelt is not None:
            return spelt
        owner = token.removesuffix(POSSESSIVE_SUFFIX)  # "kotaku" is "kota saya"
        if owner != token and len(owner) >= _MIN_REPAIR_LEN - 1 and owner in self._vocabulary:
            return f"{owner} {POSSESSIVE_OWNER}"
        for suffix in _SUFFIXES:  # "prosesnya" -> "proses", "nomornya" -> "nomor" (slang)
            stem = token.removesuffix(suffix)
            if stem != token and (stem in self._vocabulary or (stem,) in self._phrases):
                return stem
        passive = formal_passive(token)  # "kepilih" is "terpilih", not "dipilih"
        if passive is not None and passive in self._vocabulary:
            return passive
        real = self._forms is not None and self._forms.is_word(token)
        vowel = formal_vowel(token)  # "bosen" is "bosan", a word: never "dosen"
        if not real and vowel is not None and self._forms is not None and \
                self._forms.is_word(vowel):
            if vowel in self._vocabulary:
                return vowel
            token, real = vowel, True
        formal = None if real else self._formal_form(token)
        if formal is not None:
            return formal
        max_distance = 1 if len(token) < 8 else 2
        candidates = process.extract(token, self._choices, scorer=OSA.distance,
                                     score_cutoff=max_distance, limit=8)
        if real and self._forms is not None:
            # a real word is only "repaired" into a form of itself: "melaksanakan" may become
            # "pelaksanaan", but "berhasil" never "berbasis" nor "kerangka" "perangkat"
            root = self._forms.stem(token)
            candidates = [c for c in candidates if self._forms.stem(c[0]) == root]
            if not candidates:
                return self._same_root(token, root)
        if not candidates and len(token) >= _MIN_NAME_REPAIR_LEN:
            candidates = process.extract(token, self._names, scorer=OSA.distance,
                                         score_cutoff=1 if len(token) < 9 else 2, limit=8)
        if not candidates:
            # a glued pair of words ("smartcity", "ikutsmart") splits into known words
            for cut in range(3, len(token) - 2):
                head, tail = token[:cut], token[cut:]
                if head in self._vocabulary and tail in self._vocabulary:
                    return f"{head} {tail}"
            return token
        # prefer the closest, then one that keeps the first letter, then the closest length
        best = min(candidates, key=lambda c: (c[1], c[0][0] != token[0],
                                              abs(len(c[0]) - len(token))))
        return best[0]


def _in_order(letters: str, word: str) -> bool:
    """Whether `letters` appear in `word` in this order (not necessarily side by side)."""
    rest = iter(word)
    return all(letter in rest for letter in letters)
