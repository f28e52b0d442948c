"""The reply to a follow-up that finds only the answer just sent: the point, not a resend."""

import re
from pathlib import Path

import pytest

from bot.conversation import PreviousTopic
from bot.followup_replies import relevant_lines
from bot.knowledge import load_knowledge
from bot.matcher import Matcher
from bot.replies import answer_reply
from bot.telegram_html import visible_text

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
ANSWER = ("Program ini dimulai pada 2017 di Jakarta. Pesertanya 25 daerah.\n"
          "• Kab. Contoh ikut sejak 2019 sebagai perintis.\n"
          "Tidak ada biaya pendaftaran.")


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(ROOT))


def words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", text.lower()))


def test_kapan_points_to_the_first_date() -> None:
    assert relevant_lines(frozenset({"kapan"}), ANSWER, words) == [
        "Program ini dimulai pada 2017 di Jakarta."]


def test_berapa_points_to_the_first_figure_and_a_title_does_not_end_a_sentence() -> None:
    assert relevant_lines(frozenset({"berapa", "peserta"}), "Kab. Contoh ikut. Ada 25 daerah.",
                          words) == ["Ada 25 daerah."]


def test_other_questions_point_to_the_lines_with_their_words() -> None:
    assert relevant_lines(frozenset({"biaya"}), ANSWER, words) == [
        "Tidak ada biaya pendaftaran."]
    assert relevant_lines(frozenset({"contoh"}), ANSWER, words) == [
        "Kab. Contoh ikut sejak 2019 sebagai perintis."]
    assert relevant_lines(frozenset({"syarat"}), ANSWER, words) == []


def test_kapan_itu_after_the_award_answer_quotes_its_date_only(matcher: Matcher) -> None:
    previous = matcher.kb.entries["program.penghargaan"]
    result = matcher.match("kapan itu?", context=PreviousTopic(previous.id))
    reply = answer_reply(matcher, result, "r1")
    text, answer = visible_text(reply.html), visible_text(matcher.render(previous, footer=False))
    quoted = [line.removeprefix("• ") for line in text.splitlines() if line.startswith("• ")]
    assert len(quoted) == 1 and quoted[0] in answer and re.search(r"\b20\d\d\b", quoted[0])
    assert previous.title in text and len(text) < len(answer) / 2
    assert [b.text for row in reply.buttons for b in row] == [
        matcher.kb.entries[r].title for r in previous.related]


def test_the_other_type_of_a_name_without_one_is_said_plainly(matcher: Matcher) -> None:
    result = matcher.match("kotanya?", context=PreviousTopic("daerah.kabupaten-ngawi"))
    text = visible_text(answer_reply(matcher, result, "r1").html)
    assert "Kabupaten Ngawi" in text and "kota" in text.split("Ngawi")[0].lower()
    assert visible_text(matcher.render(matcher.kb.entries["daerah.kabupaten-ngawi"],
                                       footer=False)) not in text
