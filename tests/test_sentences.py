"""A message is split where a reader would split it: not at "Kab." nor inside "5.0"."""

from bot.sentences import split_clauses, split_sentences


def test_abbreviations_and_numbers_end_no_sentence() -> None:
    assert split_sentences("Saya staf Diskominfo Kab. Sintang. Bagaimana cara bergabung?") == [
        "Saya staf Diskominfo Kab. Sintang.", " Bagaimana cara bergabung?"]
    assert split_sentences("jepang society 5.0 itu apa") == ["jepang society 5.0 itu apa"]


def test_clauses_are_cut_at_commas_without_end_marks() -> None:
    assert split_clauses("Selamat siang, Bapak/Ibu. Kami dari Bappeda Kab. Garut, bagaimana "
                         "caranya?") == ["Selamat siang", "Bapak/Ibu",
                                         "Kami dari Bappeda Kab. Garut", "bagaimana caranya"]


def test_a_message_without_marks_is_one_sentence() -> None:
    assert split_sentences("smart city itu apa") == ["smart city itu apa"]
    assert split_sentences("   ") == []
