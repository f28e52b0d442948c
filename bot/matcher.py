"""Match a citizen's question to a knowledge entry, or honestly to nothing.

Pure code (no `telegram` import). Two stages:

1. Places: a region, province or cohort year asked about with words that signal the
   programme ("ikut", "peserta", "smart city", ...) goes straight to its generated entry; a
   name that is both a kota and a kabupaten becomes a "did you mean" of both. A topic whose
   answer names the place (tourism areas, a region's innovation) beats the place; a total
   "sampai 2023" is not one cohort; "angkatan pertama / terbaru" is the first / latest one.
2. Paraphrases (`bot.scoring`): an IDF-weighted token overlap (an F1 of query precision and
   example recall) against every example question, plus the share of the query an entry's
   vocabulary explains. Words the knowledge base has never seen weigh the most, so off-topic
   questions score low; courtesy, framing and function words weigh little, and an entry's
   anchor next to the programme's name makes other words context. WRatio-style partial
   scoring was rejected: it rates any one-word overlap highly.

The outcome is decided by the score and its margin over the runner-up entry (thresholds in
`bot.tuning`); a short follow-up question is read against the previous answer's topic
(`bot.followup`).
"""

from __future__ import annotations

from dataclasses import replace

from bot import known_ids
from bot.citation import with_footer
from bot.conversation import PreviousTopic
from bot.followup import combine_readings, followup_words, key_terms
from bot.knowledge import KnowledgeBase
from bot.knowledge_types import Entry
from bot.match_index import ExampleIndex, build_index
from bot.match_result import NEAR_SUBJECT_REASON, MatchResult, Suggestion
from bot.message_parts import MessageParts
from bot.morphology import shared_morphology
from bot.normalize import Normalizer, basic_tokens
from bot.outcome import Outcome
from bot.places import Mention, PlaceFinder, PlacesFound, Target
from bot.question_shape import SENTENCE_END_RE, cohort_asked, size_named, topic_tokens
from bot.scoring import QUESTION_WORDS, Scorer
from bot.telegram_html import visible_text
from bot.tuning import (
    ANCHORED_ANSWER_MARGIN,
    ANCHORED_ANSWER_SCORE,
    ANSWER_MARGIN,
    ANSWER_SCORE,
    CONFLICT_MARGIN,
    CONFLICT_RATIO,
    ENTITY_SCORE,
    EVERYDAY_PENALTY,
    FOLLOWUP_KEY_WORDS,
    FOLLOWUP_MAX_WORDS,
    HOME_TOPIC_SUGGEST_SCORE,
    KEY_TERM_IDF,
    KEY_TERM_MIN_SCORE,
    MAX_SUGGESTIONS,
    NO_DOMAIN_PENALTY,
    SINGLE_WORD_IDF,
    SUGGEST_KEEP,
    SUGGEST_SCORE,
    TOPIC_OVER_PLACE_SCORE,
    TOPIC_WORD_IDF,
)

__all__ = ["Matcher", "MatchResult", "Suggestion"]

ASK_WORDS = frozenset({"tanya", "bertanya", "menanyakan"})  # "mau tanya", "ingin bertanya"
OR_WORDS = frozenset({"atau", "apa"})  # "2018 atau 2023?", "2018 apa 2019?"
# words that only name the programme, besides kata_nama_program ("gerakan menuju smart city")
PROGRAMME_NAME_WORDS = frozenset({"smart", "gerakan", "menuju", "program", "kota"})


