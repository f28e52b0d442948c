"""Telegram's HTML parse mode: validate, escape and split messages.

Telegram accepts only a small tag set and rejects a message whose tags do not nest or whose
entities are unknown ("Bad Request: can't parse entities"). Knowledge answers, the local Bot
API server and the reply renderer all use these functions, so they agree on the rules.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

MAX_MESSAGE_CHARS = 4096  # Telegram counts the visible text, after parsing the markup
# Telegram also caps the markup itself (about 9,500 characters of entities in one message, as
# its developers put it in tdlib/telegram-bot-api#165): a message whose text fits may carry
# markup up to this factor of the limit before it is split.
MARKUP_FACTOR = 2
MAX_CALLBACK_DATA_BYTES = 64

# Tags Telegram accepts in parse_mode=HTML, with the attributes each may carry.
ALLOWED_TAGS: dict[str, frozenset[str]] = {
    "b": frozenset(), "strong": frozenset(), "i": frozenset(), "em": frozenset(),
    "u": frozenset(), "ins": frozenset(), "s": frozenset(), "strike": frozenset(),
    "del": frozenset(), "code": frozenset({"class"}), "pre": frozenset(),
    "a": frozenset({"href"}), "tg-spoiler": frozenset(), "span": frozenset({"class"}),
    "blockquote": frozenset({"expandable"}), "tg-emoji": frozenset({"emoji-id"}),
}
_ENTITY_RE = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")


# Each reason a message is refused, as Telegram-like English (the simulator's errors) and as
# Indonesian for the admins whose answers `knowledge check` refuses.
_REASONS: dict[str, tuple[str, str]] = {
    "tag": ("tag <{tag}> is not allowed by Telegram",
            "tag <{tag}> tidak diterima Telegram"),
    "attribute": ("attribute {name!r} is not allowed on <{tag}>",
                  "atribut {name!r} tidak boleh dipakai pada <{tag}>"),
    "href": ("<a> needs an href", "<a> memerlukan href=\"alamat\""),
    "span": ('<span> is only allowed as <span class="tg-spoiler">',
             '<span> hanya boleh ditulis <span class="tg-spoiler">'),
    "self_closing": ("self-closing <{tag}/> is not allowed by Telegram",
                     "tag <{tag}/> yang menutup dirinya sendiri tidak diterima Telegram"),
    "closing": ("closing tag </{tag}> is not allowed by Telegram",
                "tag penutup </{tag}> tidak diterima Telegram"),
    "mismatch": ("</{tag}> does not match the open tag {open}",
                 "</{tag}> tidak cocok dengan tag yang sedang terbuka {open}"),
    "unclosed": ("unclosed tag(s): {tags}", "tag belum ditutup: {tags}"),
    "ampersand": ("a bare '&' must be written as &amp;", "tanda '&' harus ditulis &amp;"),
    "empty": ("the message has no visible text", "pesan tidak berisi teks yang terlihat"),
    "length": ("visible text is {size} characters; Telegram allows {limit}",
               "teks yang terlihat {size} karakter; Telegram hanya menerima {limit}"),
}


class _Checker(HTMLParser):
    """Collect problems (reason key, details) and visible text while parsing one message."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[tuple[str, dict[str, object]]] = []
        self.text_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(("tag", {"tag": tag}))
            return
        for name, _value in attrs:
            if name not in ALLOWED_TAGS[tag]:
                self.problems.append(("attribute", {"name": name, "tag": tag}))
        if tag == "a" and not dict(attrs).get("href"):
            self.problems.append(("href", {}))
        if tag == "span" and dict(attrs).get("class") != "tg-spoiler":
            self.problems.append(("span", {}))
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(("self_closing", {"tag": tag}))

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(("closing", {"tag": tag}))
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(("mismatch", {
                "tag": tag, "open": f"<{self.stack[-1]}>" if self.stack else "(-)"}))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)


