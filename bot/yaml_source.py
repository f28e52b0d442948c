"""Read admin-edited YAML and CSV files, keeping line numbers for error messages.

An admin who breaks a file must be told the file, the line and what to fix, so every mapping
loaded here remembers the line it started on (`line_of`).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the knowledge base, with where it is and how to fix it."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else \
            f"{self.file}: {self.message}"


class LineDict(dict[str, Any]):
    """A dict that remembers the line (1-based) its mapping starts on."""

    line: int = 0


_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ~5x faster


class _LineLoader(_SafeBase):  # type: ignore[misc,valid-type]
    """Safe loader that records line numbers on mappings."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict({str(k): v for k, v in loader.construct_mapping(node, deep=True).items()})
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def line_of(value: Any, default: int = 0) -> int:
    """The line a loaded mapping started on (or `default`)."""
    return getattr(value, "line", default)


def load_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    """Load one YAML file; on a syntax error record a Problem and return None."""
    name = display_name(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, 0, f"cannot read the file ({exc})"))
        return None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        reason = exc.problem or exc.context or "invalid YAML"
        problems.append(Problem(name, line, f"YAML syntax error: {reason}. Check indentation, "
                                "colons and quotes on this line or the one above it."))
    except yaml.YAMLError as exc:
        problems.append(Problem(name, 0, f"YAML error: {exc}"))
    return None


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
                problems.append(Problem(name, 1, f"missing column(s) {', '.join(missing)}; "
                                        f"the header must be {','.join(columns)}"))
                return []
            rows = []
            for row in reader:
                clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
                rows.append((reader.line_num, clean))
            return rows
    except FileNotFoundError:
        problems.append(Problem(name, 0, "file is missing"))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problems.append(Problem(name, 0, f"cannot read the CSV ({exc})"))
    return []


def display_name(path: Path, root: Path) -> str:
    """A path relative to the knowledge folder's parent, for messages."""
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)
