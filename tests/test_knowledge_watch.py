"""An admin edits the knowledge while the bot runs: valid edits go live, broken ones do not."""

import asyncio
import shutil
from pathlib import Path

import pytest

from bot.config import Settings
from bot.knowledge_watch import KnowledgeHolder, load_state, watching

ROOT = Path(__file__).resolve().parent.parent / "knowledge"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    shutil.copytree(ROOT, tmp_path / "knowledge")
    return Settings.load(env={}, env_file=tmp_path / "none",
                         knowledge_dir=tmp_path / "knowledge", knowledge_reload_seconds=0.05)


async def _until(check, limit: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + limit
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


async def test_valid_edit_goes_live_and_broken_edit_is_refused(settings: Settings) -> None:
    holder = KnowledgeHolder(load_state(settings))
    first = holder.current
    path = settings.knowledge_dir / "smalltalk.yaml"
    async with watching(holder, settings):
        _edit(path, "answer: |\n", "answer: |\n      Salam hangat dari admin.\n")
        await _until(lambda: holder.current is not first)
        answer = holder.current.matcher.match("halo").answer
        assert answer.startswith("Salam hangat dari admin.")
        good = holder.current

        _edit(path, "  - id: smalltalk.salam", "  - id: [smalltalk.salam")
        await _until(lambda: holder.problems != ())
        assert holder.current is good  # still serving the last valid version
        assert str(holder.problems[0]).startswith("knowledge/smalltalk.yaml:")
        assert holder.current.matcher.match("halo").answer.startswith("Salam hangat")

        _edit(path, "  - id: [smalltalk.salam", "  - id: smalltalk.salam")
        await _until(lambda: holder.problems == () and holder.current is not good)


async def test_reload_off_when_interval_is_zero(settings: Settings) -> None:
    settings = Settings.load(env={}, env_file=Path("/nonexistent"),
                             knowledge_dir=settings.knowledge_dir, knowledge_reload_seconds=0)
    holder = KnowledgeHolder(load_state(settings))
    first = holder.current
    async with watching(holder, settings):
        _edit(settings.knowledge_dir / "smalltalk.yaml", "answer: |\n", "answer: |\n      Baru.\n")
        await asyncio.sleep(0.2)
    assert holder.current is first


async def test_an_unexpected_error_does_not_stop_the_watcher(settings: Settings,
                                                             monkeypatch) -> None:
    import bot.knowledge_watch as watch_module

    holder = KnowledgeHolder(load_state(settings))
    first = holder.current
    real = watch_module.load_state
    calls = []

    def flaky(s: Settings):
        calls.append(1)
        if len(calls) == 1:  # an editor's save removed the file for a moment
            raise FileNotFoundError("smalltalk.yaml")
        return real(s)

    monkeypatch.setattr(watch_module, "load_state", flaky)
    path = settings.knowledge_dir / "smalltalk.yaml"
    async with watching(holder, settings):
        _edit(path, "answer: |\n", "answer: |\n      Satu.\n")
        await _until(lambda: len(calls) == 1)
        await asyncio.sleep(0.1)
        assert holder.current is first
        _edit(path, "Satu.", "Dua.")
        await _until(lambda: holder.current is not first)
    assert holder.current.matcher.match("halo").answer.startswith("Dua.")


def test_a_yml_file_is_refused_with_advice(settings: Settings) -> None:
    from bot.knowledge import KnowledgeError, load_knowledge

    (settings.knowledge_dir / "baru.yml").write_text("entries: []\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="must end in .yaml"):
        load_knowledge(settings.knowledge_dir)
