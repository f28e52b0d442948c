"""Match a citizen's question to a knowledge entry, or honestly to nothing.

Pure code (no `telegram` import). Two stages:

1. Places: a region, province or cohort year asked about with words that signal the
   programme ("ikut", "peserta", "smart city", ...) goes straight to its generated entry; a
   name that is both a kota and a kabupaten becomes a "did you mean" of both.
2. Paraphrases: an IDF-weighted token overlap (an F1 of query precision and example recall)
   against every example question, plus the share of the query an entry's vocabulary explains.
   Words the knowledge base has never seen weigh the most, so off-topic questions score low.
   WRatio-style partial scoring was rejected: it rates any one-word overlap highly.

The outcome is decided by the score and its margin over the runner-up entry.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from bot import known_ids
from bot.knowledge import KnowledgeBase
from bot.knowledge_types import Entry, EntryKind
from bot.normalize import Normalizer, basic_tokens
from bot.outcome import Outcome
from bot.places import Mention, PlaceFinder, PlacesFound

# Tuning: every threshold and weight the outcome depends on, in one block. Scores run from
# 0 to 1; the word lists they work with are data (knowledge/kosakata.yaml).
ANSWER_SCORE = 0.45  # best score needed to answer
ANSWER_MARGIN = 0.06  # ... with at least this lead over the next entry
SUGGEST_SCORE = 0.45  # below this: fallback
SUGGEST_KEEP = 0.75  # suggestions must reach this share of the best score
MAX_SUGGESTIONS = 3
EXAMPLE_WEIGHT = 0.7  # an entry's score: this much the best example's F1 ...
VOCABULARY_WEIGHT = 0.3  # ... plus this much the share of the question its vocabulary explains
UNKNOWN_WEIGHT = 0.7  # share of the top IDF a word the knowledge base never uses weighs
REPAIRED_WEIGHT = 0.85  # a typo-repaired word counts a little less than a correct one
ENTITY_SCORE = 0.95  # the score of an answer found by a place name or cohort year
SINGLE_WORD_IDF = 2.5  # a lone word must be this specific ("bimtek"), not "kota" or "daftar"
NO_DOMAIN_PENALTY = 0.1  # subtracted when no word of the programme's own vocabulary appears
SMALLTALK_PRECISION = 0.8  # greetings must be (nearly) the whole message
SMALLTALK_RECALL = 0.5  # ... and most of one greeting example
SMALLTALK_PARTIAL_FACTOR = 0.5  # otherwise a greeting example's F1 counts this much
TOPIC_OVER_PLACE_SCORE = 0.6  # a topic must answer this confidently to beat a named place
TOPIC_WORD_IDF = 1.5  # words this specific, left after a place name, may point to a topic


@dataclass(frozen=True)
class Suggestion:
    """A candidate entry offered to the user."""

    entry_id: str
    title: str
    score: float


@dataclass(frozen=True)
class MatchResult:
    """What the matcher decided for one question."""

    query: str
    normalized: str
    outcome: Outcome
    entry_id: str | None = None
    title: str = ""
    answer: str = ""
    score: float = 0.0
    margin: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()
    related: tuple[Suggestion, ...] = ()
    reason: str = ""

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form used by `ask --json` and the query log."""
        return {
            "query": self.query, "normalized": self.normalized, "outcome": self.outcome,
            "entry_id": self.entry_id, "title": self.title, "score": round(self.score, 4),
            "margin": round(self.margin, 4), "answer": self.answer,
            "suggestions": [{"entry_id": s.entry_id, "title": s.title,
                             "score": round(s.score, 4)} for s in self.suggestions],
            "related": [{"entry_id": s.entry_id, "title": s.title} for s in self.related],
            "reason": self.reason,
        }


@dataclass
class _Example:
    entry: int
    tokens: frozenset[str]
    mass: float = 0.0


@dataclass
class _Index:
    entries: list[Entry] = field(default_factory=list)
    examples: list[_Example] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    entry_vocab: list[frozenset[str]] = field(default_factory=list)
    position: dict[str, int] = field(default_factory=dict)
    idf: dict[str, float] = field(default_factory=dict)
    unknown_idf: float = 1.0


