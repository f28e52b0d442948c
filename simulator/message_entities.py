"""Message entities as Telegram computes them: from a bot's HTML and from a citizen's text.

Telegram returns a message's visible text plus a list of entities whose `offset` and `length`
count UTF-16 code units, so an emoji outside the Basic Multilingual Plane counts as two. The
parser here mirrors `bot.telegram_html` (the same `HTMLParser` with decoded character
references), so the visible text always equals `telegram_html.visible_text`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

# Telegram entity type for each tag of HTML parse mode (span and blockquote are special-cased).
_TAG_TYPES: dict[str, str] = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic",
    "u": "underline", "ins": "underline", "s": "strikethrough", "strike": "strikethrough",
    "del": "strikethrough", "code": "code", "pre": "pre", "a": "text_link",
    "tg-spoiler": "spoiler", "blockquote": "blockquote", "tg-emoji": "custom_emoji",
}

# Citizen text: links, bot commands and @mentions, in the order they claim characters.
_URL_RE = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")
_COMMAND_RE = re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}(?!\w)")


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


class _EntityParser(HTMLParser):
    """Collect visible text and entities (UTF-16 offsets) from valid Telegram HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.units = 0  # UTF-16 position; HTMLParser itself owns `offset`
        self.open: list[tuple[str, dict[str, Any] | None, int]] = []
        self.entities: list[tuple[int, dict[str, Any]]] = []
        self._opened = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        kind = _TAG_TYPES.get(tag)
        entity: dict[str, Any] | None = None
        if tag == "span" and values.get("class") == "tg-spoiler":
            kind = "spoiler"
        if tag == "code" and self.open and self.open[-1][0] == "pre":
            # <pre><code class="language-x"> is one `pre` entity carrying the language.
            pre_entity = self.open[-1][1]
            language = values.get("class", "")
            if pre_entity is not None and language.startswith("language-"):
                pre_entity["language"] = language.removeprefix("language-")
            kind = None
        if kind is not None:
            entity = {"type": kind, "offset": self.units}
            if tag == "blockquote" and "expandable" in values:
                entity["type"] = "expandable_blockquote"
            elif tag == "a":
                href = values.get("href", "")
                if href.startswith("tg://user?id=") and href[13:].isdigit():
                    entity["type"] = "text_mention"
                    entity["user"] = {"id": int(href[13:]), "is_bot": False, "first_name": ""}
                else:
                    entity["url"] = href
            elif tag == "tg-emoji":
                entity["custom_emoji_id"] = values.get("emoji-id", "")
        self._opened += 1
        self.open.append((tag, entity, self._opened))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                _, entity, opened = self.open.pop(index)
                if entity is not None:
                    entity["length"] = self.units - entity["offset"]
                    if entity["length"] > 0:  # Telegram drops empty entities
                        self.entities.append((opened, entity))
                return

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        self.units += utf16_len(data)


def _ordered(entity: dict[str, Any]) -> dict[str, Any]:
    """Return the entity with Telegram's key order: type, offset, length, extras."""
    head = {"type": entity["type"], "offset": entity["offset"], "length": entity["length"]}
    head.update({k: v for k, v in entity.items() if k not in head})
    return head


def parse_html(html_text: str) -> tuple[str, list[dict[str, Any]]]:
    """Split valid Telegram HTML into visible text and MessageEntity dictionaries.

    Args:
        html_text: Text already accepted by `bot.telegram_html.check_html`.

    Returns:
        The visible text and its entities, sorted by offset (outer entities first).
    """
    parser = _EntityParser()
    parser.feed(html_text)
    parser.close()
    # Closing order puts inner entities first; sort by offset, longest first, and keep the
    # opening order for entities with identical spans.
    ranked = sorted(parser.entities,
                    key=lambda item: (item[1]["offset"], -item[1]["length"], item[0]))
    return "".join(parser.parts), [_ordered(entity) for _, entity in ranked]


def citizen_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram adds to a citizen's plain text: url, bot_command and mention.

    Args:
        text: The text as typed.

    Returns:
        MessageEntity dictionaries with UTF-16 offsets, sorted by offset.
    """
    spans: list[tuple[int, int, str]] = []
    for kind, pattern in (("url", _URL_RE), ("bot_command", _COMMAND_RE),
                          ("mention", _MENTION_RE)):
        for match in pattern.finditer(text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in spans):
                spans.append((start, end, kind))
    spans.sort()
    return [{"type": kind, "offset": utf16_len(text[:start]),
             "length": utf16_len(text[start:end])} for start, end, kind in spans]


def entity_text(text: str, entity: dict[str, Any]) -> str:
    """The part of `text` an entity covers (its offsets are in UTF-16 code units)."""
    encoded = text.encode("utf-16-le")
    start = entity["offset"] * 2
    return encoded[start:start + entity["length"] * 2].decode("utf-16-le")
