"""Read admin-edited YAML and CSV files strictly, keeping line numbers for error messages.

An admin who breaks a file must be told the file, the line, what is wrong and how to fix it, in
Indonesian, never with a traceback. So YAML is read with no implicit types: every scalar stays
text (`no`, `yes`, `off`, `2026-11-31` and `007` included) and the schema that reads a field
decides whether it must be a date, a number or true/false (`bot.knowledge_schema`). A key
written twice in one mapping is an error instead of the last value silently winning. Every
mapping and list remembers the line it starts on and the line of each key or item.

libyaml's parser (PyYAML's `CBaseLoader`) does the reading: ruamel.yaml's round trip, which
the spreadsheet import uses to write YAML back, parses the knowledge 15-25 times slower.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

_BaseLoader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # libyaml parses ~5x faster


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the knowledge base: where, what is wrong and how to fix it."""

    file: str
    line: int
    message: str  # what is wrong (Indonesian)
    fix: str = ""  # how to fix it (Indonesian)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{self.message} — {self.fix}" if self.fix else self.message
        return f"{where}: {text}"


class LineDict(dict[str, Any]):
    """A mapping that remembers its first line (1-based) and the line of each key."""

    line: int = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[str, int] = {}


class LineList(list[Any]):
    """A list that remembers its first line (1-based) and the line of each item."""

    line: int = 0

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.item_lines: list[int] = []


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Every scalar is text; mappings and lists keep their lines; duplicate keys are noted."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[tuple[str, int, int]] = []  # (key, first line, repeated line)


def _construct_mapping(loader: _StrictLoader, node: MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be plain text", key_node.start_mark)
        key = loader.construct_scalar(key_node)
        if key in mapping:
            loader.duplicates.append((key, mapping.key_lines[key], line))
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _StrictLoader, node: SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
                              _construct_sequence)


def line_of(value: Any, default: int = 0) -> int:
    """The line a loaded mapping or list started on (or `default`)."""
    return getattr(value, "line", default) or default


def key_line(mapping: Any, key: str, default: int = 0) -> int:
    """The line of `key` in a loaded mapping (or the mapping's line, or `default`)."""
    lines = getattr(mapping, "key_lines", {})
    return lines.get(key) or line_of(mapping, default)


def item_line(items: Any, index: int, default: int = 0) -> int:
    """The line of item `index` of a loaded list (or the list's line, or `default`)."""
    lines = getattr(items, "item_lines", [])
    return lines[index] if index < len(lines) else line_of(items, default)


# libyaml's messages (English) and what they mean for an admin.
_YAML_REASONS = (
    ("mapping values are not allowed", "ada titik dua diikuti spasi (': ') di tempat yang "
     "tidak diharapkan"),
    ("could not find expected ':'", "titik dua (:) setelah nama kolom tidak ditemukan"),
    ("did not find expected key", "indentasi (jumlah spasi di awal baris) tidak sesuai"),
    ("did not find expected '-' indicator", "indentasi butir daftar ('- ') tidak sesuai"),
    ("did not find expected ',' or ']'", "kurung siku '[' belum ditutup dengan ']'"),
    ("did not find expected ',' or '}'", "kurung kurawal '{' belum ditutup dengan '}'"),
    ("found unexpected end of stream", "tanda petik atau kurung belum ditutup"),
    ("cannot start any token", "ada tab atau tanda khusus (@, `) di awal teks"),
    ("found undefined alias", "ada '*' di awal teks"),
    ("found another document", "berkas berisi lebih dari satu dokumen ('---')"),
    ("found unknown escape character", "ada garis miring terbalik (\\) di dalam tanda "
     "petik ganda"),
    ("a key must be plain text", "nama kolom harus berupa teks biasa"),
)


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    """Why libyaml refused a file, in Indonesian where we know the reason."""
    original = exc.problem or exc.context or ""
    for english, indonesian in _YAML_REASONS:
        if english in original:
            return indonesian
    return f"penulisan YAML tidak sah ({original})" if original else "penulisan YAML tidak sah"


YAML_FIX = ("periksa indentasi (spasi, bukan tab), titik dua, dan tanda petik di baris ini "
            "atau baris di atasnya; apit teks yang memuat ': ' atau diawali tanda khusus "
            "dengan tanda petik ganda")


def load_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    """Load one YAML file strictly; record every problem and return None if unusable.

    An empty file loads as None without a problem: the caller knows whether that is allowed.
    """
    name = display_name(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(Problem(name, 0, "berkas ini tidak ada",
                                "pulihkan berkasnya dari riwayat versi (git) atau cadangan"))
        return None
    except UnicodeDecodeError:
        problems.append(Problem(name, 0, "berkas ini bukan teks UTF-8",
                                "simpan ulang berkas dengan pengodean UTF-8"))
        return None
    except OSError as exc:
        problems.append(Problem(name, 0, f"berkas ini tidak dapat dibaca ({exc.strerror})",
                                "periksa izin berkas"))
        return None
    loader = _StrictLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(Problem(name, mark.line + 1 if mark else 0, _yaml_reason(exc),
                                YAML_FIX))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(name, 0, f"penulisan YAML tidak sah ({exc})", YAML_FIX))
        return None
    finally:
        loader.dispose()
    for key, first, again in loader.duplicates:
        problems.append(Problem(name, again, f"kunci {key!r} ditulis dua kali (pertama di baris "
                                f"{first})", "hapus atau gabungkan salah satunya; bot tidak "
                                "menebak mana yang dimaksud"))
    return None if loader.duplicates else data


def load_csv(path: Path, root: Path, columns: tuple[str, ...],
             problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """Load a CSV with a header; return (line, row) pairs and record missing columns."""
    name = display_name(path, root)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = tuple(reader.fieldnames or ())
            missing = [c for c in columns if c not in header]
            if missing:
                problems.append(Problem(name, 1, f"kolom {', '.join(missing)} tidak ada",
                                        f"baris pertama harus berbunyi {','.join(columns)}"))
                return []
            rows = []
            for row in reader:
                clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
                rows.append((reader.line_num, clean))
            return rows
    except FileNotFoundError:
        problems.append(Problem(name, 0, "berkas ini tidak ada",
                                "pulihkan berkasnya dari riwayat versi (git) atau cadangan"))
    except UnicodeDecodeError:
        problems.append(Problem(name, 0, "berkas ini bukan teks UTF-8",
                                "simpan ulang sebagai CSV UTF-8"))
    except (OSError, csv.Error) as exc:
        problems.append(Problem(name, 0, f"berkas CSV ini tidak dapat dibaca ({exc})",
                                "simpan ulang sebagai CSV UTF-8 dengan pemisah koma"))
    return []


def display_name(path: Path, root: Path) -> str:
    """A path relative to the knowledge folder's parent, for messages."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)
