"""Reload the knowledge base while the bot runs, without ever serving a broken edit.

Admins edit YAML and CSV files in place. Every few seconds the watcher compares the files'
sizes and modification times; when they change it builds a new matcher off the event loop,
and swaps it in with one assignment only if the whole knowledge base is valid. A broken edit
is logged with file, line and reason, and the bot keeps answering from the last good version;
the holder's `on_refused` listener (the admins' alert) hears of each broken version once.
An admin's /muatulang and the SIGHUP signal reload at once, through the same `reload`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bot.background import running
from bot.callback_data import EntryCodes
from bot.config import Settings
from bot.knowledge import KnowledgeError, content_version, load_knowledge
from bot.matcher import Matcher
from bot.yaml_source import Problem

logger = logging.getLogger(__name__)

WATCHED_SUFFIXES = frozenset({".yaml", ".yml", ".csv"})  # .yml is refused by the check
WATCHER_TASK = "knowledge-watcher"
Fingerprint = tuple[tuple[str, int, int], ...]
# Told of a refused edit: (version of the broken files, problems, user who asked, if any).
RefusalListener = Callable[[str, tuple[Problem, ...], int | None], Awaitable[None]]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class LoadedKnowledge:
    """One validated knowledge version: the matcher and the button codes of its entries."""

    matcher: Matcher
    codes: EntryCodes
    loaded_at: dt.datetime = field(default_factory=_now)  # aware, UTC


def load_state(settings: Settings, served: LoadedKnowledge | None = None) -> LoadedKnowledge:
    """Load and validate KNOWLEDGE_DIR (raises KnowledgeError) and build the matcher.

    `served` is the version the bot serves now, if any: a duplicated id is then blamed on the
    copy that differs from it.
    """
    previous = served.matcher.kb.entries if served is not None else None
    matcher = Matcher(load_knowledge(settings.knowledge_dir, previous),
                      operator=settings.bot_operator, retention_days=settings.log_retention_days)
    return LoadedKnowledge(matcher, EntryCodes(matcher.kb.entries))


class KnowledgeHolder:
    """The knowledge the bot serves now; replaced whole, never changed in place."""

    def __init__(self, loaded: LoadedKnowledge) -> None:
        self.current = loaded
        self.problems: tuple[Problem, ...] = ()  # of the last refused reload
        self.refused_version: str | None = None  # the broken files' version, told once
        self.on_refused: RefusalListener | None = None

    def swap(self, loaded: LoadedKnowledge) -> None:
        """Serve `loaded` from now on."""
        self.current = loaded
        self.problems = ()
        self.refused_version = None

    async def refused(self, version: str, problems: tuple[Problem, ...],
                      requested_by: int | None) -> None:
        """Keep a refused edit's problems; tell the listener once per broken version."""
        self.problems = problems
        if version == self.refused_version:
            return
        self.refused_version = version
        if self.on_refused is None:
            return
        try:
            await self.on_refused(version, problems, requested_by)
        except Exception:  # the alert failing must not stop a reload or the watcher
            logger.exception("Could not tell the admins about the refused edit")


def fingerprint(root: Path) -> Fingerprint:
    """Names, sizes and modification times of the knowledge files (cheap to compute)."""
    items = []
    for path in sorted(root.rglob("*")):
        if path.suffix in WATCHED_SUFFIXES and path.is_file():
            stat = path.stat()
            items.append((str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns))
    return tuple(items)


async def reload(holder: KnowledgeHolder, settings: Settings, *,
                 requested_by: int | None = None) -> bool:
    """Build the knowledge base anew and swap it in if valid; return True on a swap.

    Args:
        holder: What the bot serves.
        settings: Where the knowledge is.
        requested_by: The admin who asked (/muatulang); the alert of a refused edit skips
            them, since their reply already says it.
    """
    try:
        loaded = await asyncio.to_thread(load_state, settings, holder.current)
    except KnowledgeError as exc:
        logger.error("Knowledge edit refused; still serving version %s. Fix and save again:\n%s",
                     holder.current.matcher.kb.version, exc)
        version = await asyncio.to_thread(content_version, settings.knowledge_dir)
        await holder.refused(version, tuple(exc.problems), requested_by)
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
        await reload_safely(holder, settings)
    return now


async def reload_safely(holder: KnowledgeHolder, settings: Settings) -> bool:
    """`reload` for the watcher and the signal: an unexpected error is logged, not raised."""
    try:
        return await reload(holder, settings)
    except Exception:  # an editor's half-saved file must not stop the watcher
        logger.exception("Knowledge reload failed; still serving version %s",
                         holder.current.matcher.kb.version)
        return False


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


@asynccontextmanager
async def reload_on_signal(holder: KnowledgeHolder, settings: Settings,
                           signum: int = signal.SIGHUP) -> AsyncIterator[None]:
    """Reload when the process receives `signum` (SIGHUP), while the block runs."""
    loop = asyncio.get_running_loop()
    tasks: set[asyncio.Task[bool]] = set()

    def schedule() -> None:
        logger.info("Signal %s: reloading the knowledge", signal.Signals(signum).name)
        task = loop.create_task(reload_safely(holder, settings))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    loop.add_signal_handler(signum, schedule)
    try:
        yield
    finally:
        loop.remove_signal_handler(signum)
        for task in tasks:
            task.cancel()