def check_html(text: str, *, indonesian: bool = False) -> list[str]:
    """Return the reasons Telegram would reject `text` in HTML mode (empty when valid).

    Args:
        text: The message in Telegram HTML.
        indonesian: Give the reasons in Indonesian (for admins) instead of Telegram's English.
    """
    checker = _Checker()
    checker.feed(text)
    checker.close()
    problems = list(checker.problems)
    if checker.stack:
        problems.append(("unclosed", {"tags": ", ".join(f"<{t}>" for t in checker.stack)}))
    if _ENTITY_RE.search(text):
        problems.append(("ampersand", {}))
    visible = "".join(checker.text_parts)
    if not visible.strip():
        problems.append(("empty", {}))
    if len(visible) > MAX_MESSAGE_CHARS:
        problems.append(("length", {"size": len(visible), "limit": MAX_MESSAGE_CHARS}))
    return [_REASONS[key][indonesian].format(**details) for key, details in problems]


def visible_text(text: str) -> str:
    """The text a reader sees once tags are removed and entities decoded."""
    checker = _Checker()
    checker.feed(text)
    checker.close()
    return "".join(checker.text_parts)


def escape(text: str) -> str:
    """Escape user- or file-supplied text for HTML parse mode."""
    return html.escape(text, quote=False)


def split_message(text: str, limit: int = MAX_MESSAGE_CHARS) -> list[str]:
    """Split an HTML message into parts of at most `limit` characters.

    Splits at paragraph breaks, then line breaks, then spaces, never inside a tag or an entity;
    a tag open at the cut is closed at the end of the part and reopened at the start of the
    next, so every part stays valid. Every round consumes text, so it always ends. A message
    whose visible text fits is kept whole while its markup stays within MARKUP_FACTOR times
    the limit (a list whose every line links its source is long in HTML, short on screen).
    """
    if len(text) <= limit or (len(text) <= MARKUP_FACTOR * limit
                              and len(visible_text(text)) <= limit):
        return [text]
    parts: list[str] = []
    rest = text
    reopen = ""
    while rest:
        candidate = reopen + rest
        if len(candidate) <= limit:
            parts.append(candidate)
            break
        cut = _best_cut(candidate, len(reopen), limit - _CLOSING_ROOM)
        head = candidate[:cut]
        open_tags = _open_tags(head)
        parts.append(head.rstrip() + "".join(f"</{name}>" for name, _ in reversed(open_tags)))
        reopen = "".join(start for _, start in open_tags)
        rest = candidate[cut:].lstrip()
    return parts


_CLOSING_ROOM = 100  # characters kept free for the closing tags of a part
_SEPARATORS = ("\n\n", "\n", " ")


def _best_cut(text: str, start: int, budget: int) -> int:
    """Where to end a part: after the last separator before `budget`, outside markup.

    Falls back to the last character boundary outside a tag or entity, and as a last resort
    to `budget` itself; the result is always after `start`, so splitting makes progress.
    """
    best: dict[str, int] = {}
    safe = -1
    first_text = len(text)  # a part must show something: cut only after its first letter
    inside = ""  # "<" inside a tag, "&" inside an entity
    for index in range(min(budget, len(text))):
        char = text[index]
        if inside == "<":
            inside = "" if char == ">" else inside
            continue
        if inside == "&":
            if char == ";":  # the entity ends; a cut may follow it, not split it
                inside = ""
                continue
            if char.isalnum() or char == "#":
                continue
            inside = ""  # a bare "&": what follows is ordinary text
        if char == "&" and index >= start:
            first_text = min(first_text, index)
        if char in "<&":
            inside = char
            safe = index
            continue
        if not char.isspace() and index >= start:
            first_text = min(first_text, index)
        safe = index
        for sep in _SEPARATORS:
            if text.startswith(sep, index):
                best[sep] = index
    enough = max(start + budget // 4, first_text)  # earlier cuts leave a stub or a blank part
    for sep in _SEPARATORS:
        if best.get(sep, -1) > enough:
            return best[sep]
    return safe if safe > max(start, first_text) else max(budget, start + 1)


_TAG_RE = re.compile(r"<(/?)([a-z-]+)([^>]*)>")


def _open_tags(fragment: str) -> list[tuple[str, str]]:
    """Tags left open at the end of `fragment`, as (name, full start tag)."""
    stack: list[tuple[str, str]] = []
    for match in _TAG_RE.finditer(fragment):
        closing, name = match.group(1), match.group(2)
        if closing:
            if stack and stack[-1][0] == name:
                stack.pop()
        else:
            stack.append((name, match.group(0)))
    return stack