class Matcher:
    """Answer questions from one immutable knowledge base."""

    def __init__(self, kb: KnowledgeBase, *, operator: str = "tim relawan smartcity-bot",
                 retention_days: int = 365):
        self.kb = kb
        self.operator = operator
        self.retention_days = retention_days
        self.normalizer = Normalizer(kb.slang, kb.particles)
        self.words = kb.vocabulary
        self.places = PlaceFinder(kb.regions, self._name_tokens,
                                    self.words.bukan_nama_daerah_setelah)
        self.index = self._build_index()
        vocabulary = set(self.index.idf) | self.words.kata_umum
        for entry in kb.entries.values():
            if entry.kind is EntryKind.TOPIC:
                vocabulary.update(self.normalizer.expand(basic_tokens(entry.answer)))
        for value in kb.slang.values():
            vocabulary.update(basic_tokens(value))
        self.normalizer.set_vocabulary(vocabulary, names=self.places.name_tokens)

    def _name_tokens(self, name: str) -> list[str]:
        return self.normalizer.expand(basic_tokens(name))

    def _build_index(self) -> _Index:
        index = _Index()
        df: dict[str, int] = defaultdict(int)
        for entry in self.kb.entries.values():
            if entry.kind is not EntryKind.TOPIC:
                continue
            number = len(index.entries)
            index.entries.append(entry)
            index.position[entry.id] = number
            vocab: set[str] = set()
            forms = self.kb.example_tokens.get(entry.id) or tuple(
                self.normalizer.normalize(text, repair=False).tokens
                for text in (entry.title, *entry.questions))
            for form in forms:
                tokens = frozenset(form)
                if not tokens:
                    continue
                index.examples.append(_Example(number, tokens))
                vocab |= tokens
            index.entry_vocab.append(frozenset(vocab))
            for token in vocab:
                df[token] += 1
        total = max(len(index.entries), 1)
        index.idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in df.items()}
        index.unknown_idf = math.log(1 + (total + 0.5) / 0.5)
        self._smalltalk = [e.is_smalltalk for e in index.entries]
        for number, example in enumerate(index.examples):
            example.mass = sum(index.idf[t] for t in example.tokens)
            for token in example.tokens:
                index.postings[token].append(number)
        return index

    # ----------------------------------------------------------------------------- matching

    def match(self, text: str) -> MatchResult:
        """Decide the outcome for one message."""
        query = text if isinstance(text, str) else ""
        norm = self.normalizer.normalize(query)
        tokens = norm.tokens
        if not tokens:
            return MatchResult(query, norm.text, Outcome.FALLBACK, reason="no words")
        rest = self._without_greeting(tokens)
        if rest:  # "halo kak, apa itu smart city?" is a question, not a greeting
            tokens = rest
        places = self.places.find(tokens)
        routed = self._route_places(query, norm.text, tokens, places, norm.repaired)
        if routed is not None:
            return routed
        domain = bool(set(tokens) & self.words.domain)
        if places.mentions and not domain:
            return MatchResult(query, norm.text, Outcome.FALLBACK,
                               reason="a place, not the programme")
        if len(set(tokens)) == 1 and not self._is_example(tokens[0]) and \
                self.index.idf.get(tokens[0], 0.0) < SINGLE_WORD_IDF:
            return MatchResult(query, norm.text, Outcome.FALLBACK, reason="one general word")
        scores = self._score(_topic_tokens(tokens, places), norm.repaired)
        return self._decide(query, norm.text, scores, 0.0 if domain else NO_DOMAIN_PENALTY)

    def _is_example(self, token: str) -> bool:
        """True when some entry has exactly this one word as an example question."""
        return any(self.index.examples[n].tokens == {token}
                   for n in self.index.postings.get(token, ()))

    def _route_places(self, query: str, normalized: str, tokens: tuple[str, ...],
                        places: PlacesFound, repaired: frozenset[str]) -> MatchResult | None:
        words = set(tokens)
        if "province" in words:  # "smart province" is a programme topic, not a region
            return None
        outside = [t for i, t in enumerate(tokens) if i not in places.covered]
        programme = bool(words & self.words.kata_program)
        regions = places.region_mentions
        mentions = regions or places.mentions
        if mentions:
            if not programme and any(t not in self.words.kata_daftar for t in outside):
                return None
            topic = self._topic_instead(query, normalized, tokens, places, repaired)
            return topic or self._entity_result(query, normalized, mentions)
        years = [y for y in places.years if y in self.kb.regions.cohorts]
        if len(years) == 1 and programme and words & self.words.kata_angkatan:
            topic = self._topic_instead(query, normalized, tokens, places, repaired)
            return topic or self._answer(query, normalized,
                                         self.kb.entries[known_ids.cohort_id(years[0])],
                                         ENTITY_SCORE, ENTITY_SCORE, "cohort year")
        return None

    def _topic_instead(self, query: str, normalized: str, tokens: tuple[str, ...],
                       places: PlacesFound, repaired: frozenset[str]) -> MatchResult | None:
        """A topic answer when a question names a place but asks about something else.

        "IKN di Kalimantan Timur" or "MoU 48 daerah tahun 2021" ask about a topic; the place or
        year only sets the scene. The topic wins when it answers confidently and its examples
        use the question's remaining specific words.
        """
        outside = [t for i, t in enumerate(tokens) if i not in places.covered]
        words = self.words
        residual = [t for t in outside if t not in words.kata_program
                    and t not in words.kata_daftar and t not in words.bukan_nama_daerah_setelah
                    and t not in self.places.name_tokens
                    and not t.isdigit() and self.index.idf.get(t, 0.0) >= TOPIC_WORD_IDF]
        if not residual:
            return None
        result = self._decide(query, normalized,
                              self._score(_topic_tokens(tokens, places), repaired))
        if result.outcome is not Outcome.ANSWER or result.entry_id in known_ids.GENERIC \
                or result.score < TOPIC_OVER_PLACE_SCORE:
            return None
        vocab = self.index.entry_vocab[self.index.position[str(result.entry_id)]]
        return result if any(t in vocab for t in residual) else None

    def _entity_result(self, query: str, normalized: str,
                       mentions: tuple[Mention, ...]) -> MatchResult:
        ids = list(dict.fromkeys(t.entry_id for m in mentions for t in m.targets))
        if len(ids) == 1:
            return self._answer(query, normalized, self.kb.entries[ids[0]], ENTITY_SCORE,
                                ENTITY_SCORE, "named region")
        suggestions = tuple(Suggestion(i, self.kb.entries[i].title, ENTITY_SCORE)
                            for i in ids[:MAX_SUGGESTIONS])
        return MatchResult(query, normalized, Outcome.SUGGEST, score=ENTITY_SCORE,
                           suggestions=suggestions, reason="name of several regions")

    def _score(self, tokens: tuple[str, ...], repaired: frozenset[str]) -> dict[int, float]:
        """Score every entry that shares a word with the query."""
        index = self.index
        weights: dict[str, float] = {}
        for token in tokens:
            weight = index.idf.get(token, index.unknown_idf * UNKNOWN_WEIGHT)
            weights[token] = weight * (REPAIRED_WEIGHT if token in repaired else 1.0)
        query_mass = sum(weights.values())
        best: dict[int, float] = {}
        overlap: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            for number in index.postings.get(token, ()):
                overlap[number] += weight
        for number, matched in overlap.items():
            example = index.examples[number]
            precision = matched / query_mass
            recall = min(matched / example.mass, 1.0) if example.mass else 0.0
            f1 = 2 * precision * recall / (precision + recall)
            if self._smalltalk[example.entry] and (precision < SMALLTALK_PRECISION
                                                   or recall < SMALLTALK_RECALL):
                f1 *= SMALLTALK_PARTIAL_FACTOR
            if f1 > best.get(example.entry, 0.0):
                best[example.entry] = f1
        scores = {}
        for entry, f1 in best.items():
            vocab = index.entry_vocab[entry]
            explained = sum(w for t, w in weights.items() if t in vocab) / query_mass
            scores[entry] = EXAMPLE_WEIGHT * f1 + VOCABULARY_WEIGHT * explained
        return scores

    def _decide(self, query: str, normalized: str, scores: dict[int, float],
                penalty: float = 0.0) -> MatchResult:
        ranked = sorted(((n, s - penalty) for n, s in scores.items()),
                        key=lambda item: item[1], reverse=True)
        if not ranked or ranked[0][1] < SUGGEST_SCORE:
            top = ranked[0][1] if ranked else 0.0
            return MatchResult(query, normalized, Outcome.FALLBACK, score=top, reason="low score")
        first, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        entry = self.index.entries[first]
        if top >= ANSWER_SCORE and top - second >= ANSWER_MARGIN:
            return self._answer(query, normalized, entry, top, top - second, "paraphrase")
        suggestions = tuple(
            Suggestion(self.index.entries[n].id, self.index.entries[n].title, s)
            for n, s in ranked[:MAX_SUGGESTIONS] if s >= max(SUGGEST_SCORE, top * SUGGEST_KEEP))
        return MatchResult(query, normalized, Outcome.SUGGEST, score=top, margin=top - second,
                           suggestions=suggestions, reason="close or weak candidates")

    def _answer(self, query: str, normalized: str, entry: Entry, score: float, margin: float,
                reason: str) -> MatchResult:
        related = tuple(Suggestion(r, self.kb.entries[r].title, 0.0) for r in entry.related
                        if r in self.kb.entries)
        outcome = Outcome.SMALLTALK if entry.is_smalltalk else Outcome.ANSWER
        return MatchResult(query, normalized, outcome, entry.id, entry.title,
                           self.render(entry), score, margin, related=related, reason=reason)

    def _without_greeting(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        """The tokens after a leading greeting (empty when the message is only a greeting).

        "halo bot" is still only a greeting: the words after it just address someone.
        """
        start = 0
        while start < len(tokens) and tokens[start] in self.words.sapaan:
            start += 1
        if not start:
            return ()
        while start < len(tokens) and tokens[start] in self.words.sapaan_tujuan:
            start += 1
        return tokens[start:]

    def render(self, entry: Entry) -> str:
        """The entry's answer with settings filled in."""
        return entry.answer.replace("{operator}", self.operator).replace(
            "{retensi}", str(self.retention_days))

    def entry(self, entry_id: str) -> Entry | None:
        """Look an entry up by id (for buttons and deep links)."""
        return self.kb.entries.get(entry_id)



def _topic_tokens(tokens: tuple[str, ...], places: PlacesFound) -> tuple[str, ...]:
    """The question without the place names it mentions: they set the scene, not the topic."""
    covered = places.covered
    rest = tuple(t for i, t in enumerate(tokens) if i not in covered)
    return rest or tokens
