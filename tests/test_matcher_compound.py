"""Long or compound messages keep their question: a region named as the asker's address or as
an example, a trailing yes/no question, chat abbreviations, and menus of a single option."""

from pathlib import Path

import pytest

from bot.evaluate import read_items
from bot.knowledge import load_knowledge
from bot.match_result import OTHER_SUBJECT_REASON, SAME_TOPIC_REASON
from bot.matcher import Matcher
from bot.outcome import Outcome

ROOT = Path(__file__).resolve().parent.parent
SETS = [ROOT / "knowledge" / "eval" / "regresi.jsonl",
        *sorted((ROOT / "tests" / "data").glob("uji*.jsonl"))]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(ROOT / "knowledge"))


@pytest.mark.parametrize(("question", "entry_id"), [
    # the region is the asker's office, with its province as its address, and named again
    ("Selamat pagi. Saya staf Diskominfo Kota Madiun, Jawa Timur. Pimpinan kami ingin Kota "
     "Madiun dapat mengikuti Gerakan Menuju Smart City. Mohon informasi bagaimana prosedur "
     "pendaftarannya, apa saja persyaratannya, dan kapan pendaftaran dibuka. Terima kasih.",
     "program.cara-bergabung"),
    # the region is an example of the topic asked about ("kaya" = "seperti")
    ("apa hubungannya smart city sama IKN dan daerah wisata kaya labuan bajo?", "program.dpsp"),
    # a trailing question without a question word still asks
    ("kalo mau tanya langsung ke kementeriannya ke mana ya? ada no telp atau email?",
     "program.kontak"),
    # a student's context and a chat abbreviation do not sink the question
    ("kak aku mhs lagi nulis skripsi soal smart governance, unsur2 smart governance menurut "
     "kominfo apa aja? ada sumber resminya ga", "pilar.governance"),
    # the programme's name and "apa" alone ask what the programme is
    ("smart city tu program apaan sbnrnya, buat apa??", "program.apa-itu"),
])


def test_compound_messages_reach_their_entry(matcher: Matcher, question: str,
                                             entry_id: str) -> None:
    result = matcher.match(question)
    assert (result.outcome, result.entry_id) == (Outcome.ANSWER, entry_id)


def test_tourism_areas_named_as_examples_offer_the_topics(matcher: Matcher) -> None:
    result = matcher.match("apa kaitan smart city dengan IKN dan kawasan wisata kaya mandalika?")
    offered = {result.entry_id} if result.outcome is Outcome.ANSWER else \
        {s.entry_id for s in result.suggestions}
    assert offered and offered <= {"program.dpsp", "program.ikn"}


@pytest.mark.parametrize("question", ["daerah smart city apa aja?", "kota smart city apa saja"])
def test_a_list_question_is_not_the_definition(matcher: Matcher, question: str) -> None:
    assert matcher.match(question).entry_id != "program.apa-itu"


def test_a_province_after_its_region_is_its_address(matcher: Matcher) -> None:
    tokens = matcher.normalizer.normalize("kabupaten ngawi jawa timur ikut? kabupaten ngawi")
    found = matcher.places.find(tokens.tokens)
    assert [[t.entry_id for t in m.targets] for m in found.mentions] == [
        ["daerah.kabupaten-ngawi"], ["daerah.kabupaten-ngawi"]]


def test_no_did_you_mean_offers_a_single_option(matcher: Matcher) -> None:
    single = []
    for path in SETS:
        for item in read_items(path):
            result = matcher.match(item["q"])
            if result.outcome is Outcome.SUGGEST and len(result.suggestions) == 1 and \
                    result.reason not in (OTHER_SUBJECT_REASON, SAME_TOPIC_REASON):
                single.append(item["q"])
    assert single == []
