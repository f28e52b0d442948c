"""Indonesian word forms: the root of a word and whether it is a real word.

Typo repair must not turn a real word into a different one ("berhasil" is not a misspelt
"berbasis", "beserta" not "peserta"), and an inflected word the knowledge base never uses
("dirasakan", "penyusunan") should count as the form it does use ("terasa", "susun"). PySastrawi
(MIT) supplies the stemmer and its dictionary of about 30,000 root words; nothing here is
loaded before the first knowledge base is built.
"""

from __future__ import annotations

from functools import lru_cache

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory
from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

MAX_CACHED_STEMS = 50_000  # distinct words remembered; enough for a long-running bot


class Morphology:
    """Stems and the root-word dictionary of Indonesian (shared, read-only)."""

    def __init__(self) -> None:
        words = [w for w in StemmerFactory().get_words() if w]
        self._roots = frozenset(words)
        # the plain stemmer: the library's cached one remembers every word it ever saw
        self._stemmer = Stemmer(ArrayDictionary(words))
        self.function_words = frozenset(StopWordRemoverFactory().get_stop_words())

    def stem(self, word: str) -> str:
        """The root of `word` ("penyusunan" -> "susun"; unknown words are returned as given)."""
        return _cached_stem(self._stemmer, word)

    def is_word(self, word: str) -> bool:
        """Whether `word` is a root word or a regular derivation of one."""
        return word in self._roots or self.stem(word) in self._roots


@lru_cache(maxsize=MAX_CACHED_STEMS)
def _cached_stem(stemmer: object, word: str) -> str:
    return str(stemmer.stem(word))  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def shared_morphology() -> Morphology:
    """One instance for every knowledge version (the dictionary never changes)."""
    return Morphology()
