"""The parts of a long message that only frame the question: courtesy, scene, the asker's home.

A civil servant writes "Selamat siang, Bapak/Ibu admin. Saya ASN di salah satu kabupaten di Jawa
Tengah. Bagaimana tahapan dan persyaratan agar kabupaten kami ikut? Terima kasih." Only the
third sentence asks; the greeting, the introduction and the thanks set the scene, and "Jawa
Tengah" is where the asker works, not what they ask about. Pure code over the admins' word lists
(`knowledge/kosakata.yaml`), so the matcher's routing reads as sentences.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.normalize import Normalizer
from bot.places import PlaceFinder, PlacesFound
from bot.question_shape import REGION_NOUNS
from bot.scoring import QUESTION_WORDS, Scorer
from bot.sentences import split_clauses, split_sentences
from bot.vocabulary import Vocabulary

ASKING_WORDS = QUESTION_WORDS | {"apakah"}  # a clause with one of these asks, not introduces
OWNED_PLACES = REGION_NOUNS | {"provinsi"}  # "kota saya", "daerah kami": a place named
REQUEST_WORDS = frozenset({"butuh", "perlu", "minta", "mohon"})  # a request asks too
HOME_NOUNS = OWNED_PLACES | {"desa"}  # ... or a subject of its own ("apakah desa bisa ikut?")
NONE = PlacesFound((), ())


class MessageParts:
    """Reads which sentences of a message ask, and which places the asker calls home."""

    def __init__(self, normalizer: Normalizer, places: PlaceFinder, words: Vocabulary,
                 scorer: Scorer) -> None:
        self.normalizer = normalizer
        self.places = places
        self.words = words
        self.scorer = scorer
        # words only greetings, thanks and goodbyes use ("selamat", "terima", "permisi")
        self.formula = scorer.smalltalk_words - scorer.topic_words
        # words that ask whether a place takes part ("ikut", "peserta", "tercatat")
        self.participation = words.kata_program & words.kata_angkatan
        self.questioning = ASKING_WORDS | words.kata_cara  # "apa", "bagaimana", "syarat"

    def scene_words(self, query: str) -> frozenset[str]:
        """Words of sentences and clauses that only set the scene.

        In a message of several parts, a sentence without any programme word, how-word
        ("syarat", "biaya"), question word, year or place other than the asker's own describes
        who is asking ("Saya seorang pensiunan guru."), while "emang apa untungnya buat warga?"
        after a complaint is the question; a clause that greets or thanks ("Selamat pagi",
        "terima kasih") or introduces the asker ("kami dari Bappeda salah satu kabupaten di
        Jawa Tengah") frames the question even inside a sentence that asks. Their words weigh
        as little as filler words, except words the knowledge base never uses when the asking
        part names nothing of the programme nor any topic's anchor: then the scene is what
        is asked about.
        """
        if len(split_clauses(query)) < 2:
            return frozenset()  # one part: nothing else frames it (most questions)
        raw = split_sentences(query)
        sentences = [[self.normalizer.normalize(c).tokens for c in split_clauses(s)]
                     for s in raw]
        marked = [s.rstrip().endswith("?") for s in raw]  # "ada no telp atau email?" asks
        home = self._home(clause for clauses in sentences for clause in clauses)
        asking: set[str] = set()
        scene: set[str] = set()
        parts = 0
        for clauses, question in zip(sentences, marked, strict=True):
            framing: list[str] = []
            rest: list[str] = []
            for tokens in clauses:
                if tokens:
                    parts += 1
                    found = self.places.find(tokens)
                    (framing if self._framing(tokens, found) else rest).extend(tokens)
            found = self.places.find(tuple(rest))
            named = {t.entry_id for m in found.mentions for t in m.targets}
            if set(rest) & (self.words.domain | self.words.kata_cara | ASKING_WORDS) or \
                    found.years or named - home or question and rest:
                asking.update(rest)
                scene.update(framing)
            else:
                scene.update(framing + rest)
        if not asking or parts < 2:
            return frozenset()
        if not asking & (self.words.domain | self.scorer.anchor_words):  # "npwp saya lupa,
            scene = {t for t in scene if t in self.scorer.index.idf}  # cara ceknya?" asks it
        return frozenset(scene - asking)

    def _framing(self, tokens: tuple[str, ...], found: PlacesFound) -> bool:
        """A clause that greets, thanks or introduces the asker (see `scene_words`)."""
        if found.years:
            return False
        if not found.mentions and self.courtesy(tokens):
            return True
        return self.introduces(tokens) and bool(
            found.mentions or not set(tokens) & self.words.domain - self.words.kata_instansi)

    def courtesy(self, tokens: tuple[str, ...]) -> bool:
        """A greeting or thanks formula, without any word about the programme besides it.

        "Selamat siang, Bapak/Ibu admin" and "Atas perhatiannya kami ucapkan terima kasih" are
        courtesy although "selamat" and "terima" count as programme vocabulary (they keep a
        greeting from being penalised as off-topic); so is a request for help made only of
        courtesy and function words ("bisa bantu?", "mohon bantuannya ya").
        """
        words = set(tokens)
        content = {t for t in words if not self.scorer.is_plain(t)
                   and t not in self.words.sapaan_tujuan}
        if content and content <= self.scorer.smalltalk_words:
            return True
        if words & self.words.kata_pengisi and not words & ASKING_WORDS and all(
                self.scorer.is_plain(t) or t in self.scorer.function_words for t in words):
            return True  # "bisa bantu?", "mohon bantuannya ya"
        if not words & self.formula:
            return False
        return not (words - self.scorer.smalltalk_words) & self.words.domain

    def introduces(self, tokens: tuple[str, ...]) -> bool:
        """A clause about the asker: a word for them, no question and no taking part.

        "saya ASN di salah satu kabupaten di Jawa Tengah", "kami dari Dinas Kominfo Kabupaten
        Sikka"; not "kabupaten kami ikut smart city?".
        """
        words = set(tokens)
        return bool(words & self.words.kata_diri) and not words & (
            ASKING_WORDS | self.words.kata_cara | self.participation |
            self.words.kata_nama_program)

    def home_places(self, query: str) -> frozenset[str]:
        """Entry ids of the places the asker names as their own, not as the subject.

        A place named in a clause that introduces the asker ("saya ASN di salah satu
        kabupaten di Jawa Tengah", "kami dari Bappeda Kabupaten Banyumas") is where they are,
        whatever they go on to ask.
        """
        return self._home(self.normalizer.normalize(clause).tokens
                          for clause in split_clauses(query))

    def office_places(self, query: str) -> frozenset[str]:
        """Entry ids of places the asker speaks for as an office ("kami dari Bappeda Kota Kupang").

        The clause may go on to ask ("... ingin menanyakan manfaat mengikuti program smart
        city"): what comes before the place introduces the asker and names their office.
        """
        offices: set[str] = set()
        for clause in split_clauses(query):
            tokens = self.normalizer.normalize(clause).tokens
            for mention in self.places.find(tokens).mentions:
                before = tokens[:mention.start - mention.hinted]
                if before and before[0] in self.words.kata_diri and \
                        set(before) & self.words.kata_instansi and self._framing(before, NONE):
                    offices.update(t.entry_id for t in mention.targets)
        return frozenset(offices)

    def is_question(self, sentence: str, tokens: Iterable[str]) -> bool:
        """Whether a sentence asks: it ends in "?", or has a question or how word."""
        return sentence.rstrip().endswith("?") or bool(set(tokens) & self.questioning)

    def side_remarks(self, query: str) -> frozenset[str]:
        """Words of statements beside a question that names the programme.

        "Apakah desa bisa ikut program smart city ini? Kami ingin membangun desa digital." asks
        about the programme; the other programme it mentions is a remark, not the question.
        """
        asked = False
        remarks: set[str] = set()
        for sentence in split_sentences(query):
            tokens = set(self.normalizer.normalize(sentence).tokens)
            if self.is_question(sentence, tokens):
                asked = asked or bool(tokens & self.words.kata_nama_program)
            else:
                remarks |= tokens
        return frozenset(remarks) if asked else frozenset()

    def home_clause_words(self, query: str) -> frozenset[str]:
        """Words of clauses that say who the asker is and where ("saya guru honorer di Palu").

        Their job ("honorer") is no near subject the question is about.
        """
        words: set[str] = set()
        for clause in split_clauses(query):
            tokens = self.normalizer.normalize(clause).tokens
            if self.introduces(tokens) and self.places.find(tokens).mentions:
                words.update(tokens)
        return frozenset(words)

    def _home(self, clauses: Iterable[tuple[str, ...]]) -> frozenset[str]:
        home: set[str] = set()
        for tokens in clauses:
            if self.introduces(tokens):
                found = self.places.find(tokens)
                home.update(t.entry_id for m in found.mentions for t in m.targets)
        return frozenset(home)

    def context_places(self, query: str) -> frozenset[str]:
        """Entry ids of places named only where the asker says who or where they are.

        "Saya pemandu wisata di Gianyar. Kabupaten/kota mana saja di Provinsi Bali yang ikut?"
        asks about Bali, "Saya jurnalis di Makassar. Sudah berapa total kab/kota yang ikut?"
        about the programme, "Anak saya kelas 6 SD di Kota Bogor ... Jalur domisili itu
        bagaimana?" about schools. A place stays the subject when a question names it, points
        home ("kota saya", "kami dulu ikut angkatan berapa?") or asks about taking part with no
        other subject ("Saya warga Garut. Apakah sudah ikut?"), and in a message that asks
        nothing.
        """
        about_asker: set[str] = set()
        asked: list[str] = []
        named: set[str] = set()
        for sentence in split_sentences(query):
            clauses = [t for t in (self.normalizer.normalize(c).tokens
                                   for c in split_clauses(sentence)) if t]
            words = {t for clause in clauses for t in clause}
            if not words:
                continue
            requests = words & REQUEST_WORDS and self._named(tuple(words))  # "kami butuh daftar
            if requests or self.is_question(sentence, words):  # kab/kota di Kaltim"
                for clause in clauses:  # "kami dari Bappeda Kab. X, bagaimana ..." introduces
                    if self.introduces(clause):
                        about_asker |= self._named(clause)
                    elif self.refers_home(clause):
                        return frozenset()
                    else:
                        named |= self._named(clause)
                        asked.extend(clause)
            elif words & self.words.kata_diri:
                about_asker |= self._named(tuple(t for clause in clauses for t in clause))
        said = set(asked)
        subject = said & (HOME_NOUNS | self.words.kata_topik - self.scorer.smalltalk_words)
        unknown = any(t not in self.scorer.index.idf and t not in self.words.every_word and
                      not self.scorer.is_plain(t) for t in said)  # "daftar pustaka"
        if not said or said & self.participation and not (subject or named or unknown):
            return frozenset()  # "Saya warga Garut. Apakah sudah ikut?", "kami dulu ikut?"
        return frozenset(about_asker - named)

    def without_context_places(self, query: str, tokens: tuple[str, ...],
                                places: PlacesFound) -> tuple[tuple[str, ...], PlacesFound]:
        """The question without the places the asker only names as their own.

        See `context_places`: what is left is read as if they were not there.
        """
        context = self.context_places(query)
        drop = {i for m in places.mentions if context and
                all(t.entry_id in context for t in m.targets)
                for i in range(m.start - (1 if m.hinted else 0), m.end)}
        if not drop:
            return tokens, places
        kept = tuple(t for i, t in enumerate(tokens) if i not in drop)
        found = self.places.find(kept)
        # "di Kota Pematangsiantar, Sumatera Utara": the province only placed the region
        gaps = {i - sum(1 for j in drop if j < i) for i in drop if i + 1 not in drop}
        qualifiers = {i for m in found.mentions if m.start - (1 if m.hinted else 0) in gaps
                      and all(t.region is None for t in m.targets)
                      for i in range(m.start - (1 if m.hinted else 0), m.end)}
        if qualifiers:
            kept = tuple(t for i, t in enumerate(kept) if i not in qualifiers)
            found = self.places.find(kept)
        return kept, found

    def _named(self, tokens: tuple[str, ...]) -> set[str]:
        return {t.entry_id for m in self.places.find(tokens).mentions for t in m.targets}

    def asks_about_topic(self, tokens: tuple[str, ...]) -> bool:
        """Whether the message asks about a topic rather than about a place taking part.

        A how, terms or cost word ("tahapan", "syarat", "biaya") always asks about a topic. Any
        other question does unless it asks about taking part ("ikut", "peserta") or about the
        asker's own place ("kota saya", "daerah kami"): "Saya orang Medan, kapan smart city
        dimulai?" asks when the programme began, "Saya warga Malang, kota saya ikut?" asks
        about Malang.
        """
        words = set(tokens)
        if {t.removesuffix("nya") for t in words} & self.words.kata_cara:  # "caranya"
            return True
        return bool(words & ASKING_WORDS) and not words & self.participation and \
            not self.refers_home(tokens)

    def refers_home(self, tokens: tuple[str, ...]) -> bool:
        """'kota saya', 'kabupaten kami', 'daerah kami': a place noun owned by the asker."""
        return any(noun in OWNED_PLACES and owner in self.words.kata_diri
                   for noun, owner in zip(tokens, tokens[1:], strict=False))
