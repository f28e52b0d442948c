"""Whether a question only asks what the programme's name means.

"td liat spanduk 'menuju smart city' di depan kantor bupati, itu maksudnya apa?" and "smart city
itu apa sih sebenernya, dari tadi rapat disebut2 terus" ask what the programme is, however much
scene surrounds the question: the word asked about ("itu", "maksudnya", "artinya") stands next
to the programme's name, or "itu" opens a clause after one that names it. "huawei smart city
solution itu apa" asks about something else ("solution"), and "yang dimaksud masterplan"
about another topic's own term. Pure code over the admins' word lists.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.match_index import ExampleIndex
from bot.normalize import Normalizer
from bot.scoring import QUESTION_WORDS, Scorer
from bot.sentences import split_clauses
from bot.vocabulary import Vocabulary

POINTER = "itu"  # "smart city itu apa", "..., itu maksudnya apa?"
WHAT = "apa"
LINKS = frozenset({"yang", "dengan", "dari", "sih", "sebenarnya", "sesungguhnya"})
SAJA = "saja"  # "apa saja" asks for a list
NAME_PARTS = frozenset({"smart", "gerakan", "menuju", "program", "kota", "100"})  # "kota cerdas"


class ProgrammeDefinition:
    """Reads whether a question asks what the programme's name means (see module docstring)."""

    def __init__(self, normalizer: Normalizer, words: Vocabulary, scorer: Scorer,
                 index: ExampleIndex, programme: str) -> None:
        self.normalizer = normalizer
        self.words = words
        self.index = index
        number = index.position.get(programme)
        # another topic's own term makes the question about that topic ("masterplan")
        self._other_terms = frozenset().union(*(
            anchors for n, anchors in enumerate(scorer.anchors)
            if n != number and not index.smalltalk[n]))
        self._markers = words.kata_definisi | {POINTER}
        self._skip = LINKS | words.kata_definisi | words.kata_pengisi | {POINTER, WHAT}
        self._function = scorer.function_words

    def asked(self, query: str, tokens: tuple[str, ...]) -> bool:
        """Whether `query` (normalised to `tokens`) only asks what the programme's name means."""
        words = set(tokens)
        if not words & self.words.kata_definisi and WHAT not in words:
            return False  # no word asks what something means (most questions)
        if not words & self.words.kata_nama_program or words & self._other_terms or \
                words & (self.words.kata_cara | QUESTION_WORDS - {WHAT}):
            return False
        named_before = False
        for clause in split_clauses(query):
            part = self.normalizer.normalize(clause).tokens
            if self._defines_name(part, named_before):
                return True
            named_before = named_before or bool(set(part) & self.words.kata_nama_program)
        return False

    def _defines_name(self, tokens: Sequence[str], named_before: bool) -> bool:
        """A marker in this clause next to the programme's name (or pointing back to it)."""
        if not set(tokens) & self.words.kata_definisi and WHAT not in tokens:
            return False
        if self._names_then_asks_what(tokens):
            return True
        if not set(tokens) & self._markers:
            return False
        for i, token in enumerate(tokens):
            if token not in self._markers or token == POINTER and not self._asks_what(tokens, i):
                continue
            if i == 0 and named_before and all(t in self._skip for t in tokens):
                return True  # "..., itu maksudnya apa?" points back to the name
            if self._name_at(tokens, i, -1) or self._name_at(tokens, i, 1):
                return True
        return False

    def _names_then_asks_what(self, tokens: Sequence[str]) -> bool:
        """The clause is only the name and "apa": "smart city tu program apaan sih?".

        "apa saja" asks for a list and a word before the name ("daerah smart city apa")
        asks about something else, so both are left to the other readings.
        """
        content = [t for t in tokens if t not in self._skip or t == WHAT]
        if len(content) < 2 or content[-1] != WHAT or SAJA in tokens:
            return False
        name = content[:-1]
        return all(t in NAME_PARTS or t in self.words.kata_nama_program for t in name) and \
            name[0] not in ("kota", "100") and bool(set(name) & self.words.kata_nama_program)

    @staticmethod
    def _asks_what(tokens: Sequence[str], i: int) -> bool:
        """Whether "apa" stands next to tokens[i] ("itu apa", "apa itu", "itu apa sih")."""
        near = [t for t in tokens[max(i - 1, 0):i + 3] if t not in LINKS]
        return WHAT in near[:3]

    def _name_at(self, tokens: Sequence[str], i: int, step: int) -> bool:
        """Whether the programme's name is the first content on one side of tokens[i]."""
        j = i + step
        while 0 <= j < len(tokens) and tokens[j] in self._skip:
            j += step
        seen_name = False
        while 0 <= j < len(tokens) and (tokens[j] in NAME_PARTS or
                                        tokens[j] in self.words.kata_nama_program):
            seen_name = seen_name or tokens[j] in self.words.kata_nama_program
            j += step
        if not seen_name:
            return False
        # the name ends the phrase: "smart city solution" names something else
        return not (step > 0 and j < len(tokens) and self._content(tokens[j]))

    def _content(self, token: str) -> bool:
        """A word that would make the phrase name something else than the programme."""
        return not (token in self._skip or token in self._function or
                    token in self.words.kata_pengisi or token in self.words.kata_program or
                    token in self.words.kata_instansi)
