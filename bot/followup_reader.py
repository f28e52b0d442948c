"""The second reading of a short question, against the topic the citizen was just given.

`bot.followup` holds the pure decisions (which reading wins, the words a topic lends); this
module runs them with the matcher: it reads the question again with the previous answer's words
and turns the decision into a result. Kept apart so the matcher reads as its two stages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from bot.followup import (
    PROVINCE,
    combine_readings,
    followup_words,
    key_terms,
    onward_choice,
    other_type_asked,
    same_topic,
)
from bot.knowledge_types import Entry
from bot.match_index import ExampleIndex
from bot.match_result import MatchResult
from bot.normalize import Normalizer
from bot.outcome import Outcome
from bot.places import PlaceFinder
from bot.question_shape import SENTENCE_END_RE
from bot.regions import Region
from bot.small_talk import SmallTalk
from bot.tuning import FOLLOWUP_KEY_WORDS, FOLLOWUP_MAX_WORDS, KEY_TERM_IDF, MAX_SUGGESTIONS
from bot.vocabulary import Vocabulary

ReadAlone = Callable[[str], MatchResult]  # the matcher's reading of one message on its own
AnswerWith = Callable[[MatchResult, Entry, str], MatchResult]  # ... and its answer with an entry


class FollowupReader:
    """Reads a short question of one citizen against their previous answer's topic."""

    def __init__(self, normalizer: Normalizer, talk: SmallTalk, places: PlaceFinder,
                 index: ExampleIndex, entries: Mapping[str, Entry],
                 regions: Mapping[str, Region], read_alone: ReadAlone,
                 answer_with: AnswerWith) -> None:
        self.normalizer = normalizer
        self.talk = talk
        self.places = places
        self.index = index
        self.words: Vocabulary = talk.words
        self.entries = entries
        self.regions = regions
        self.read_alone = read_alone
        self.answer_with = answer_with

    def read(self, text: str, alone: MatchResult, previous: Entry) -> MatchResult:
        """The outcome of `text` after `previous` was answered, given its own reading."""
        if alone.outcome is Outcome.SMALLTALK:
            return alone
        query = text if isinstance(text, str) else ""
        tokens = self.normalizer.normalize(query).tokens
        tokens = self.talk.without_greeting(tokens) or tokens
        if not tokens or len(tokens) > FOLLOWUP_MAX_WORDS or (
                alone.outcome is Outcome.ANSWER and bool(set(tokens) & self.words.domain)):
            return alone  # "apa itu bimtek?" asks on its own
        places = self.places.find(tokens)
        if any(t not in self.index.idf and t not in self.words.kata_pengisi and not t.isdigit()
               for i, t in enumerate(tokens) if i not in places.covered):
            return alone  # "resep rendang" is not about the previous topic
        number = self.index.position.get(previous.id)
        keys = key_terms(self.index.share[number], self.index.idf, self.words.kata_pengisi,
                         KEY_TERM_IDF, FOLLOWUP_KEY_WORDS) if number is not None else []
        region = self.regions.get(previous.id)
        other = other_type_asked(region.type, tokens) if region and not places.mentions \
            else None  # "kalau kabupatennya?" after Kota Kupang
        name = None if not other or not region else f"{other} {region.province}" \
            if other == PROVINCE else f"{other} {region.name}"
        words = followup_words(previous, keys, bool(places.mentions or places.years), name)
        reading = self.read_alone(f"{SENTENCE_END_RE.sub(' ', query)} {words}")
        result = combine_readings(alone, reading, MAX_SUGGESTIONS)
        onward = onward_choice(result, previous)
        if onward is not None and alone.outcome is Outcome.ANSWER and alone.entry_id != onward:
            onward = None  # "biayanya berapa?" after a pillar is the cost, not the pillar list
        if onward is not None:  # "syaratnya apa?" after Kab. Kupang: how to join, for Kupang
            answer = self.answer_with(result, self.entries[onward], "follow-up: the next step")
            return replace(answer, places=(previous.id,)) if region else answer
        return same_topic(result, previous, self.entries) or result
