"""Match a citizen's question to a knowledge entry, or honestly to nothing.

Pure code (no `telegram` import). Two stages:

1. Places (`bot.place_routes`): a region, province or cohort year asked about with words that
   signal the programme ("ikut", "peserta", "smart city", ...) goes straight to its generated
   entry; a name that is both a kota and a kabupaten becomes a "did you mean" of both. A topic
   whose answer names the place (tourism areas, a region's innovation) beats the place; a
   total "sampai 2023" is not one cohort; "angkatan pertama / terbaru" is the first / latest.
2. Paraphrases (`bot.scoring`): an IDF-weighted token overlap (an F1 of query precision and
   example recall) against every example question, plus the share of the query an entry's
   vocabulary explains. Words the knowledge base has never seen weigh the most, so off-topic
   questions score low; courtesy, framing and function words weigh little, and an entry's
   anchor next to the programme's name makes other words context. WRatio-style partial
   scoring was rejected: it rates any one-word overlap highly.

The outcome is decided by the score and its margin over the runner-up entry (`bot.tuning`).
Around them: places the asker only names as their own leave the question
(`bot.message_parts`), an undecided long message is read part by part (`bot.long_message`),
and a short follow-up is read against the previous answer's topic (`bot.followup_reader`).
"""

from __future__ import annotations

from bot import known_ids, tuning
from bot.citation import with_footer
from bot.conversation import PreviousTopic
from bot.definition import ProgrammeDefinition
from bot.followup_reader import FollowupReader
from bot.knowledge import KnowledgeBase
from bot.knowledge_types import Entry, EntryKind
from bot.long_message import MessagePartKinds, other_questions, reread_parts
from bot.match_index import ExampleIndex, build_index
from bot.match_result import (
    CHITCHAT_REASON,
    NEAR_SUBJECT_REASON,
    OTHER_SUBJECT_REASON,
    SALE_REASON,
    MatchResult,
    Suggestion,
    only_choice,
)
from bot.message_parts import MessageParts
from bot.morphology import shared_morphology
from bot.normalize import Normalizer, basic_tokens
from bot.outcome import Outcome
from bot.place_routes import PlaceRoutes
from bot.places import PlaceFinder
from bot.places_noted import noted_places
from bot.question_shape import (
    counts_regions,
    lists_regions,
    phase_labels,
    sells_to_government,
    smart_place,
    topic_tokens,
)
from bot.scoring import Scorer
from bot.small_talk import SmallTalk
from bot.telegram_html import visible_text

__all__ = ["Matcher", "MatchResult", "Suggestion"]