class Matcher:
    """Answer questions from one immutable knowledge base."""

    def __init__(self, kb: KnowledgeBase, *, operator: str = "tim relawan smartcity-bot",
                 retention_days: int = 365):
        self.kb = kb
        self.operator = operator
        self.retention_days = retention_days
        self.normalizer = Normalizer(kb.slang, kb.particles, forms=shared_morphology())
        self.words = kb.vocabulary
        self.places = PlaceFinder(kb.regions, self._name_tokens,
                                  self.words.bukan_nama_daerah_setelah)
        self.index: ExampleIndex = build_index(kb, self.normalizer, self._answer_tokens)
        self.scorer = Scorer(self.index, self.words, shared_morphology().function_words)
        self.function_words = self.scorer.function_words
        self._participation = self.words.kata_program & self.words.kata_angkatan  # "ikut"
        self._sizes = {year: c.size for year, c in kb.regions.cohorts.items()}
        self._summaries = {year: frozenset(self._name_tokens(c.summary))
                           for year, c in kb.regions.cohorts.items()}
        # the areas regions took part in ("Mandalika", "Bromo-Tengger-Semeru"), by their own words
        self._area_words = {region.id: frozenset(
            t for p in region.participations for t in self._name_tokens(p.area)
            if t not in self.words.domain and t not in self.words.bukan_nama_daerah_setelah)
            for region in kb.regions.regions.values()}
        self._all_area_words = frozenset().union(*self._area_words.values())
        self.parts = MessageParts(self.normalizer, self.places, self.words, self.scorer)
        vocabulary = set(self.index.idf) | self.words.kata_umum | self.words.kata_pengisi | \
            self.words.kata_luar_cakupan
        for referral in kb.referrals:  # "satpas" is a word of its own, not a typo
            vocabulary.update(referral.words)
        for number in range(len(self.index.entries)):
            vocabulary.update(self.index.answer_vocab[number])
        for value in kb.slang.values():
            vocabulary.update(basic_tokens(value))
        self.normalizer.set_vocabulary(vocabulary, names=self.places.name_tokens,
                                       joined_names=self.places.joined_names,
                                       max_name_words=self.places.max_name_words,
                                       root_targets=self.scorer.topic_words)

    def _name_tokens(self, name: str) -> list[str]:
        return self.normalizer.expand(basic_tokens(name))

    def _answer_tokens(self, entry: Entry) -> frozenset[str]:
        return frozenset(self._name_tokens(visible_text(entry.answer)))

    # ----------------------------------------------------------------------------- matching

    def match(self, text: str, context: PreviousTopic | None = None) -> MatchResult:
        """Decide the outcome for one message.

        Args:
            text: The citizen's message.
            context: The topic of the answer the citizen got a few minutes ago, if any; a
                short question without a topic of its own is read against it.
        """
        alone = self.match_alone(text)
        previous = self.kb.entries.get(context.entry_id) if context is not None else None
        if previous is None or alone.outcome is Outcome.SMALLTALK:
            return alone
        query = text if isinstance(text, str) else ""
        tokens = self.normalizer.normalize(query).tokens
        tokens = self._without_greeting(tokens) or tokens
        if not tokens or len(tokens) > FOLLOWUP_MAX_WORDS or (
                alone.outcome is Outcome.ANSWER and self.has_domain_word(tokens)):
            return alone  # "apa itu bimtek?" asks on its own
        places = self.places.find(tokens)
        if any(t not in self.index.idf and t not in self.words.kata_pengisi and not t.isdigit()
               for i, t in enumerate(tokens) if i not in places.covered):
            return alone  # "resep rendang" is not about the previous topic
        number = self.index.position.get(previous.id)
        keys = key_terms(self.index.share[number], self.index.idf, self.words.kata_pengisi,
                         KEY_TERM_IDF, FOLLOWUP_KEY_WORDS) if number is not None else []
        words = followup_words(previous, keys, bool(places.mentions or places.years))
        reading = self.match_alone(f"{SENTENCE_END_RE.sub(' ', query)} {words}")
        return combine_readings(alone, reading, MAX_SUGGESTIONS)

    def match_alone(self, text: str) -> MatchResult:
        """Decide the outcome for one message read on its own."""
        query = text if isinstance(text, str) else ""
        norm = self.normalizer.normalize(query)
        tokens = norm.tokens
        if not tokens:
            return MatchResult(query, norm.text, Outcome.FALLBACK, reason="no words")
        rest = self._without_greeting(tokens)
        if rest:  # "halo kak, apa itu smart city?" is a question, not a greeting
            tokens = rest
        places = self.places.find(tokens)
        if set(tokens) & self.words.kata_luar_cakupan and not self._asks_part(tokens, places):
            return MatchResult(query, norm.text, Outcome.FALLBACK,
                               reason=NEAR_SUBJECT_REASON)
        content = {t for t in tokens if not self.scorer.is_plain(t)} or set(tokens)
        # "oke makasih, sampai ketemu lagi"; "saya ingin bertanya mengenai program kota cerdas"
        if content <= self.scorer.smalltalk_words or self._asks_to_ask(tokens):
            scores = self.scorer.score(tokens, norm.repaired, smalltalk_only=True)
            best = max(scores, key=scores.__getitem__)
            return self._answer(query, norm.text, self.index.entries[best], scores[best], 0.0,
                                "small talk")
        low = self.parts.scene_words(query)
        if places.mentions and set(tokens) & self.words.kata_instansi and \
                not self.parts.refers_home(tokens):
            topic = self._topic_from_office(query, norm.text, tokens, places, norm.repaired, low)
            if topic is not None:
                return topic
        if places.mentions and self.parts.asks_about_topic(tokens):
            topic = self._topic_from_home(query, norm.text, tokens, places, norm.repaired, low)
            if topic is not None:
                return topic
        routed = self._route_places(query, norm.text, tokens, places, norm.repaired, low)
        if routed is not None:
            return routed
        domain = self.has_domain_word(tokens)
        if places.mentions and not domain:
            return MatchResult(query, norm.text, Outcome.FALLBACK,
                               reason="a place, not the programme")
        if len(set(tokens)) == 1 and not self._is_example(tokens[0]) and \
                tokens[0] not in self.words.kata_topik and \
                self.index.idf.get(tokens[0], 0.0) < SINGLE_WORD_IDF:  # "kota?", not "pilar?"
            return MatchResult(query, norm.text, Outcome.FALLBACK, reason="one general word")
        everyday = any(t in self.words.kata_umum and t not in self.index.idf for t in tokens)
        asked = topic_tokens(tokens, places)
        # an everyday word ("sekolah", "minggu") is no other subject next to an entry's anchor
        spared = frozenset(self.scorer.anchored(asked)) if domain else frozenset()
        penalty = 0.0 if domain and not everyday else NO_DOMAIN_PENALTY
        if everyday and not set(tokens) & self.words.kata_nama_program:
            penalty = EVERYDAY_PENALTY  # "award musik 2024", "cuaca di danau toba"
        return self._decide(query, norm.text, asked, norm.repaired, low, penalty, spared)

    def _asks_to_ask(self, tokens: tuple[str, ...]) -> bool:
        """Whether the message only says the asker wants to ask about the programme.

        "saya ingin bertanya mengenai program kota cerdas" and "boleh tanya soal smart city?"
        name the programme but ask nothing yet: they get the invitation to ask, like "mau
        tanya". A question word or any topic word ("biaya") makes it a question.
        """
        words = set(tokens)
        return bool(words & ASK_WORDS) and not words & QUESTION_WORDS and all(
            t in self.function_words or self.scorer.is_plain(t) or t in self.words.kata_diri or
            t in self.words.kata_nama_program or t in PROGRAMME_NAME_WORDS for t in words)

    def has_domain_word(self, tokens: tuple[str, ...]) -> bool:
        """Whether a word only questions about the programme use appears."""
        return bool(set(tokens) & self.words.domain)

    def _topic_from_office(self, query: str, normalized: str, tokens: tuple[str, ...],
                           places: PlacesFound, repaired: frozenset[str],
                           low: frozenset[str]) -> MatchResult | None:
        """A topic asked by an office of the place it names, when the topic is clear.

        "kami dari Bappeda Kota Kupang ingin menanyakan manfaat mengikuti program smart city".
        """
        office = self.parts.office_places(query)
        if not office or any(t.entry_id not in office for m in places.mentions for t in m.targets):
            return None
        topic = self._decide(query, normalized, topic_tokens(tokens, places), repaired, low)
        if topic.outcome is not Outcome.ANSWER or topic.entry_id in known_ids.GENERIC:
            return None
        return replace(topic, reason=f"{topic.reason}; the asker's office is context")

    def _topic_from_home(self, query: str, normalized: str, tokens: tuple[str, ...],
                         places: PlacesFound, repaired: frozenset[str],
                         low: frozenset[str]) -> MatchResult | None:
        """The topic of a question whose only places are the asker's own.

        "Saya ASN di Jawa Tengah. Bagaimana tahapan dan persyaratan agar kabupaten kami ikut?"
        asks how to join, not for Jawa Tengah's participants: the place's answer is never
        given. A weak topic reading offers its closest topics, or honestly none.
        """
        home = self.parts.home_places(query)
        if not home or any(t.entry_id not in home for m in places.mentions for t in m.targets):
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

    def _is_example(self, token: str) -> bool:
        """True when some entry has exactly this one word as an example question."""
        return any(self.index.examples[n].tokens == {token}
                   for n in self.index.postings.get(token, ()))

    def _route_places(self, query: str, normalized: str, tokens: tuple[str, ...],
                      places: PlacesFound, repaired: frozenset[str],
                      low: frozenset[str]) -> MatchResult | None:
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
        if mentions:
            if self._asks_part(tokens, places):
                return self._entity_result(query, normalized, mentions)
            naming = self._topic_naming(query, normalized, tokens, places)
            if naming is not None:
                return naming
            years = {str(y) for y in self._sizes}  # "kotamobagu 2018 atau 2023?" asks its cohort
            if not programme and any(t not in self.words.kata_daftar and t not in years and
                                     not (t in OR_WORDS and years & set(outside))
                                     for t in outside):
                return None
            named = list(dict.fromkeys(t.entry_id for m in mentions for t in m.targets))
            topic = self._topic_instead(query, normalized, tokens, places, repaired, low, named)
            return topic or self._entity_result(query, normalized, mentions)
        if year is None:
            return None
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

    def _asks_part(self, tokens: tuple[str, ...], places: PlacesFound) -> bool:
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
        routing = words.kata_urutan_awal | words.kata_urutan_akhir | words.kata_kumulatif
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

    def _decide(self, query: str, normalized: str, tokens: tuple[str, ...],
                repaired: frozenset[str], low: frozenset[str] = frozenset(),
                penalty: float = 0.0, spared: frozenset[int] = frozenset()) -> MatchResult:
        scores = self.scorer.score(tokens, repaired, low)
        ranked = sorted(((n, s - (0.0 if n in spared else penalty)) for n, s in scores.items()),
                        key=lambda item: item[1], reverse=True)
        if not ranked:
            return MatchResult(query, normalized, Outcome.FALLBACK, reason="low score")
        first, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        entry = self.index.entries[first]
        close = [n for n, s in ranked[1:] if s >= top * SUGGEST_KEEP]
        own, rival = self.scorer.key_terms(tokens, low, first, close)
        if top < SUGGEST_SCORE:
            if top >= ANCHORED_ANSWER_SCORE and top - second >= ANCHORED_ANSWER_MARGIN and \
                    first in self.scorer.anchored(tokens) and not rival:
                return self._answer(query, normalized, entry, top, top - second, "anchor")
            return MatchResult(query, normalized, Outcome.FALLBACK, score=top, reason="low score")
        if top >= ANSWER_SCORE and top - second >= ANSWER_MARGIN and not (
                rival > CONFLICT_RATIO * own and top - second < CONFLICT_MARGIN):
            return self._answer(query, normalized, entry, top, top - second, "paraphrase")
        if top >= KEY_TERM_MIN_SCORE and own and not rival:
            return self._answer(query, normalized, entry, top, top - second, "key term")
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

    def render(self, entry: Entry, *, footer: bool = True) -> str:
        """The entry's answer with settings filled in, ending with its sources and date.

        Every front end (CLI, private chats, groups, inline) renders through here, so none
        can show an answer without the line that says where it comes from.
        """
        body = entry.answer.replace("{operator}", self.operator).replace(
            "{retensi}", str(self.retention_days))
        return with_footer(body, entry) if footer else body

    def candidates(self, text: str, n: int = 3) -> tuple[Suggestion, ...]:
        """The `n` topic entries scoring best for a text, even below the answer threshold.

        For staff reports (the nearest entry to an unanswered question). Small talk is left
        out and no outcome is decided, so `match` is unaffected.
        """
        norm = self.normalizer.normalize(text if isinstance(text, str) else "")
        tokens = self._without_greeting(norm.tokens) or norm.tokens
        if not tokens:
            return ()
        asked = topic_tokens(tokens, self.places.find(tokens))
        scores = self.scorer.score(asked, norm.repaired,
                                   self.parts.scene_words(text if isinstance(text, str) else ""))
        ranked = sorted(((s, n) for n, s in scores.items() if not self.index.smalltalk[n]),
                        key=lambda item: (-item[0], item[1]))
        return tuple(Suggestion(self.index.entries[number].id, self.index.entries[number].title,
                                score) for score, number in ranked[:n])

    def entry(self, entry_id: str) -> Entry | None:
        """Look an entry up by id (for buttons and deep links)."""
        return self.kb.entries.get(entry_id)
