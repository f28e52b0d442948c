"""Write admin YAML files back as small readable edits, keeping comments, order and layout.

ruamel.yaml's round trip keeps what admins wrote around a change: comments, blank lines, key
order, `related: [a, b]` on one line, `answer: |` blocks. Its resolver is told that every
plain scalar is text, exactly as the strict reader (`bot.yaml_source`) reads it, so a value is
quoted only where YAML's syntax needs it (`'no: ini'`), never because it looks like a date or a
boolean. Files are replaced atomically, so the running bot never reads half a file.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import LiteralScalarString

from bot.knowledge_types import Entry, Source

WIDTH = 4096  # never fold long lines: admins find text by searching for it


class _TextResolver(VersionedResolver):
    """Every plain scalar is text, as the strict reader sees it."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        return super().resolve(kind, value, implicit)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.Resolver = _TextResolver
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def parse(text: str) -> Any:
    """Load YAML text for editing (comments and layout kept)."""
    return _yaml().load(text)


def dumps(data: Any) -> str:
    """The edited data as YAML text, ending in one newline.

    Removing a list's last item leaves the blank line that separated it behind; the file
    still ends where its last value does.
    """
    buffer = io.StringIO()
    _yaml().dump(data, buffer)
    return buffer.getvalue().rstrip("\n") + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` in one step (a reader sees the old or the new file)."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False,
                                     prefix=f".{path.name}.", suffix=".tmp",
                                     newline="") as handle:
        handle.write(text)
        temporary = Path(handle.name)
    os.replace(temporary, path)


def _flow(items: tuple[str, ...]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _sources(sources: tuple[Source, ...]) -> CommentedSeq:
    seq = CommentedSeq()
    for source in sources:
        item = CommentedMap()
        item["url"] = source.url
        item["read"] = source.read
        seq.append(item)
    return seq


def _answer(text: str) -> LiteralScalarString:
    return LiteralScalarString(text.strip() + "\n")


def new_entry(entry: Entry) -> CommentedMap:
    """A topic entry written the way the guide shows it."""
    item = CommentedMap()
    item["id"] = entry.id
    item["title"] = entry.title
    item["questions"] = CommentedSeq(entry.questions)
    item["answer"] = _answer(entry.answer)
    item["related"] = _flow(entry.related)
    item["sources"] = _sources(entry.sources)
    item["updated"] = entry.updated
    return item


def update_entry(item: CommentedMap, old: Entry, new: Entry) -> None:
    """Change only the fields of `item` that differ between `old` and `new`."""
    if new.title != old.title:
        item["title"] = new.title
    if new.questions != old.questions:
        _replace_items(item, "questions", new.questions)
    if new.answer != old.answer:
        item["answer"] = _answer(new.answer)
    if new.related != old.related:
        _replace_items(item, "related", new.related)
    if new.sources != old.sources:
        item["sources"] = _sources(new.sources)
    if new.updated != old.updated:
        item["updated"] = new.updated


def _replace_items(item: CommentedMap, key: str, values: tuple[str, ...]) -> None:
    """Replace a list's items in place, so its style (flow or block) stays."""
    current = item.get(key)
    if isinstance(current, CommentedSeq):
        current[:] = list(values)
    else:
        item[key] = _flow(values) if key == "related" else CommentedSeq(values)


def append_item(seq: CommentedSeq, item: Any) -> None:
    """Append to a block list with a blank line before, as entries are separated."""
    seq.append(item)
    if len(seq) > 1:
        seq.yaml_set_comment_before_after_key(len(seq) - 1, before="\n")


def entry_index(entries: Any, entry_id: str) -> int | None:
    """Where the entry with `entry_id` is in a topic file's `entries` list."""
    for index, item in enumerate(entries or []):
        if isinstance(item, dict) and item.get("id") == entry_id:
            return index
    return None
