"""An admin edits the knowledge while the bot runs: valid edits go live, broken ones do not.

Each check of the folder is one call of `check_for_edits`, so the tests decide when the
watcher looks; one test runs the real timed watcher end to end.
"""

import asyncio
import shutil
from pathlib import Path

import pytest
from storagekit import wait_until

import bot.knowledge_watch as watch_module
from bot.config import Settings
from bot.knowledge import KnowledgeError, load_knowledge
from bot.knowledge_watch import (
    WATCHER_TASK,
    KnowledgeHolder,
    check_for_edits,
    fingerprint,
    load_state,
    watching,
)

ROOT = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    shutil.copytree(ROOT, tmp_path / "knowledge")
    return Settings.load(env={}, env_file=tmp_path / "none",
                         knowledge_dir=tmp_path / "knowledge", knowledge_reload_seconds=0.05)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _greeting(holder: KnowledgeHolder) -> str:
    return holder.current.matcher.match("halo").answer


async def test_valid_edit_goes_live_and_broken_edit_is_refused(settings: Settings) -> None:
    holder = KnowledgeHolder(load_state(settings))
    seen = fingerprint(settings.knowledge_dir)
    path = settings.knowledge_dir / "smalltalk.yaml"

    _edit(path, "answer: |\n", "answer: |\n      Salam hangat dari admin.\n")
    seen = await check_for_edits(holder, settings, seen)
    assert _greeting(holder).startswith("Salam hangat dari admin.")
    good = holder.current

    _edit(path, "  - id: smalltalk.salam", "  - id: [smalltalk.salam")
    seen = await check_for_edits(holder, settings, seen)
    assert holder.current is good  # still serving the last valid version
    assert str(holder.problems[0]).startswith("knowledge/smalltalk.yaml:")
    assert _greeting(holder).startswith("Salam hangat")

    _edit(path, "  - id: [smalltalk.salam", "  - id: smalltalk.salam")
    await check_for_edits(holder, settings, seen)
    assert holder.problems == () and holder.current is not good


async def test_nothing_is_reloaded_without_an_edit(settings: Settings) -> None:
    holder = KnowledgeHolder(load_state(settings))
    first = holder.current
    seen = fingerprint(settings.knowledge_dir)
    assert await check_for_edits(holder, settings, seen) == seen
    assert holder.current is first


async def test_the_running_watcher_picks_up_an_edit(settings: Settings) -> None:
    holder = KnowledgeHolder(load_state(settings))
    first = holder.current
    async with watching(holder, settings):
        _edit(settings.knowledge_dir / "smalltalk.yaml", "answer: |\n",
              "answer: |\n      Salam dari pengelola.\n")
        await wait_until(lambda: holder.current is not first)
    assert _greeting(holder).startswith("Salam dari pengelola.")
    assert not [t for t in asyncio.all_tasks() if t.get_name() == WATCHER_TASK]


async def test_reload_off_when_interval_is_zero(settings: Settings) -> None:
    settings = settings.model_copy(update={"knowledge_reload_seconds": 0})
    holder = KnowledgeHolder(load_state(settings))
    async with watching(holder, settings):
        assert not [t for t in asyncio.all_tasks() if t.get_name() == WATCHER_TASK]


async def test_an_unexpected_error_does_not_stop_the_watcher(
        settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    holder = KnowledgeHolder(load_state(settings))
    first = holder.current
    real = watch_module.load_state
    calls = []

    def flaky(s: Settings, served=None):
        calls.append(1)
        if len(calls) == 1:  # an editor's save removed the file for a moment
            raise FileNotFoundError("smalltalk.yaml")
        return real(s, served)

    monkeypatch.setattr(watch_module, "load_state", flaky)
    seen = fingerprint(settings.knowledge_dir)
    path = settings.knowledge_dir / "smalltalk.yaml"
    _edit(path, "answer: |\n", "answer: |\n      Satu.\n")
    seen = await check_for_edits(holder, settings, seen)  # does not raise
    assert calls == [1] and holder.current is first
    _edit(path, "Satu.", "Dua.")
    await check_for_edits(holder, settings, seen)
    assert _greeting(holder).startswith("Dua.")


def test_a_yml_file_is_refused_with_advice(settings: Settings) -> None:
    (settings.knowledge_dir / "baru.yml").write_text("entries: []\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="berakhiran .yml"):
        load_knowledge(settings.knowledge_dir)
