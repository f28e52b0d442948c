"""Staff edits of the served knowledge: checked, written, reloaded live, recorded, undone.

On a copy of the knowledge in tmp, with the history on SQLite and PostgreSQL.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from dashboardkit import T0, Clock
from sqlalchemy import Engine
from storagekit import DOWN_URL

import bot.knowledge_editor as editor_module
from bot.config import Settings
from bot.edit_history import EditAction, edits_of_clusters, find_edit, recent_edits, undone
from bot.knowledge_edit import EditRefused, FileEdit, validate
from bot.knowledge_watch import KnowledgeHolder, load_state
from bot.staff import AuditAction, recent_audit
from bot.storage import StorageUnavailable, create_engine, migrate

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
GAP = "kecamatan boleh ikut sc?"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    shutil.copytree(ROOT, tmp_path / "knowledge")
    return Settings.load(env={}, env_file=tmp_path / "none",
                         knowledge_dir=tmp_path / "knowledge")


@pytest.fixture
def migrated(engine: Engine) -> Engine:
    migrate(engine)
    return engine


@pytest.fixture
def holder(settings: Settings) -> KnowledgeHolder:
    return KnowledgeHolder(load_state(settings))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def editor(holder: KnowledgeHolder, settings: Settings, migrated: Engine,
           clock: Clock) -> editor_module.KnowledgeEditor:
    return editor_module.KnowledgeEditor(holder, settings, migrated, clock=clock)


def answered(holder: KnowledgeHolder, question: str) -> str | None:
    result = holder.current.matcher.match(question)
    return result.entry_id if result.outcome == "answer" else None


async def test_an_accepted_question_is_answered_at_once_and_the_edit_recorded(
        editor: editor_module.KnowledgeEditor, holder: KnowledgeHolder, migrated: Engine,
        settings: Settings) -> None:
    assert answered(holder, GAP) is None
    record = await editor.add_examples("siti", "program.cara-bergabung", (GAP,),
                                       cluster_key="k1", address="127.0.0.1")
    assert answered(holder, GAP) == "program.cara-bergabung"
    assert record.knowledge_version == holder.current.matcher.kb.version
    [listed] = recent_edits(migrated)
    assert (listed.staff_name, listed.action, listed.file, listed.entry_id, listed.created_at) \
        == ("siti", "add_examples", "program.yaml", "program.cara-bergabung", T0)
    assert f"+      - {GAP}\n" in listed.diff and listed.diff.startswith("--- a/program.yaml")
    assert listed.before_text == ""  # listings leave the old file out
    [audit] = recent_audit(migrated, action=AuditAction.KNOWLEDGE_EDIT)
    assert audit.staff_name == "siti" and record.id in (audit.detail or "")
    assert edits_of_clusters(migrated, ["k1", "k2"]).keys() == {"k1"}


async def test_undo_restores_the_file_byte_for_byte_and_is_recorded(
        editor: editor_module.KnowledgeEditor, holder: KnowledgeHolder, migrated: Engine,
        settings: Settings, clock: Clock) -> None:
    path = settings.knowledge_dir / "program.yaml"
    original = path.read_bytes()
    edit = await editor.add_examples("siti", "program.cara-bergabung", (GAP,), cluster_key="k1")
    clock.advance(minutes=5)
    back = await editor.undo("budi", edit.id)
    assert path.read_bytes() == original
    assert answered(holder, GAP) is None  # the bot serves the restored file at once
    assert (back.action, back.undo_of, back.staff_name) == (EditAction.UNDO, edit.id, "budi")
    assert "-      - " + GAP in back.diff
    assert undone(migrated, [edit.id])[edit.id].id == back.id
    assert edits_of_clusters(migrated, ["k1"]) == {}  # the cluster is open again
    with pytest.raises(EditRefused, match="sudah diurungkan oleh budi"):
        await editor.undo("siti", edit.id)
    with pytest.raises(EditRefused, match="sendiri sebuah pengurungan"):
        await editor.undo("siti", back.id)
    assert [r.action for r in recent_edits(migrated)] == ["undo", "add_examples"]
    assert len(recent_audit(migrated, action=AuditAction.KNOWLEDGE_EDIT)) == 2


async def test_undo_is_refused_once_the_file_changed_since(
        editor: editor_module.KnowledgeEditor, settings: Settings, holder: KnowledgeHolder,
        migrated: Engine) -> None:
    first = await editor.add_examples("siti", "program.cara-bergabung", (GAP,))
    await editor.add_examples("siti", "program.biaya", ("ongkos konsultan masterplan siapa",))
    after_both = (settings.knowledge_dir / "program.yaml").read_bytes()
    with pytest.raises(EditRefused, match="urungkan dulu suntingan yang lebih baru"):
        await editor.undo("siti", first.id)
    assert (settings.knowledge_dir / "program.yaml").read_bytes() == after_both
    assert answered(holder, GAP) == "program.cara-bergabung"
    assert len(recent_edits(migrated)) == 2


async def test_a_refused_edit_writes_and_records_nothing(
        editor: editor_module.KnowledgeEditor, settings: Settings, holder: KnowledgeHolder,
        migrated: Engine) -> None:
    before = (settings.knowledge_dir / "program.yaml").read_bytes()
    served = holder.current
    with pytest.raises(EditRefused, match="program.apa-itu"):
        await editor.add_examples("siti", "program.cara-bergabung", ("apa itu smart city",))
    assert (settings.knowledge_dir / "program.yaml").read_bytes() == before
    assert holder.current is served
    assert recent_edits(migrated) == []


@pytest.fixture
def hand_edit_during_check(monkeypatch: pytest.MonkeyPatch,
                           settings: Settings) -> Iterator[Path]:
    """An admin saves a broken file by hand just after the edit was checked."""
    broken = settings.knowledge_dir / "smalltalk.yaml"

    def check_then_break(root: Path, edit: FileEdit) -> None:
        validate(root, edit)
        broken.write_text(broken.read_text(encoding="utf-8").replace(
            "  - id: smalltalk.salam", "  - id: [smalltalk.salam", 1), encoding="utf-8")

    monkeypatch.setattr(editor_module, "validate", check_then_break)
    yield broken


async def test_an_edit_the_reload_refuses_is_put_back(
        editor: editor_module.KnowledgeEditor, settings: Settings, holder: KnowledgeHolder,
        migrated: Engine, hand_edit_during_check: Path) -> None:
    path = settings.knowledge_dir / "program.yaml"
    before = path.read_bytes()
    served = holder.current
    with pytest.raises(EditRefused) as refused:
        await editor.add_examples("siti", "program.cara-bergabung", (GAP,))
    assert refused.value.messages[0].startswith("knowledge/smalltalk.yaml:")
    assert path.read_bytes() == before and holder.current is served
    assert recent_edits(migrated) == []


async def test_an_edit_that_cannot_be_recorded_is_put_back(
        holder: KnowledgeHolder, settings: Settings) -> None:
    down = create_engine(DOWN_URL, timeout=2)
    try:
        editor = editor_module.KnowledgeEditor(holder, settings, down)
        before = (settings.knowledge_dir / "program.yaml").read_bytes()
        with pytest.raises(StorageUnavailable):
            await editor.add_examples("siti", "program.cara-bergabung", (GAP,))
        assert (settings.knowledge_dir / "program.yaml").read_bytes() == before
        assert answered(holder, GAP) is None
    finally:
        down.dispose()


async def test_find_edit_keeps_the_old_file_exactly(
        editor: editor_module.KnowledgeEditor, settings: Settings, migrated: Engine) -> None:
    before = (settings.knowledge_dir / "program.yaml").read_bytes().decode("utf-8")
    record = await editor.add_examples("siti", "program.cara-bergabung", (GAP,))
    found = find_edit(migrated, record.id)
    assert found is not None and found.before_text == before
    assert find_edit(migrated, "0" * 32) is None
