"""Messages that only greet, thank, say goodbye or want to ask, before any topic is scored.

"Selamat siang Bapak/Ibu admin" only greets; "halo kak, apa itu smart city?" greets and asks;
"saya ingin bertanya mengenai program kota cerdas" names the programme but asks nothing yet.
Pure code over the admins' word lists and the example index.
"""

from __future__ import annotations

from bot import known_ids
from bot.match_index import ExampleIndex
from bot.scoring import QUESTION_WORDS, Scorer
from bot.tuning import SUGGEST_KEEP
from bot.vocabulary import Vocabulary

ASK_WORDS = frozenset({"tanya", "bertanya", "menanyakan"})  # "mau tanya", "ingin bertanya"
# words that only name the programme, besides kata_nama_program ("gerakan menuju smart city")
PROGRAMME_NAME_WORDS = frozenset({"smart", "gerakan", "menuju", "program", "kota"})


class SmallTalk:
    """Reads greetings and wanting-to-ask messages of one knowledge base."""

    def __init__(self, words: Vocabulary, scorer: Scorer, index: ExampleIndex) -> None:
        self.words = words
        self.scorer = scorer
        self.index = index
        goodbye = index.position.get(known_ids.GOODBYE)
        others = frozenset().union(*(v for n, v in enumerate(index.entry_vocab) if n != goodbye))
        self._goodbye_words = index.entry_vocab[goodbye] - others if goodbye is not None \
            else frozenset()

    def without_greeting(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
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

    def question_words(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        """The words to read: a question after its greeting, or a greeting without its addressee.

        "halo kak, apa itu smart city?" is a question; "Yth. Bapak/Ibu Admin" only greets, and
        "admin" is whom it greets, not a question about the bot's admin.
        """
        rest = self.without_greeting(tokens)
        if rest:
            return rest
        if tokens and tokens[0] in self.words.sapaan:
            return tuple(t for t in tokens if t not in self.words.sapaan_tujuan) or tokens
        return tokens

    def only_talk(self, tokens: tuple[str, ...]) -> bool:
        """Whether the message is small talk: greeting, thanks, goodbye or wanting to ask.

        "oke makasih, sampai ketemu lagi"; "saya ingin bertanya mengenai program kota cerdas".
        A topic's own example made of such words ("tentang bot ini") is that topic.
        """
        content = {t for t in tokens if not self.scorer.is_plain(t)} or set(tokens)
        return (content <= self.scorer.smalltalk_words or self.asks_to_ask(tokens)) and \
            not self.index.is_topic_example(tokens)

    def choose(self, tokens: tuple[str, ...], scores: dict[int, float]) -> int:
        """The small-talk entry that answers: the best, or a goodbye nearly as good.

        "Terima kasih, sampai jumpa" thanks and says goodbye: the conversation ends, so the
        goodbye answers it, as long as it fits nearly as well (`SUGGEST_KEEP`) and a word only
        goodbyes use ("jumpa", "pamit", "sekian") is there: "oke" alone is no goodbye.
        """
        words = set(tokens)
        best = max(scores, key=scores.__getitem__)
        goodbye = self.index.position.get(known_ids.GOODBYE)
        if goodbye is not None and words & self._goodbye_words and \
                scores.get(goodbye, 0.0) >= SUGGEST_KEEP * scores[best]:
            return goodbye
        return best

    def asks_to_ask(self, tokens: tuple[str, ...]) -> bool:
        """Whether the message only says the asker wants to ask about the programme.

        "saya ingin bertanya mengenai program kota cerdas" and "boleh tanya soal smart city?"
        name the programme but ask nothing yet: they get the invitation to ask, like "mau
        tanya". A question word, a definition word ("arti") or any topic word ("biaya") makes
        it a question.
        """
        words = set(tokens)
        if not words & ASK_WORDS or words & (QUESTION_WORDS | self.words.kata_definisi):
            return False
        return all(t in self.scorer.function_words or self.scorer.is_plain(t) or
                   t in self.words.kata_diri or t in self.words.kata_nama_program or
                   t in PROGRAMME_NAME_WORDS for t in words)
