"""Reload the knowledge base while the bot runs, without ever serving a broken edit.

Admins edit YAML and CSV files in place. Every few seconds the watcher compares the files'
sizes and modification times; when they change it builds a new matcher off the event loop,
and swaps it in with one assignment only if the whole knowledge base is valid. A broken edit
is logged with file, line and reason, and the bot keeps answering from the last good version.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.background import running
from bot.callback_data import EntryCodes
from bot.config import Settings
from bot.knowledge import KnowledgeError, load_knowledge
from bot.matcher import Matcher
from bot.yaml_source import Problem

logger = logging.getLogger(__name__)

WATCHED_SUFFIXES = frozenset({".yaml", ".yml", ".csv"})  # .yml is refused by the check
WATCHER_TASK = "knowledge-watcher"
Fingerprint = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class LoadedKnowledge:
    """One validated knowledge version: the matcher and the button codes of its entries."""

    matcher: Matcher
    codes: EntryCodes


def load_state(settings: Settings) -> LoadedKnowledge:
    """Load and validate KNOWLEDGE_DIR (raises KnowledgeError) and build the matcher."""
    matcher = Matcher(load_knowledge(settings.knowledge_dir), operator=settings.bot_operator,
                      retention_days=settings.log_retention_days)
    return LoadedKnowledge(matcher, EntryCodes(matcher.kb.entries))


class KnowledgeHolder:
    """The knowledge the bot serves now; replaced whole, never changed in place."""

    def __init__(self, loaded: LoadedKnowledge) -> None:
        self.current = loaded
        self.problems: tuple[Problem, ...] = ()  # of the last refused reload

    def swap(self, loaded: LoadedKnowledge) -> None:
        """Serve `loaded` from now on."""
        self.current = loaded
        self.problems = ()


def fingerprint(root: Path) -> Fingerprint:
    """Names, sizes and modification times of the knowledge files (cheap to compute)."""
    items = []
    for path in sorted(root.rglob("*")):
        if path.suffix in WATCHED_SUFFIXES and path.is_file():
            stat = path.stat()
            items.append((str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns))
    return tuple(items)


async def reload(holder: KnowledgeHolder, settings: Settings) -> bool:
    """Build the knowledge base anew and swap it in if valid; return True on a swap."""
    try:
        loaded = await asyncio.to_thread(load_state, settings)
    except KnowledgeError as exc:
        holder.problems = tuple(exc.problems)
        logger.error("Knowledge edit refused; still serving version %s. Fix and save again:\n%s",
                     holder.current.matcher.kb.version, exc)
        return False
    old = holder.current.matcher.kb.version
    holder.swap(loaded)
    logger.info("Knowledge reloaded: version %s -> %s (%d entries)", old,
                loaded.matcher.kb.version, len(loaded.matcher.kb.entries))
    return True


async def check_for_edits(holder: KnowledgeHolder, settings: Settings,
                          seen: Fingerprint) -> Fingerprint:
    """Reload if the files changed since `seen`; return what was seen now. Never raises."""
    root = settings.knowledge_dir
    try:
        now = await asyncio.to_thread(fingerprint, root)
    except OSError as exc:  # the folder is being replaced: try again next time
        logger.warning("Cannot read %s: %s", root, exc)
        return seen
    if now != seen:
        try:
            await reload(holder, settings)
        except Exception:  # an editor's half-saved file must not stop the watcher
            logger.exception("Knowledge reload failed; still serving version %s",
                             holder.current.matcher.kb.version)
    return now


async def watch(holder: KnowledgeHolder, settings: Settings, interval: float,
                seen: Fingerprint) -> None:
    """Look for edits every `interval` seconds, forever."""
    while True:
        await asyncio.sleep(interval)
        seen = await check_for_edits(holder, settings, seen)


@asynccontextmanager
async def watching(holder: KnowledgeHolder, settings: Settings) -> AsyncIterator[None]:
    """Run the watcher while the block runs (disabled when KNOWLEDGE_RELOAD_SECONDS is 0)."""
    interval = settings.knowledge_reload_seconds
    if interval <= 0:
        yield
        return
    seen = fingerprint(settings.knowledge_dir)  # before yielding: no edit can slip through
    async with running(watch(holder, settings, interval, seen), WATCHER_TASK):
        yield
