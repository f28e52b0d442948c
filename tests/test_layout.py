"""The layout the README describes: no import cycles, and each package imports only downstream.

Reads every module's imports (including imports inside functions) with `ast`, so a lazy import
cannot hide a cycle or a forbidden dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "cli", "simulator", "dashboard")
# The Telegram glue of the core: the only modules of bot/ that may import telegram or aiohttp.
TELEGRAM_GLUE = frozenset({"bot.app", "bot.telegram_context", "bot.sending",
                           "bot.webhook_receiver", "bot.update_processor"})
WEB_AND_TELEGRAM = ("telegram", "aiohttp", "jinja2")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {module_name(path): path for package in PACKAGES if (ROOT / package).is_dir()
            for path in sorted((ROOT / package).rglob("*.py"))}


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """Every module `path` imports: project modules by full name, others by top-level name."""
    found: set[str] = set()
    package = module_name(path) if path.name == "__init__.py" else \
        module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1]
                                + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules else base)
    return {name if name in modules or name.split(".")[0] not in PACKAGES
            else name.split(".")[0] for name in found}


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: imports_of(path, modules) for name, path in modules.items()}


def test_no_module_imports_itself_through_others(graph: dict[str, set[str]]) -> None:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(name: str) -> None:  # Tarjan's strongly connected components
        index[name] = low[name] = len(index)
        stack.append(name)
        for other in graph.get(name, ()):
            if other not in graph:
                continue
            if other not in index:
                visit(other)
                low[name] = min(low[name], low[other])
            elif other in stack:
                low[name] = min(low[name], index[other])
        if low[name] == index[name]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in graph:
        if name not in index:
            visit(name)
    assert cycles == []


def _importers(graph: dict[str, set[str]], prefixes: tuple[str, ...],
               targets: tuple[str, ...]) -> list[tuple[str, str]]:
    return sorted((name, imported) for name, imported_set in graph.items()
                  if name.split(".")[0] in prefixes for imported in imported_set
                  if imported.split(".")[0] in targets)


def test_the_bot_never_imports_its_front_ends(graph: dict[str, set[str]]) -> None:
    assert _importers(graph, ("bot", "handlers"), ("simulator", "dashboard", "cli")) == []


def test_the_dashboard_needs_no_telegram(graph: dict[str, set[str]]) -> None:
    assert _importers(graph, ("dashboard",), ("telegram", "handlers", "simulator")) == []


def test_the_core_imports_no_telegram_and_no_web_framework(graph: dict[str, set[str]]) -> None:
    offenders = [(name, imported) for name, imported in
                 _importers(graph, ("bot",), WEB_AND_TELEGRAM) if name not in TELEGRAM_GLUE]
    assert offenders == []
