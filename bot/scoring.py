"""How well each entry's example questions fit a question: word weights and the score.

An IDF-weighted token overlap (an F1 of query precision and example recall) against every
example question, plus the share of the query an entry's vocabulary explains. A word's weight
says how much it tells about the topic:

- a word the examples use weighs its IDF; a function word ("kami", "begitu") at most
  `FUNCTION_IDF_CAP`, because its rarity among a few dozen entries is chance;
- a word no example uses weighs the most, so that off-topic questions score low, unless it is
  a function word ("tadi", "karena"), which says nothing about the subject;
- courtesy and framing words, and the words of a sentence that only sets the scene, weigh
  little (`FILLER_WEIGHT`).

Next to an entry's anchor (a specific word of its title or of many of its examples:
"branding", "quick win", "privasi") in a question that also names the programme, unknown words
are context, not another subject: "quick win smart city itu apa, tadi disebut pas rapat" still
fits the quick-win entry, while "biaya nikah di KUA" has no anchor in a programme question.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from bot.match_index import ExampleIndex, find_anchors
from bot.tuning import (
    ANCHOR_BONUS,
    ANCHOR_IDF,
    ANCHOR_MAX_SHARED,
    ANCHOR_SHARE,
    ANCHORED_UNKNOWN,
    ANCHORS_ALONE,
    EXAMPLE_WEIGHT,
    FILLER_WEIGHT,
    FUNCTION_IDF_CAP,
    FUNCTION_WEIGHT,
    KEY_TERM_IDF,
    OTHER_SUBJECT_SHARE,
    REPAIRED_WEIGHT,
    SMALLTALK_PARTIAL_FACTOR,
    SMALLTALK_PRECISION,
    SMALLTALK_RECALL,
    UNKNOWN_WEIGHT,
    UNSEEN_DOMAIN_IDF,
    VOCABULARY_WEIGHT,
)
from bot.vocabulary import Vocabulary

# Question words keep their weight although grammars count them as function words.
QUESTION_WORDS = frozenset({"apa", "siapa", "kapan", "berapa", "bagaimana", "mana", "kenapa",
                            "mengapa", "cara"})


def _union(sets: Iterable[frozenset[str]]) -> frozenset[str]:
    return frozenset().union(*sets)


class Scorer:
    """Scores the entries of one example index for a normalised question."""

    def __init__(self, index: ExampleIndex, words: Vocabulary,
                 function_words: frozenset[str]) -> None:
        self.index = index
        self.words = words
        self.function_words = function_words
        talk = index.smalltalk
        self.smalltalk_words = _union(v for v, t in zip(index.entry_vocab, talk, strict=True)
                                      if t)
        self.topic_words = _union(v for v, t in zip(index.entry_vocab, talk, strict=True)
                                  if not t)
        self.programme_words = words.kata_nama_program | words.kata_topik
        # function words that still carry meaning here: question words, the admins' word
        # lists and the formulas of greetings and goodbyes ("cukup sekian")
        self._meaningful = QUESTION_WORDS | words.domain | words.kata_angkatan | \
            words.kata_kumulatif | words.kata_urutan_awal | words.kata_urutan_akhir | \
            words.sapaan | words.kata_umum | self.smalltalk_words
        # anchors are topic terms, not filler, function, participation or listing words
        self.anchors = find_anchors(index, function_words | words.kata_pengisi |
                                    words.kata_program | words.kata_daftar, ANCHOR_IDF,
                                    ANCHOR_SHARE)
        self.anchor_words = _union(self.anchors)
        counts: dict[str, int] = defaultdict(int)
        for anchors in self.anchors:
            for token in anchors:
                counts[token] += 1
        # anchors no other entry shares, of topics (greetings have their own rules)
        self._own_anchors = [frozenset() if talk[n] else frozenset(
            t for t in anchors if counts[t] == 1) for n, anchors in enumerate(self.anchors)]
        # an anchor a few entries share still says which few; "pilar" in six does not
        self._few_anchors = [frozenset() if talk[n] else frozenset(
            t for t in anchors if counts[t] <= ANCHOR_MAX_SHARED)
            for n, anchors in enumerate(self.anchors)]
        for example in index.examples:
            example.mass = sum(self.weight(t) for t in example.tokens)
        self._subjects = self._other_subjects(index, words)

    def _other_subjects(self, index: ExampleIndex, words: Vocabulary) -> dict[int, frozenset[str]]:
        """Topics about something else than the programme, with the words that name it.

        The bot's own entries: their examples (almost) never name the programme, and most of
        them say "bot" or "kamu".
        """
        names = words.kata_nama_program
        naming: dict[int, list[bool]] = defaultdict(list)
        for example in index.examples:
            naming[example.entry].append(bool(example.tokens & names))
        return {n: self.anchors[n] | frozenset(
                    t for t, share in index.share[n].items()
                    if share >= ANCHOR_SHARE and t not in words.kata_pengisi)
                for n, named in naming.items()
                if not index.smalltalk[n] and sum(named) <= OTHER_SUBJECT_SHARE * len(named)}

    def off_subject(self, tokens: tuple[str, ...]) -> frozenset[int]:
        """Topics about another subject that a question naming the programme does not name.

        "smart city dibuat untuk apa" names the programme, not the bot: "bot ini dibuat
        pemerintah atau relawan" shares its words, but not its subject.
        """
        words = set(tokens)
        if not words & self.words.kata_nama_program:
            return frozenset()
        return frozenset(n for n, subject in self._subjects.items() if not subject & words)

    def weight(self, token: str, low: frozenset[str] = frozenset()) -> float:
        """How much a word says about the topic (see the module docstring)."""
        weight = self.index.idf.get(token)
        if weight is None and token in self.words.domain:
            weight = UNSEEN_DOMAIN_IDF  # "terdaftar": a programme word no example happens to use
        elif weight is None:
            weight = self.index.unknown_idf * UNKNOWN_WEIGHT
            if token in self.function_words:
                weight *= FUNCTION_WEIGHT
        elif token in self.function_words and token not in self._meaningful:
            weight = min(weight, FUNCTION_IDF_CAP)
        if token in self.words.kata_pengisi or token in low:
            weight *= FILLER_WEIGHT
        return weight

    def is_plain(self, token: str) -> bool:
        """A filler word, or a function word no topic example uses ("atas", "kami")."""
        return token in self.words.kata_pengisi or (
            token in self.function_words and token not in self.topic_words)

    def anchored(self, tokens: tuple[str, ...]) -> set[int]:
        """The entries whose anchor the question uses next to a word naming the programme.

        "quick win smart city itu apa, tadi disebut pas rapat" anchors the quick-win entry;
        "biaya nikah di KUA" anchors nothing: its "biaya" is not next to the programme, and
        "smart economy saham apa" neither: "smart" is part of the pillar's name. Several anchors
        only one topic has need no naming ("data apa yang dicatat dan berapa lama disimpan").
        """
        words = set(tokens)
        named = words & self.programme_words
        return {n for n, few in enumerate(self._few_anchors)
                if few & words and named - few
                or len(self._own_anchors[n] & words) >= ANCHORS_ALONE}

    def score(self, tokens: tuple[str, ...], repaired: frozenset[str] = frozenset(),
              low: frozenset[str] = frozenset(), *,
              smalltalk_only: bool = False) -> dict[int, float]:
        """Score every entry that shares a word with the query.

        With `smalltalk_only` (a message made only of greeting, thanks and goodbye words),
        only small-talk entries count, each by its best example, however partial.
        """
        index = self.index
        weights = {t: self.weight(t, low) * (REPAIRED_WEIGHT if t in repaired else 1.0)
                   for t in tokens}
        query_mass = sum(weights.values())
        anchored_mass = query_mass - (1 - ANCHORED_UNKNOWN) * sum(
            w for t, w in weights.items() if t not in index.idf and t not in self.words.kata_umum)
        anchored = self.anchored(tokens)
        words = set(tokens)
        best: dict[int, float] = {}
        overlap: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            for number in index.postings.get(token, ()):
                overlap[number] += weight
        for number, matched in overlap.items():
            example = index.examples[number]
            talk = index.smalltalk[example.entry]
            if smalltalk_only and not talk:
                continue
            precision = matched / (anchored_mass if example.entry in anchored else query_mass)
            recall = min(matched / example.mass, 1.0) if example.mass else 0.0
            f1 = 2 * precision * recall / (precision + recall)
            if talk and not smalltalk_only and (precision < SMALLTALK_PRECISION
                                                or recall < SMALLTALK_RECALL):
                f1 *= SMALLTALK_PARTIAL_FACTOR
            if f1 > best.get(example.entry, 0.0):
                best[example.entry] = f1
        scores = {}
        for entry, f1 in best.items():
            vocab = index.entry_vocab[entry]
            explained = sum(w for t, w in weights.items() if t in vocab) / (
                anchored_mass if entry in anchored else query_mass)
            scores[entry] = min(1.0, EXAMPLE_WEIGHT * f1 + VOCABULARY_WEIGHT * explained + (
                ANCHOR_BONUS if self.anchors[entry] & words else 0.0))
        return scores

    def key_terms(self, tokens: tuple[str, ...], low: frozenset[str], first: int,
                  close: list[int]) -> tuple[float, float]:
        """How strongly a word only the best candidate uses, and one only a rival uses, fit.

        A question's word that only one of the close candidates' examples use tells which one
        the question means, the more so the rarer it is and the more of that entry's examples
        use it ("ikn" in the IKN entry, not "peran" in the citizens' role entry). Returns the
        strongest of each kind (0 when there is none).
        """
        specific = {t for t in tokens if t not in low and t not in self.words.kata_pengisi
                    and self.index.idf.get(t, 0.0) >= KEY_TERM_IDF}
        if not specific or not close:
            return 0.0, 0.0
        vocab, share, idf = self.index.entry_vocab, self.index.share, self.index.idf
        others = set().union(*(vocab[n] for n in close))
        own = max((idf[t] * share[first][t] for t in specific & vocab[first] - others),
                  default=0.0)
        rival = max((idf[t] * share[n][t] for n in close for t in specific & vocab[n]
                     - vocab[first]), default=0.0)
        return own, rival
