"""Reading a short question against the previous answer's topic (the matcher, no Telegram)."""

from pathlib import Path

import pytest

from bot.conversation import PreviousTopic
from bot.followup import WHICH_TOPIC_REASON, combine_readings
from bot.knowledge import load_knowledge
from bot.match_result import SAME_TOPIC_REASON, MatchResult, Suggestion
from bot.matcher import Matcher
from bot.outcome import Outcome

ROOT = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(ROOT))


@pytest.mark.parametrize(("previous", "question", "entry_id"), [
    ("daerah.kota-bandung", "kalau kota bekasi?", "daerah.kota-bekasi"),
    ("angkatan.2019", "kalau 2021?", "angkatan.2021"),
    ("provinsi.jawa-barat", "kalau jateng?", "provinsi.jawa-tengah"),
    ("program.apa-itu", "siapa yang ngurus?", "program.penyelenggara"),
    # the other type of a same-name region, however it is asked
    ("daerah.kota-kupang", "kalau kabupatennya?", "daerah.kabupaten-kupang"),
    ("daerah.kabupaten-bandung", "kotanya?", "daerah.kota-bandung"),
    ("daerah.kota-malang", "kalo kabupaten nya gimana", "daerah.kabupaten-malang"),
])
def test_a_follow_up_is_read_in_the_previous_topic(matcher: Matcher, previous: str,
                                                   question: str, entry_id: str) -> None:
    result = matcher.match(question, context=PreviousTopic(previous))
    assert (result.outcome, result.entry_id) == ("answer", entry_id)
    assert result.query == question


@pytest.mark.parametrize(("previous", "question"), [
    ("pilar.governance", "contohnya?"),
    ("program.penghargaan", "kapan itu?"),
    ("program.kontak", "nomornya berapa?"),
    ("daerah.kota-bandung", "angkatan berapa?"),
    ("daerah.kabupaten-ngawi", "kotanya?"),  # there is no Kota Ngawi
])
def test_a_follow_up_finding_the_same_answer_does_not_answer_it_again(
        matcher: Matcher, previous: str, question: str) -> None:
    result = matcher.match(question, context=PreviousTopic(previous))
    assert result.outcome is Outcome.SUGGEST and result.reason == SAME_TOPIC_REASON
    assert result.entry_id == previous and not result.answer
    assert [s.entry_id for s in result.suggestions] == list(matcher.kb.entries[previous].related)


def test_without_context_the_same_question_is_not_answered(matcher: Matcher) -> None:
    assert matcher.match("contohnya?").outcome == "fallback"


def test_two_different_readings_ask_which_topic(matcher: Matcher) -> None:
    result = matcher.match("syaratnya apa?", context=PreviousTopic("program.smart-province"))
    assert result.outcome == "suggest" and result.reason == WHICH_TOPIC_REASON
    assert [s.entry_id for s in result.suggestions] == ["program.smart-province",
                                                        "program.cara-bergabung"]


def test_another_region_with_two_meanings_offers_both(matcher: Matcher) -> None:
    result = matcher.match("kalau di Bekasi?", context=PreviousTopic("daerah.kota-bandung"))
    assert {s.entry_id for s in result.suggestions} == {"daerah.kota-bekasi",
                                                        "daerah.kabupaten-bekasi"}


@pytest.mark.parametrize("question", [
    "apa itu bimtek?",  # a question with its own topic word is read on its own
    "makasih ya",  # small talk stays small talk
    "resep rendang",  # an off-topic question is not pulled into the topic
    "bagaimana cara daerah bergabung dengan gerakan menuju smart city dan apa syaratnya",
])
def test_self_contained_messages_ignore_the_context(matcher: Matcher, question: str) -> None:
    alone = matcher.match(question)
    with_context = matcher.match(question, context=PreviousTopic("pilar.governance"))
    assert (with_context.outcome, with_context.entry_id) == (alone.outcome, alone.entry_id)


def test_a_vanished_topic_is_ignored(matcher: Matcher) -> None:
    result = matcher.match("contohnya?", context=PreviousTopic("program.dihapus"))
    assert result.outcome == "fallback"


def answer(entry_id: str) -> MatchResult:
    return MatchResult("q", "q", Outcome.ANSWER, entry_id=entry_id, title=entry_id, score=0.7)


def test_combine_prefers_the_one_confident_reading() -> None:
    fallback = MatchResult("q", "q", Outcome.FALLBACK)
    assert combine_readings(fallback, answer("a"), 3).entry_id == "a"
    assert combine_readings(answer("a"), fallback, 3).entry_id == "a"
    assert combine_readings(answer("a"), answer("a"), 3).outcome is Outcome.ANSWER


def test_combine_adds_the_alone_answer_to_uncertain_choices() -> None:
    reading = MatchResult("q", "q", Outcome.SUGGEST, suggestions=(
        Suggestion("b", "B", 0.5), Suggestion("c", "C", 0.5)))
    result = combine_readings(answer("a"), reading, 3)
    assert [s.entry_id for s in result.suggestions] == ["b", "c", "a"]
    assert result.reason == WHICH_TOPIC_REASON
