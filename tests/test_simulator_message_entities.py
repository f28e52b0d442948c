"""Message entities (message_entities.py): pure functions, no server."""

from __future__ import annotations

from typing import Any

import pytest

from simulator.message_entities import citizen_entities, entity_text, parse_html, utf16_len


@pytest.mark.parametrize(("html", "text", "entities"), [
    ("<b>a</b>", "a", [{"type": "bold", "offset": 0, "length": 1}]),
    ("😀<i>x</i>", "😀x", [{"type": "italic", "offset": 2, "length": 1}]),
    ("<b><i>ab</i></b>", "ab", [{"type": "bold", "offset": 0, "length": 2},
                                {"type": "italic", "offset": 0, "length": 2}]),
    ('<pre><code class="language-python">x = 1</code></pre>', "x = 1",
     [{"type": "pre", "offset": 0, "length": 5, "language": "python"}]),
    ('<span class="tg-spoiler">s</span>', "s", [{"type": "spoiler", "offset": 0, "length": 1}]),
    ("<blockquote expandable>q</blockquote>", "q",
     [{"type": "expandable_blockquote", "offset": 0, "length": 1}]),
    ("a &amp; b<b></b>", "a & b", []),
])
def test_parse_html(html: str, text: str, entities: list[dict[str, Any]]) -> None:
    assert parse_html(html) == (text, entities)


@pytest.mark.parametrize(("text", "found"), [
    ("/start abc", [("bot_command", "/start")]),
    ("/start@smartcity_sim_bot", [("bot_command", "/start@smartcity_sim_bot")]),
    ("🏙️ @smartcity_sim_bot tolong", [("mention", "@smartcity_sim_bot")]),
    ("lihat https://indonesia.go.id/x.", [("url", "https://indonesia.go.id/x")]),
    ("email a@b.id dan 1/2", []),
])
def test_citizen_entities(text: str, found: list[tuple[str, str]]) -> None:
    assert [(e["type"], entity_text(text, e)) for e in citizen_entities(text)] == found


def test_utf16_len_counts_surrogate_pairs() -> None:
    assert (utf16_len("a"), utf16_len("é"), utf16_len("😀"), utf16_len("🏙️")) == (1, 1, 2, 3)
