"""A long message that asks several things, read one asking part at a time.

"kak aku mhs lg nyusun skripsi ttg smart city, boleh tau tahapan penyusunan masterplan nya dr
kominfo gimana? trs referensinya bisa dicari dmn" and "Sudah berapa total kab/kota yang ikut,
dan apakah ada angkatan baru di tahun 2025?" mix an introduction and two questions: read as one
bag of words, no entry fits well enough and the citizen hears that the bot does not know. Each
part that asks is read on its own; the first part answered is the answer, and the entries the
other parts reach are offered beside it, so both questions are one tap away.

Only parts that name the programme are read (so "Jalan rusak. Bagaimana cara lapor?" is never
a programme question), and never over a decision made on purpose (a near subject, an offer to
sell, the bot itself).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from bot.match_result import MatchResult, Suggestion
from bot.message_parts import MessageParts
from bot.normalize import Normalizer
from bot.outcome import Outcome
from bot.scoring import Scorer
from bot.sentences import split_sentences

PART_SPLIT_RE = re.compile(r",\s*(?:dan|serta|lalu|terus|trus|trs|juga)?\s*"
                           r"|\s+(?:dan|serta)\s+(?=(?:\w+\s+)?(?:apakah|apa|berapa|bagaimana|"
                           r"gimana|kapan|siapa|mana|kenapa|mengapa)\b)")  # "dan kepada siapa"
PROGRAMME_NAME = "smart city"  # what a question means when the message named the programme
PARTS_CACHED = 256  # recent parts whose words are kept (a long message has a dozen)
MIN_PART_WORDS = 3  # "gimana?" alone asks nothing a part can be read by
MAX_PARTS = 6  # a letter of more parts is left to the whole reading
WANT_WORDS = frozenset({"ingin", "mau", "butuh", "perlu", "minta", "harap", "berharap"})
REREAD_REASONS = frozenset({"low score", "close or weak candidates",  # undecided readings
                            "a how question from the asker's place"})


def split_parts(query: str) -> list[str]:
    """The message's sentences, and their clauses.

    A clause too short to ask on its own stays with the one before it ("Kalau pemda mau ikut
    program ini, biayanya berapa?").
    """
    parts: list[str] = []
    for sentence in split_sentences(query):
        clauses = [c.strip() for c in PART_SPLIT_RE.split(sentence.strip().rstrip(".!?;:"))
                   if c and c.strip()]
        merged: list[str] = []
        for clause in clauses:
            if merged and len(clause.split()) < MIN_PART_WORDS:
                merged[-1] = f"{merged[-1]}, {clause}"
            else:
                merged.append(clause)
        parts.extend(merged)
    return parts


def reread_parts(query: str, whole: MatchResult, kinds: MessagePartKinds,
                 read: Callable[[str], MatchResult]) -> MatchResult:
    """The answer of the message's parts when the whole message was not understood.

    A part is answered only if it names the programme itself ("emang gunanya buat apaan"
    after a sentence about this bot is no question about the programme's benefits) and no
    other part strays to a subject the knowledge never mentions ("cara daftar program Desa
    Digital, desa kami pengen dapet wifi gratis"); greetings and introductions do not count.

    Args:
        query: The citizen's message.
        whole: The reading of the whole message.
        kinds: Tells which parts name the programme, greet, introduce the asker or stray.
        read: Reads one part on its own (the matcher, without this step).
    """
    if whole.outcome not in (Outcome.FALLBACK, Outcome.SUGGEST) or \
            not any(whole.reason.startswith(r) for r in REREAD_REASONS):
        return whole
    said = split_parts(query)
    if whole.outcome is Outcome.FALLBACK and "?" not in query and said and \
            kinds.courteous(said[0]) and \
            not any(kinds.asks(p) or kinds.strays(p) for p in said[1:]):
        talk = read(said[0])  # "Terima kasih banyak, informasinya sangat membantu untuk ..."
        if talk.outcome is Outcome.SMALLTALK:
            return replace(talk, query=whole.query, normalized=whole.normalized,
                           reason=f"{talk.reason}; the rest of the message asks nothing")
    parts = [p for p in said if len(p.split()) >= MIN_PART_WORDS and not kinds.courteous(p)]
    if len(parts) < 2 or len(parts) > MAX_PARTS:
        return whole
    framing = [kinds.frames(p, query) for p in parts]
    strays = [kinds.strays(p) for p in parts]
    questions = [kinds.questions(p, query) for p in parts]
    tells = [any(questions) and not q for q in questions]  # "Pimpinan kami berkeinginan agar
    # Kabupaten X dapat mengikuti ...": a statement beside a question is not answered
    answers: list[MatchResult] = []
    choices: list[MatchResult] = []
    named = any(kinds.names_the_programme(p) for p in parts)
    for number, part in enumerate(parts):
        if framing[number] or tells[number] or strays[number]:
            continue
        if not kinds.names_programme(part):
            if not (named and questions[number]):
                continue
            # "Kami di Setda menyiapkan evaluasi implementasi smart city. Boleh dijelaskan
            # mekanisme evaluasinya?": the programme named before is what the question is about
            part = f"{part} {PROGRAMME_NAME}"
        rest = [n for n in range(len(parts)) if n != number]
        # a part about another subject ("wifi gratis") keeps the rest from being answered
        # alone; an introduction may name anything ("saya ketua karang taruna di Cibinong")
        alone = not any(strays[n] for n in rest if not framing[n])
        reading = read(part)
        if reading.outcome is Outcome.ANSWER and reading.entry_id and alone and \
                all(a.entry_id != reading.entry_id for a in answers):
            answers.append(reading)
        elif reading.outcome is Outcome.SUGGEST and reading.suggestions and alone:
            choices.append(reading)
    if not answers:  # a "did you mean" of one part beats "I don't know" for the whole
        if whole.outcome is Outcome.SUGGEST or not choices:
            return whole
        return replace(choices[0], query=whole.query, normalized=whole.normalized,
                       reason=f"{choices[0].reason}; one part of a long message")
    offered = {s.entry_id for s in whole.suggestions}
    if whole.outcome is Outcome.SUGGEST and not all(a.entry_id in offered for a in answers):
        return whole  # the parts disagree with what the whole message is close to
    first, others = answers[0], answers[1:]
    also = tuple(Suggestion(str(a.entry_id), a.title, a.score) for a in others)
    return replace(first, query=whole.query, normalized=whole.normalized, also_asked=also,
                   reason=f"{first.reason}; one part of a long message")


def other_questions(query: str, whole: MatchResult, kinds: MessagePartKinds,
                    read: Callable[[str], MatchResult]) -> MatchResult:
    """An answered message's other questions, offered as buttons beside its answer.

    "apa itu masterplan smart city, terus bimtek itu apa?" is answered with the masterplan;
    the bimtek entry is one tap away. Only parts that ask and name the programme count, and
    none when a part strays to another subject.
    """
    said = split_parts(query)
    if whole.outcome is not Outcome.ANSWER or not whole.entry_id or len(said) < 2:
        return whole  # most questions are one part: nothing else to offer
    parts = [p for p in said if len(p.split()) >= MIN_PART_WORDS and not kinds.courteous(p)]
    asking = [p for p in parts if not kinds.frames(p, query) and kinds.asks(p)
              and (kinds.names_programme(p) or kinds.names_topic(p))]
    if len(asking) < 2 or len(parts) > MAX_PARTS or \
            any(kinds.strays(p) for p in parts if not kinds.frames(p, query)):
        return whole
    seen = {whole.entry_id}
    also: list[Suggestion] = []
    for part in asking:
        reading = read(part)
        if reading.outcome is Outcome.ANSWER and reading.entry_id not in seen:
            seen.add(str(reading.entry_id))
            also.append(Suggestion(str(reading.entry_id), reading.title, reading.score))
        elif reading.outcome is Outcome.SUGGEST and reading.suggestions and \
                reading.suggestions[0].entry_id not in seen:  # a button, not an answer
            seen.add(reading.suggestions[0].entry_id)
            also.append(reading.suggestions[0])
    return replace(whole, also_asked=tuple(also)) if also else whole


class MessagePartKinds:
    """What the matcher's normaliser and word lists tell about one part of a message."""

    def __init__(self, normalizer: Normalizer, parts: MessageParts, scorer: Scorer) -> None:
        self.normalizer = normalizer
        self.parts = parts
        self.scorer = scorer
        words = parts.words
        # greetings count as programme words elsewhere (so they are never off-topic); here
        # only the programme's own words (and this bot's) do
        self.programme = words.domain - scorer.smalltalk_words
        self.topics = words.kata_topik - scorer.smalltalk_words  # "pilar", "bimtek", "bot"
        self.naming = words.kata_nama_program | self.topics  # "smart city", "masterplan"
        # each part is asked about five or six times per message: normalise it once
        self._tokens = lru_cache(maxsize=PARTS_CACHED)(self._normalized)
        self.plain = words.kata_pengisi | scorer.function_words
        self.asking = parts.questioning | parts.participation

    def _normalized(self, part: str) -> tuple[str, ...]:
        return self.normalizer.normalize(part).tokens

    def names_programme(self, part: str) -> bool:
        """Whether the part uses a word only questions about the programme use."""
        return bool(set(self._tokens(part)) & self.programme)

    def names_the_programme(self, part: str) -> bool:
        """Whether the part names the programme itself ("smart city", "kota cerdas")."""
        return bool(set(self._tokens(part)) & self.parts.words.kata_nama_program)

    def names_topic(self, part: str) -> bool:
        """Whether the part uses an entry's own word ("tahapannya", "biaya", "bimtek")."""
        return bool(set(self._tokens(part)) & self.scorer.anchor_words)

    def courteous(self, part: str) -> bool:
        """Whether the part only greets or thanks."""
        tokens = self._tokens(part)
        return not tokens or self.parts.courtesy(tokens)

    def questions(self, part: str, query: str) -> bool:
        """Whether the part asks: a question word, a how word, or its sentence ends in "?"."""
        return self.parts.is_question(self._sentence(part, query), self._tokens(part))

    def _sentence(self, part: str, query: str) -> str:
        return next((s for s in split_sentences(query) if part in s), part)

    def frames(self, part: str, query: str) -> bool:
        """Whether the part, or the sentence it is in, introduces the asker.

        "Saya mahasiswa S2 di Makassar, sedang menulis tesis tentang tata kelola kota cerdas."
        introduces the asker in both its parts.
        """
        sentence = self._sentence(part, query).rstrip()
        if sentence.endswith("?") and sentence.rstrip("?!. ").endswith(part.rstrip("?!. ")):
            return False  # "..., ada referensi resmi yg bisa aku kutip gak?" asks
        return self.introduces(part) or self.introduces(sentence)

    def introduces(self, part: str) -> bool:
        """Whether the part is about the asker and asks nothing, not even to take part.

        "aku mhs lg nyusun skripsi ttg smart city" introduces the asker, programme and all.
        """
        words = set(self._tokens(part))
        # "desa kami pengen dapet wifi gratis" asks for something; "mau membuat materi soal
        # kota cerdas" says why the asker asks
        return bool(words & self.parts.words.kata_diri) and not words & self.asking and \
            not (words & WANT_WORDS and not words & self.naming)

    def asks(self, part: str) -> bool:
        """Whether the part has a question word, a how word or a word of taking part."""
        return bool(set(self._tokens(part)) & self.asking)

    def strays(self, part: str) -> bool:
        """Whether the part is about something the knowledge never mentions ("wifi gratis").

        A part naming the programme is about the programme, whatever else it says ("anak-anak
        muda sering dengar istilah smart city").
        """
        tokens = self._tokens(part)
        words = set(tokens)
        if words & self.naming:
            return False
        unknown = {t for t in tokens if t not in self.scorer.index.idf and t not in self.plain
                   and t not in self.parts.words.every_word and not t.isdigit()}
        # a question with words of its own ("kepada siapa surat permohonan ditujukan") may
        # still be about joining; an everyday subject ("cara membuat paspor") is not
        everyday = {t for t in tokens if t in self.parts.words.subjects
                    and t not in self.scorer.index.idf}
        return bool(everyday) or bool(unknown) and not words & self.parts.questioning
