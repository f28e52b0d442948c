"""Telegram HTML rules: validation, escaping and splitting long answers into valid parts."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.telegram_html import MARKUP_FACTOR, check_html, escape, split_message, visible_text


@pytest.mark.parametrize(("html", "problem"), [
    ("<b>tebal</b> dan <i>miring</i>", None),
    ('<a href="https://lapor.go.id">lapor</a>', None),
    ("<b>tidak ditutup", "unclosed"),
    ("<div>blok</div>", "not allowed"),
    ("<b><i>silang</b></i>", "does not match"),
    ("A & B", "bare '&'"),
    ("<a>tanpa tautan</a>", "needs an href"),
    ("<b></b>", "no visible text"),
])
def test_check_html(html: str, problem: str | None) -> None:
    problems = check_html(html)
    assert (problems == []) if problem is None else any(problem in p for p in problems)


def test_escape_makes_user_text_safe() -> None:
    assert check_html(escape("<script>x</script> & <b>")) == []


@pytest.mark.parametrize("html", [
    'Lihat: <a href="https://e.org/x">' + "y" * 5000 + "</a>",
    "<blockquote expandable>" + "z" * 9000 + "</blockquote>",
    "kata " * 3000,
    "<b>para graf</b>\n\n" * 600,
    "x" * 10000,
    "&amp;" * 2000,
])
def test_split_edge_cases_end_and_stay_valid(html: str) -> None:
    parts = split_message(html)
    assert all(len(p) <= 4096 and check_html(p) == [] for p in parts)
    assert "".join(visible_text(p) for p in parts).replace(" ", "").replace("\n", "") == \
        visible_text(html).replace(" ", "").replace("\n", "")


def test_split_prefers_paragraph_breaks() -> None:
    html = ("Paragraf pertama. " * 100 + "\n\n") * 4
    parts = split_message(html)
    assert len(parts) > 1 and all(p.endswith("Paragraf pertama.") for p in parts[:-1])


_words = st.text(alphabet=st.sampled_from("abc xyz\n&<"), min_size=1, max_size=60).map(escape)
_html = st.recursive(_words, lambda inner: st.tuples(
    st.sampled_from(["b", "i", "u", "code"]), st.lists(inner, min_size=1, max_size=4)).map(
    lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"), max_leaves=40)


@settings(max_examples=60, deadline=None)
@given(st.lists(_html, min_size=1, max_size=200), st.integers(200, 4096))
def test_split_property(chunks: list[str], limit: int) -> None:
    html = "".join(chunks)
    assume(check_html(html) == [])  # splitting keeps valid messages valid
    parts = split_message(html, limit)
    assert all(len(visible_text(p)) <= limit for p in parts)  # what Telegram counts
    assert all(len(p) <= MARKUP_FACTOR * limit for p in parts)  # and the markup it carries
    assert all(check_html(part) == [] for part in parts)
    joined = "".join(visible_text(p) for p in parts)
    assert joined.split() == visible_text(html).split() or \
        joined.replace(" ", "").replace("\n", "") == visible_text(html).replace(" ", "").replace(
            "\n", "")


def test_a_link_heavy_list_that_fits_on_screen_stays_one_message() -> None:
    lines = [f'• <a href="https://example.org/{"x" * 80}/{n}">Daerah {n}</a>' for n in range(40)]
    html = "\n".join(lines)
    assert len(html) > 4096 >= len(visible_text(html))
    assert split_message(html) == [html]
    assert len(split_message(html * 3)) > 1  # markup far beyond the cap is still split
