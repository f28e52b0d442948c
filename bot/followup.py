"""Read a short follow-up question against the topic of the previous answer.

"kapan mulainya?" after an answer about Smart Province means "when did Smart Province start";
"kalau di Bekasi?" after Kota Bandung means "does Bekasi take part". The matcher reads such a
question twice, on its own and with the previous topic's words, and this module decides
between the two readings: one confident reading answers; two different confident readings,
or none, make the bot ask which topic is meant instead of answering something unrelated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from bot.knowledge_types import Entry, EntryKind
from bot.match_result import SAME_TOPIC_REASON, MatchResult, Suggestion
from bot.outcome import Outcome

FOLLOWUP_REASON = "follow-up"
WHICH_TOPIC_REASON = "follow-up: which topic"
REGION_TYPES = ("kota", "kabupaten")
PROVINCE = "provinsi"


def combine_readings(alone: MatchResult, reading: MatchResult,
                     max_suggestions: int) -> MatchResult:
    """The outcome of a follow-up question from its two readings.

    Args:
        alone: The question read on its own.
        reading: The question read with the previous topic's words.
        max_suggestions: How many topics a "which topic?" question may offer.
    """
    if reading.outcome is Outcome.ANSWER:
        if alone.outcome is Outcome.ANSWER and alone.entry_id != reading.entry_id:
            return _which_topic(alone, [_choice(reading), _choice(alone)], reading.score)
        return replace(reading, query=alone.query, reason=FOLLOWUP_REASON)
    if reading.outcome is Outcome.SUGGEST:
        choices = list(reading.suggestions)
        if alone.outcome is Outcome.ANSWER:
            choices.append(_choice(alone))
        elif alone.outcome is Outcome.SUGGEST:
            choices.extend(alone.suggestions)
        unique = list({c.entry_id: c for c in choices}.values())[:max_suggestions]
        reason = reading.reason if len(unique) == len(reading.suggestions) \
            else WHICH_TOPIC_REASON
        return replace(reading, query=alone.query, suggestions=tuple(unique), reason=reason)
    return alone


def same_topic(result: MatchResult, previous: Entry,
               entries: Mapping[str, Entry]) -> MatchResult | None:
    """A follow-up read back to the very answer the citizen already has.

    "kapan itu?" after the award answer finds the award answer again: resending it answers
    nothing, so the reply points into it and offers the related entries instead.
    """
    if result.outcome is Outcome.ANSWER:
        found = {result.entry_id}
    elif result.outcome is Outcome.SUGGEST:
        found = {s.entry_id for s in result.suggestions}
    else:
        return None
    if found != {previous.id}:
        return None
    related = tuple(Suggestion(entries[r].id, entries[r].title, 0.0) for r in previous.related
                    if r in entries)
    return MatchResult(result.query, result.normalized, Outcome.SUGGEST, previous.id,
                       previous.title, score=result.score, suggestions=related,
                       reason=SAME_TOPIC_REASON)


def onward_choice(result: MatchResult, previous: Entry) -> str | None:
    """The one next step a "which topic?" offers beside the answer the citizen already has.

    "syaratnya apa aja?" after "Kabupaten Sorong Selatan belum tercatat" reads as that region
    or as how a region joins; the region's answer was just sent and names how to join as its
    next step, so that is the question. After a topic, two confident readings still make the
    bot ask; a weak one ("kapan mulainya?" after what the programme is) goes to the one next
    step it offers.
    """
    if result.outcome is not Outcome.SUGGEST or result.reason == SAME_TOPIC_REASON or \
            result.reason == WHICH_TOPIC_REASON and previous.kind is EntryKind.TOPIC:
        return None  # two confident readings of a topic's follow-up: ask which is meant
    others = [s.entry_id for s in result.suggestions if s.entry_id != previous.id]
    onward = [i for i in others if i in previous.related]
    if len(onward) != 1 or others[0] != onward[0]:
        return None  # "kapan mulainya?" after what the programme is: its history, first
    return onward[0]


def other_type_asked(region_type: str, tokens: tuple[str, ...]) -> str | None:
    """"kalau kabupatennya?" after a kota: the other region type of the same name, if asked.

    "kalau provinsinya?" asks about the region's province ("provinsi").
    """
    asked = {t for t in tokens if t in REGION_TYPES}
    if PROVINCE in tokens and not asked:
        return PROVINCE
    if len(asked) == 1 and region_type not in asked:
        return asked.pop()
    return None


def key_terms(share: dict[str, float], idf: dict[str, float], filler: frozenset[str],
              min_idf: float, count: int) -> list[str]:
    """An entry's strongest words: rare, and used by many of its examples ("province")."""
    words = (t for t in share if t not in filler and idf.get(t, 0.0) >= min_idf)
    return sorted(words, key=lambda t: -idf[t] * share[t])[:count]


def followup_words(previous: Entry, keys: list[str], names_its_own: bool,
                   name: str | None = None) -> str:
    """Words that put a follow-up question in the previous answer's topic.

    A topic lends its title and its key terms; a region, province or cohort lends its name,
    unless the follow-up names its own ("kalau di Bekasi?", "kalau 2021?"), and the words of
    taking part in the programme. `name` replaces the title: "kabupaten kupang" when
    "kalau kabupatennya?" follows Kota Kupang.
    """
    if previous.kind is EntryKind.TOPIC:
        return " ".join([previous.title, *keys])
    programme = "angkatan smart city" if previous.kind is EntryKind.COHORT else "ikut smart city"
    return programme if names_its_own else f"{name or previous.title} {programme}"


def _choice(result: MatchResult) -> Suggestion:
    return Suggestion(str(result.entry_id), result.title, result.score)


def _which_topic(alone: MatchResult, choices: list[Suggestion], score: float) -> MatchResult:
    return MatchResult(alone.query, alone.normalized, Outcome.SUGGEST, score=score,
                       suggestions=tuple(choices), reason=WHICH_TOPIC_REASON)
