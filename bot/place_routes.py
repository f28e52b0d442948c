"""Questions that name a place or a cohort year: which the place answers, which a topic.

A region, province or cohort year asked about with words that signal the programme ("ikut",
"peserta", "smart city", ...) goes straight to its generated entry; a name that is both a kota
and a kabupaten becomes a "did you mean" of both. A topic whose answer names the places asked
about (tourism areas, a region's innovation) beats the place; a total "sampai 2023" is not one
cohort; "angkatan pertama / terbaru" is the first / latest one; where a cohort signed is no
question about that place; a place the asker only introduces as their own (or their office's)
sets the scene for a topic. Pure code over the knowledge base and the admins' word lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from bot import known_ids
from bot.knowledge import KnowledgeBase
from bot.knowledge_types import Entry
from bot.match_index import ExampleIndex
from bot.match_result import MatchResult, Suggestion
from bot.message_parts import MessageParts
from bot.outcome import Outcome
from bot.places import Mention, PlaceFinder, PlacesFound, Target
from bot.question_shape import cohort_asked, size_named, topic_tokens, total_up_to
from bot.scoring import Scorer
from bot.tuning import (
    ENTITY_SCORE,
    HOME_TOPIC_SUGGEST_SCORE,
    KEY_TERM_IDF,
    MAX_SUGGESTIONS,
    SUGGEST_KEEP,
    TOPIC_OVER_PLACE_SCORE,
    TOPIC_WORD_IDF,
)

OR_WORDS = frozenset({"atau", "apa"})  # "2018 atau 2023?", "2018 apa 2019?"


# the matcher's paraphrase decision for a question's tokens, and its answer with one entry
Decide = Callable[[str, str, tuple[str, ...], frozenset[str], frozenset[str]], MatchResult]
Answer = Callable[[str, str, Entry, float, float, str], MatchResult]


class PlaceRoutes:
    """Routes the questions that name places or cohorts of one knowledge base."""

    def __init__(self, kb: KnowledgeBase, index: ExampleIndex, scorer: Scorer,
                 places: PlaceFinder, parts: MessageParts,
                 name_tokens: Callable[[str], list[str]], decide: Decide,
                 answer: Answer) -> None:
        self.kb = kb
        self.index = index
        self.scorer = scorer
        self.words = kb.vocabulary
        self.function_words = scorer.function_words
        self.places = places
        self.parts = parts
        self._name_tokens = name_tokens
        self._decide = decide
        self._answer = answer
        self._participation = self.words.kata_program & self.words.kata_angkatan  # "ikut"
        # how a place is doing ("perkembangan", "kelanjutannya"): that place's own question
        self._news = self.words.kata_kabar | {f"{w}nya" for w in self.words.kata_kabar}
        self._sizes = {year: c.size for year, c in kb.regions.cohorts.items()}
        self._summaries = {year: frozenset(name_tokens(c.summary))
                           for year, c in kb.regions.cohorts.items()}
        # the areas regions took part in ("Mandalika", "Bromo-Tengger-Semeru"), by their words
        self._area_words = {region.id: frozenset(
            t for p in region.participations for t in name_tokens(p.area)
            if t not in self.words.domain and t not in self.words.bukan_nama_daerah_setelah)
            for region in kb.regions.regions.values()}
        self._all_area_words = frozenset().union(*self._area_words.values())

    def route(self, query: str, normalized: str, tokens: tuple[str, ...], places: PlacesFound,
              repaired: frozenset[str], low: frozenset[str]) -> MatchResult | None:
        """The answer for a question that names a place or asks a cohort, if it is one."""
        words = set(tokens)
        if "province" in words:  # "smart province" is a programme topic, not a region
            return None
        outside = [t for i, t in enumerate(tokens) if i not in places.covered]
        programme = bool(words & self.words.kata_program)
        mentions = places.region_mentions or places.mentions
        sized = len(places.years) == 1 and size_named(tokens, places.years[0], self._sizes) \
            and not words & self.words.kata_umum  # "2022 ada 50 kab kota kan, sebutin"
        year = self._cohort_asked(tokens, places) if programme or sized else None
        if mentions and year is not None and self._venues_of(year, tokens, places):
            mentions = ()  # "daftar kabupaten/kota yang menandatangani MoU di Makassar 2017"
        if mentions and self._everyday(tokens, places):
            return None  # "cara daftar sekolah online di kota bandung"
        if mentions:
            if self.asks_part(tokens, places):
                return self._entity_result(query, normalized, mentions)
            naming = self._topic_naming(query, normalized, tokens, places)
            if naming is not None:
                return naming
            years = {str(y) for y in self._sizes}  # "kotamobagu 2018 atau 2023?" asks its cohort
            if not programme and any(t not in self.words.kata_daftar and t not in years and
                                     t not in self.places.name_tokens and  # "..., NTB"
                                     not (t in OR_WORDS and years & set(outside))
                                     for t in outside):
                return None
            named = list(dict.fromkeys(t.entry_id for m in mentions for t in m.targets))
            topic = self._topic_instead(query, normalized, tokens, places, repaired, low, named)
            return topic or self._entity_result(query, normalized, mentions)
        if year is None:  # "sampai 2021 ada berapa kabupaten kota" asks the total
            return None if not total_up_to(tokens, places.years, self.words) else self._answer(
                query, normalized, self.kb.entries[known_ids.PARTICIPANT_COUNT], ENTITY_SCORE,
                ENTITY_SCORE, "a total up to a year")
        topic = self._topic_instead(query, normalized, tokens, places, repaired, low,
                                    [known_ids.cohort_id(year)])
        if topic is None and not words & self.words.kata_angkatan:
            # only "daerah" or "kota" asks for the cohort: a topic that clearly fits wins
            # ("MoU 48 daerah 2021" is the memorandum, "10 daerah smart city 2024" the cohort)
            topic = self._decide(query, normalized, topic_tokens(tokens, places), repaired, low)
            if topic.outcome is not Outcome.ANSWER or topic.entry_id in known_ids.GENERIC \
                    or topic.score < TOPIC_OVER_PLACE_SCORE:
                topic = None
        return topic or self._answer(query, normalized,
                                     self.kb.entries[known_ids.cohort_id(year)],
                                     ENTITY_SCORE, ENTITY_SCORE, "cohort year")

    def _venues_of(self, year: int, tokens: tuple[str, ...], places: PlacesFound) -> bool:
        """Whether every place named is where that cohort signed, as its summary says ("di")."""
        words = self._summaries.get(year, frozenset())
        return all(m.start - m.hinted > 0 and tokens[m.start - m.hinted - 1] == "di" and (
            set(tokens[m.start:m.end]) <= words or
            any(self._target_named(t, words) for t in m.targets)) for m in places.mentions)

    def asks_part(self, tokens: tuple[str, ...], places: PlacesFound) -> bool:
        """Whether the question asks if the one region it names takes part.

        That is its own question, whatever else is said ("padang panjang ikut smart city?
        aplikasi paduko itu", "nunukan peserta smart city? yg perbatasan malaysia"), unless
        other places are named too ("Labuan Bajo, Danau Toba, Mandalika ikut?").
        """
        if len(places.mentions) != 1 or not places.region_mentions or \
                not set(tokens) & self._participation:
            return False
        own = {t for target in places.mentions[0].targets if target.region
               for t in self._area_words.get(target.region.id, ())}
        others = self.places.name_tokens - self.places.province_tokens | \
            self._all_area_words - own  # "labuan bajo, mandalika, likupang masuk?"
        return not any(t in others for i, t in enumerate(tokens) if i not in places.covered)

    def _everyday(self, tokens: tuple[str, ...], places: PlacesFound) -> bool:
        """An everyday subject without the programme's name ("daftar sekolah di kota bandung")."""
        words = self.words
        return not set(tokens) & words.kata_nama_program and any(
            t in words.subjects and t not in self.index.idf
            for i, t in enumerate(tokens) if i not in places.covered)

    def _cohort_asked(self, tokens: tuple[str, ...], places: PlacesFound) -> int | None:
        return cohort_asked(tokens, places, self.words, self._sizes)

    def _topic_naming(self, query: str, normalized: str, tokens: tuple[str, ...],
                      places: PlacesFound) -> MatchResult | None:
        """The topic whose answer names the places asked about, with more of its words.

        "danau toba, labuan bajo, mandalika" is the tourism-area topic and "Paduko Padang
        Panjang" the innovation topic, not a kabupaten: one topic's answer names every place
        mentioned and another specific word of the question.
        """
        covered = places.covered
        outside = [t for i, t in enumerate(tokens) if i not in covered]
        if set(outside) & self._news:
            return None  # "bandung smart city sekarang kabarnya gimana" asks about Bandung
        extra = {t for t in outside if self._specific(t)}
        if not extra or any(t in self.words.kata_umum and t not in self.index.idf
                            for t in outside):
            return None  # "harga sapi boyolali" asks about another subject
        found = []
        for number, entry in enumerate(self.index.entries):
            if entry.id in known_ids.GENERIC or entry.is_smalltalk:
                continue
            words = self.index.answer_vocab[number]
            if all(set(tokens[m.start:m.end]) <= words or
                   any(self._target_named(t, words) for t in m.targets)
                   for m in places.mentions) and extra <= words | self.index.entry_vocab[number]:
                found.append(entry)
        if len(found) != 1:
            return None
        return self._answer(query, normalized, found[0], ENTITY_SCORE, ENTITY_SCORE,
                            "topic naming the place")

    def _specific(self, token: str) -> bool:
        """A word that can point to a topic: rare, and not one of the routing words.

        An everyday word counts only when an example uses it ("sapi" of "KTP sapi Boyolali").
        """
        words = self.words
        if token in words.kata_program or token in words.kata_daftar or token.isdigit() or \
                token in words.kata_pengisi or token in words.bukan_nama_daerah_setelah or \
                token in words.kata_umum and token not in self.index.idf or \
                token in self.function_words:
            return False
        return self.index.idf.get(token, KEY_TERM_IDF) >= KEY_TERM_IDF

    def _target_named(self, target: Target, words: frozenset[str]) -> bool:
        name = target.region.name if target.region else target.province
        return set(self._name_tokens(name)) <= words

    def _topic_instead(self, query: str, normalized: str, tokens: tuple[str, ...],
                       places: PlacesFound, repaired: frozenset[str], low: frozenset[str],
                       named: list[str]) -> MatchResult | None:
        """A topic answer when a question names a place or year but asks about something else.

        "IKN di Kalimantan Timur" or "MoU 48 daerah tahun 2021" ask about a topic; the place or
        year only sets the scene. The topic wins when it answers confidently and its examples
        use the question's remaining specific words. A word only a topic uses ("award 2022",
        "bimtek di Bandung") makes the topic a choice next to the named entries (`named`)
        even when it is not certain.
        """
        outside = [t for i, t in enumerate(tokens) if i not in places.covered]
        words = self.words
        # "pontianak smart city gimana ceritanya" asks how that place went, not the history
        routing = words.kata_urutan_awal | words.kata_urutan_akhir | words.kata_kumulatif | \
            self._news
        residual = [t for t in outside if t not in words.kata_program and t not in routing
                    and t not in words.kata_daftar and t not in words.bukan_nama_daerah_setelah
                    and t not in self.places.name_tokens and t not in words.kata_pengisi
                    and t not in self.function_words and not t.isdigit()
                    and self.index.idf.get(t, 0.0) >= TOPIC_WORD_IDF]
        if not residual:
            return None
        asked = topic_tokens(tokens, places)
        result = self._decide(query, normalized, asked, repaired, low)
        confident = result.outcome is Outcome.ANSWER and result.score >= TOPIC_OVER_PLACE_SCORE \
            and result.entry_id not in known_ids.GENERIC
        vocab = self.index.vocab_of(str(result.entry_id))
        if confident and any(t in vocab for t in residual):
            return result
        if places.region_mentions:
            return None  # "Kutai Barat ... IKN?" asks about the kabupaten
        scores = self.scorer.score(asked, repaired, low)
        best = max(scores, key=scores.__getitem__) if scores else None
        if best is None or not set(residual) & words.kata_topik & self.index.entry_vocab[best]:
            return None
        if result.outcome is Outcome.ANSWER and result.entry_id not in known_ids.GENERIC:
            return result  # "award smart city 2022": the year dates the topic
        topic = self.index.entries[best]
        choices = [Suggestion(topic.id, topic.title, scores[best]), *(
            Suggestion(i, self.kb.entries[i].title, ENTITY_SCORE) for i in named)]
        return MatchResult(query, normalized, Outcome.SUGGEST, score=scores[best],
                           suggestions=tuple(choices[:MAX_SUGGESTIONS]),
                           reason="a topic next to a place or year")

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


    def topic_from_office(self, query: str, normalized: str, tokens: tuple[str, ...],
                          places: PlacesFound, repaired: frozenset[str],
                          low: frozenset[str]) -> MatchResult | None:
        """A topic asked by an office of the place it names, when the topic is clear.

        "kami dari Bappeda Kota Kupang ingin menanyakan manfaat mengikuti program smart city".
        """
        office = self.parts.office_places(query)
        if not office or self._everyday(tokens, places) or any(
                t.entry_id not in office for m in places.mentions for t in m.targets):
            return None
        topic = self._decide(query, normalized, topic_tokens(tokens, places), repaired, low)
        if topic.outcome is not Outcome.ANSWER or topic.entry_id in known_ids.GENERIC:
            return None
        return replace(topic, reason=f"{topic.reason}; the asker's office is context")

    def topic_from_home(self, query: str, normalized: str, tokens: tuple[str, ...],
                        places: PlacesFound, repaired: frozenset[str],
                        low: frozenset[str]) -> MatchResult | None:
        """The topic of a question whose only places are the asker's own.

        "Saya ASN di Jawa Tengah. Bagaimana tahapan dan persyaratan agar kabupaten kami ikut?"
        asks how to join, not for Jawa Tengah's participants: the place's answer is never
        given. A weak topic reading offers its closest topics, or honestly none.
        """
        home = self.parts.home_places(query)  # "... ke Taiwan. Bagaimana cara membuat paspor?"
        if not home or self._everyday(tokens, places) or any(
                t.entry_id not in home for m in places.mentions for t in m.targets):
            return None
        asked = topic_tokens(tokens, places)
        topic = self._decide(query, normalized, asked, repaired, low)
        if topic.outcome is not Outcome.FALLBACK:
            return replace(topic, reason=f"{topic.reason}; the asker's place is context")
        scores = self.scorer.score(asked, repaired, low)
        ranked = sorted(((s, n) for n, s in scores.items() if not self.index.smalltalk[n]),
                        reverse=True)
        top = ranked[0][0] if ranked else 0.0
        near = tuple(Suggestion(self.index.entries[n].id, self.index.entries[n].title, s)
                     for s, n in ranked[:MAX_SUGGESTIONS]
                     if s >= max(HOME_TOPIC_SUGGEST_SCORE, top * SUGGEST_KEEP))
        if near:
            return MatchResult(query, normalized, Outcome.SUGGEST, score=top, suggestions=near,
                               reason="a how question from the asker's place: close topics")
        return replace(topic, reason="a how question from the asker's place: no topic")