BOT_WORDS = frozenset({"bot", "kamu"})  # words of kosakata.yaml that name this bot


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
        self.talk = SmallTalk(self.words, self.scorer, self.index)
        self.parts = MessageParts(self.normalizer, self.places, self.words, self.scorer)
        self.part_kinds = MessagePartKinds(self.normalizer, self.parts, self.scorer)
        self.definition = ProgrammeDefinition(self.normalizer, self.words, self.scorer,
                                              self.index, known_ids.PROGRAMME)
        self.followups = FollowupReader(
            self.normalizer, self.talk, self.places, self.index, kb.entries,
            {r.id: r for r in kb.regions.regions.values()}, self.match_alone, self.answer_with)
        self.routes = PlaceRoutes(kb, self.index, self.scorer, self.places, self.parts,
                                  self._name_tokens, self._decide, self._answer)
        vocabulary = set(self.index.idf) | self.words.every_word  # the admins' lists are words
        vocabulary.update(*(referral.words for referral in kb.referrals))  # "satpas": a word
        vocabulary.update(*self.index.answer_vocab, *map(basic_tokens, kb.slang.values()))
        self.normalizer.set_vocabulary(vocabulary, names=self.places.name_tokens,
                                       joined_names=self.places.joined_names,
                                       max_name_words=self.places.max_name_words,
                                       root_targets=self.scorer.topic_words)

    def _name_tokens(self, name: str) -> list[str]:
        return self.normalizer.expand(basic_tokens(name))

    def _answer_tokens(self, entry: Entry) -> frozenset[str]:
        return frozenset(self._name_tokens(visible_text(entry.shown_answer)))

    # ----------------------------------------------------------------------------- matching

    def match(self, text: str, context: PreviousTopic | None = None) -> MatchResult:
        """Decide the outcome for one message.

        Args:
            text: The citizen's message.
            context: The topic of the answer the citizen got a few minutes ago, if any; a
                short question without a topic of its own is read against it.
        """
        previous = self.kb.entries.get(context.entry_id) if context is not None else None
        alone = self.match_alone(text)
        read = alone if previous is None else self.followups.read(text, alone, previous)
        return self._with_places(self._one_choice(read))

    def answer_with(self, result: MatchResult, entry: Entry, reason: str) -> MatchResult:
        """The answer with `entry` to the question `result` was decided for."""
        return self._answer(result.query, result.normalized, entry, result.score, 0.0, reason)

    def _one_choice(self, result: MatchResult) -> MatchResult:
        """A "did you mean" with one topic answers it: the only reading (see `only_choice`)."""
        entry = self.kb.entries.get(only_choice(result) or "")
        return result if entry is None else self._answer(
            result.query, result.normalized, entry, result.score, result.margin,
            f"{result.reason}; the one close topic")

    def match_alone(self, text: str) -> MatchResult:
        """Decide the outcome for one message read on its own, part by part if need be."""
        whole = self._match_whole(text)
        if whole.outcome is Outcome.ANSWER:
            return other_questions(whole.query, whole, self.part_kinds, self._match_whole)
        return reread_parts(whole.query, whole, self.part_kinds, self._match_whole)

    def _with_places(self, result: MatchResult) -> MatchResult:
        """A topic answer notes the regions the asker named (`bot.places_noted`)."""
        entry = self.kb.entries.get(result.entry_id or "")
        if result.outcome is not Outcome.ANSWER or not entry or entry.kind is not EntryKind.TOPIC:
            return result
        tokens = tuple(result.normalized.split())  # the words the decision read
        return noted_places(result, entry, self.places.find(tokens))

    def _match_whole(self, text: str) -> MatchResult:
        """Decide the outcome for one message read as a whole."""
        query = text if isinstance(text, str) else ""
        norm = self.normalizer.normalize(query)
        tokens = norm.tokens
        if not tokens:
            return MatchResult(query, norm.text, Outcome.FALLBACK, reason="no words")
        tokens = self.talk.question_words(tokens)  # "halo kak, apa itu smart city?"
        places = self.places.find(tokens)
        low = self.parts.scene_words(query) | phase_labels(tokens)
        if places.mentions:  # "Saya pemandu wisata di Gianyar. ... di Provinsi Bali yang ikut?"
            tokens, places = self.parts.without_context_places(query, tokens, places)
        near = set(tokens) & self.words.kata_luar_cakupan
        if near:  # the asker's job, or a remark beside a programme question, is no subject
            near -= self.parts.home_clause_words(query) | self.parts.side_remarks(query)
        if near and not (set(tokens) & self.words.kata_nama_program and  # "pendaftaran CPNS
                         self.routes.asks_part(tokens, places)):  # pemkot surabaya" is no part
            return MatchResult(query, norm.text, Outcome.FALLBACK, reason=NEAR_SUBJECT_REASON)
        if sells_to_government(tokens, self.words) and not (  # unless "daerah kami" joins
                self.parts.refers_home(tokens) and set(tokens) & self.parts.participation):
            return MatchResult(query, norm.text, Outcome.FALLBACK, reason=SALE_REASON)
        if self.talk.only_talk(tokens):  # "oke makasih, sampai ketemu lagi"
            scores = self.scorer.score(tokens, norm.repaired, smalltalk_only=True)
            best = self.talk.choose(tokens, scores)
            return self._answer(query, norm.text, self.index.entries[best], scores[best], 0.0,
                                "small talk")
        routes, repaired = self.routes, norm.repaired
        if places.mentions and set(tokens) & self.words.kata_instansi and \
                not self.parts.refers_home(tokens):
            topic = routes.topic_from_office(query, norm.text, tokens, places, repaired, low)
            if topic is not None:
                return topic
        if places.mentions and self.parts.asks_about_topic(tokens):
            topic = routes.topic_from_home(query, norm.text, tokens, places, repaired, low)
            if topic is not None:
                return topic
        if counts_regions(tokens, self.words):  # "ada berapa kabupaten di provinsi aceh"
            return MatchResult(query, norm.text, Outcome.FALLBACK, reason="a count of regions")
        routed = self.routes.route(query, norm.text, tokens, places, norm.repaired, low)
        if routed is not None:
            return routed
        domain = self.has_domain_word(tokens) or smart_place(tokens)  # "kotaku makin smart"
        if domain and not places.mentions and not places.years and lists_regions(tokens) and \
                not set(tokens) & self.part_kinds.topics:  # "DAFTAR KOTA SMART CITY INDONESIA"
            return self._answer(query, norm.text, self.kb.entries[known_ids.REGION_LIST],
                                tuning.ENTITY_SCORE, tuning.ENTITY_SCORE, "a list of regions")
        if places.mentions and not domain:
            return MatchResult(query, norm.text, Outcome.FALLBACK,
                               reason="a place, not the programme")
        if len(set(tokens)) == 1 and not self.index.is_example(tokens[0]) and \
                (tokens[0] not in self.words.kata_topik or tokens[0].isdigit()) and \
                self.index.idf.get(tokens[0], 0.0) < tuning.SINGLE_WORD_IDF:  # "kota?", "pilar?"
            return MatchResult(query, norm.text, Outcome.FALLBACK, reason="one general word")
        everyday = any(t in self.words.kata_umum and t not in self.index.idf for t in tokens)
        asked = topic_tokens(tokens, places)
        # an everyday word ("sekolah", "minggu") is no other subject next to an entry's anchor
        about_programme = domain and bool(set(tokens) & self.words.domain - BOT_WORDS)
        if everyday and domain and not about_programme:  # "aku sayang kamu bot": chit-chat
            return MatchResult(query, norm.text, Outcome.FALLBACK, reason=CHITCHAT_REASON)
        named = about_programme and bool(set(tokens) & self.words.kata_nama_program)
        spared = frozenset(self.scorer.anchored(asked)) if named else frozenset()
        penalty = 0.0 if domain and not everyday else tuning.NO_DOMAIN_PENALTY
        if everyday and not set(tokens) & self.words.kata_nama_program:
            penalty = tuning.EVERYDAY_PENALTY  # "award musik 2024", "cuaca di danau toba"
        result = self._decide(query, norm.text, asked, norm.repaired, low, penalty, spared)
        if result.entry_id != known_ids.PROGRAMME and not places.mentions and \
                not places.years and self.definition.asked(query, tokens):
            return self._answer(query, norm.text, self.kb.entries[known_ids.PROGRAMME],
                                result.score, 0.0, "what the programme's name means")
        return result

    def has_domain_word(self, tokens: tuple[str, ...]) -> bool:
        """Whether a word only questions about the programme use appears."""
        return bool(set(tokens) & self.words.domain)

    def _decide(self, query: str, normalized: str, tokens: tuple[str, ...],
                repaired: frozenset[str], low: frozenset[str] = frozenset(),
                penalty: float = 0.0, spared: frozenset[int] = frozenset()) -> MatchResult:
        scores = self.scorer.score(tokens, repaired, low)
        other = self.scorer.off_subject(tokens)  # "smart city dibuat untuk apa": not the bot
        ranked = sorted(((n, s - (0.0 if n in spared else penalty) -
                          (tuning.OTHER_SUBJECT_PENALTY if n in other else 0.0))
                         for n, s in scores.items()), key=lambda item: item[1], reverse=True)
        if not ranked:
            return MatchResult(query, normalized, Outcome.FALLBACK, reason="low score")
        first, top = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        entry = self.index.entries[first]
        close = [n for n, s in ranked[1:] if s >= top * tuning.SUGGEST_KEEP]
        own, rival = self.scorer.key_terms(tokens, low, first, close)
        if first in other:  # never answer about the bot a question naming the programme
            own, rival = 0.0, 1.0
        if top < tuning.SUGGEST_SCORE:
            if top >= tuning.ANCHORED_ANSWER_SCORE and not rival and \
                    top - second >= tuning.ANCHORED_ANSWER_MARGIN and \
                    first in self.scorer.anchored(tokens):
                return self._answer(query, normalized, entry, top, top - second, "anchor")
            return MatchResult(query, normalized, Outcome.FALLBACK, score=top, reason="low score")
        if top >= tuning.ANSWER_SCORE and top - second >= tuning.ANSWER_MARGIN and \
                first not in other and not (rival > tuning.CONFLICT_RATIO * own and
                                            top - second < tuning.CONFLICT_MARGIN):
            return self._answer(query, normalized, entry, top, top - second, "paraphrase")
        if top >= tuning.KEY_TERM_MIN_SCORE and own and rival <= tuning.KEY_TERM_RIVAL_SHARE * own:
            return self._answer(query, normalized, entry, top, top - second, "key term")
        # the bot's own topic next to the programme's: the programme's nearest are choices too
        floor = tuning.FALLBACK_NEAR_SCORE if first in other else top * tuning.SUGGEST_KEEP
        suggestions = tuple(
            Suggestion(self.index.entries[n].id, self.index.entries[n].title, s)
            for n, s in ranked[:tuning.MAX_SUGGESTIONS] if s >= floor)
        return MatchResult(query, normalized, Outcome.SUGGEST, score=top, margin=top - second,
                           suggestions=suggestions, reason=OTHER_SUBJECT_REASON
                           if first in other else "close or weak candidates")

    def _answer(self, query: str, normalized: str, entry: Entry, score: float, margin: float,
                reason: str) -> MatchResult:
        related = tuple(Suggestion(r, self.kb.entries[r].title, 0.0) for r in entry.related
                        if r in self.kb.entries)
        outcome = Outcome.SMALLTALK if entry.is_smalltalk else Outcome.ANSWER
        return MatchResult(query, normalized, outcome, entry.id, entry.title,
                           self.render(entry), score, margin, related=related, reason=reason)

    def render(self, entry: Entry, *, footer: bool = True) -> str:
        """The entry's answer with settings filled in, ending with its sources and date.

        Roster lists (`{peserta_kawasan:IKN}`) were filled when the knowledge loaded
        (`Entry.shown_answer`); only settings are left to fill here.

        Every front end (CLI, private chats, groups, inline) renders through here, so none
        can show an answer without the line that says where it comes from.
        """
        body = entry.shown_answer.replace("{operator}", self.operator).replace(
            "{retensi}", str(self.retention_days))
        return with_footer(body, entry) if footer else body

    def candidates(self, text: str, n: int = 3) -> tuple[Suggestion, ...]:
        """The `n` topic entries scoring best for a text, even below the answer threshold.

        For staff reports (the nearest entry to an unanswered question). Small talk is left
        out and no outcome is decided, so `match` is unaffected.
        """
        norm = self.normalizer.normalize(text if isinstance(text, str) else "")
        tokens = self.talk.without_greeting(norm.tokens) or norm.tokens
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
