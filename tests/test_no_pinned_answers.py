"""Admins may reword any answer without breaking the tests.

Tests compare a reply with what the knowledge says (`botkit.shows`), never with the opening
words of an admin-written answer or template, nor with an entry's title. This test reads every
string in the test modules and refuses one that pins such text.
"""

from __future__ import annotations

import ast
from pathlib import Path

from bot.matcher import Matcher
from bot.telegram_html import visible_text

TESTS = Path(__file__).resolve().parent
MIN_WORDS = 3  # shorter strings ("Halo", "Sumber") are the bot's own words or too common


def _words(text: str) -> str:
    return " ".join(text.split())


def _strings(path: Path) -> list[tuple[int, str]]:
    return [(node.lineno, _words(node.value)) for node in ast.walk(ast.parse(path.read_text(
        encoding="utf-8"))) if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def test_no_test_pins_an_answer_or_a_title(matcher: Matcher) -> None:
    entries = matcher.kb.entries.values()
    openings = [_words(visible_text(matcher.render(e, footer=False))) for e in entries]
    titles = {e.title for e in entries if len(e.title.split()) >= MIN_WORDS}
    pinned = [f"{path.name}:{line}: {text!r}"
              for path in sorted(TESTS.glob("*.py")) if path != Path(__file__)
              for line, text in _strings(path)
              if len(text.split()) >= MIN_WORDS and (
                  text in titles or any(o.startswith(text) for o in openings))]
    assert pinned == [], "compare with the knowledge (botkit.shows), not copied text"
