"""Engines and schema migrations (engine.py, migrations.py) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, inspect, text
from sqlmodel import SQLModel
from storagekit import DOWN_URL, stored

from bot.storage import (
    MIGRATIONS,
    Migration,
    StorageUnavailable,
    create_engine,
    current_version,
    migrate,
)

LATEST = MIGRATIONS[-1].version


def test_a_sqlite_folder_is_created(tmp_path: Path) -> None:
    made = create_engine(f"sqlite:///{tmp_path / 'a' / 'b' / 'log.db'}")
    assert migrate(made) == MIGRATIONS[-1].version
    made.dispose()
    assert (tmp_path / "a" / "b" / "log.db").is_file()


def test_migrating_a_new_database_matches_the_models(engine: Engine) -> None:
    assert current_version(engine) == 0
    assert migrate(engine) == MIGRATIONS[-1].version
    inspector = inspect(engine)
    for table in ("questions", "button_events"):
        actual = {c["name"]: c["nullable"] for c in inspector.get_columns(table)}
        model = SQLModel.metadata.tables[table]
        expected = {c.name: bool(c.nullable) and not c.primary_key for c in model.columns}
        assert actual == expected


LATEST = MIGRATIONS[-1].version


def test_a_dialect_gets_its_own_statements_too(engine: Engine) -> None:
    migrate(engine)
    indexes = {index["name"] for index in inspect(engine).get_indexes("questions")}
    if engine.dialect.name == "postgresql":  # pg_trgm is available on the test server
        assert "ix_questions_question_trgm" in indexes
    else:
        assert "ix_questions_question_trgm" not in indexes
    presses = {index["name"] for index in inspect(engine).get_indexes("button_events")}
    assert "ix_button_events_query" in presses and "ix_button_events_query_id" not in presses


def test_an_old_database_is_upgraded(engine: Engine) -> None:
    assert migrate(engine, MIGRATIONS[:1]) == 1
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO questions (id, created_at, user_key, chat_type, channel, question, "
            "outcome) VALUES ('old', :now, 'k', 'private', 'private', 'lama', 'answer')"
        ), {"now": datetime(2024, 1, 1)})
    assert migrate(engine) == LATEST
    assert [row["id"] for row in stored(engine)] == ["old"]
    indexes = {index["name"] for index in inspect(engine).get_indexes("questions")}
    assert "ix_questions_created_id" in indexes
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version FROM schema_version")).scalars()
        assert sorted(versions) == [m.version for m in MIGRATIONS]


def test_a_current_database_is_left_alone(engine: Engine) -> None:
    migrate(engine)
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_rest: statements.append(statement))
    assert migrate(engine) == LATEST
    changes = [s for s in statements if s.lstrip().upper().startswith(("INSERT", "ALTER",
                                                                        "CREATE INDEX"))]
    assert changes == []
    assert not any("CREATE TABLE questions" in s for s in statements)


def test_a_failing_migration_changes_nothing(engine: Engine) -> None:
    migrate(engine)
    broken = (*MIGRATIONS, Migration(LATEST + 1, "broken", ("CREATE TABLE extra (x INTEGER)",
                                                             "THIS IS NOT SQL")))
    with pytest.raises(StorageUnavailable, match="cannot migrate"):
        migrate(engine, broken)
    assert current_version(engine) == LATEST
    assert "extra" not in inspect(engine).get_table_names()


def test_a_version_merged_later_is_applied_below_the_highest(engine: Engine) -> None:
    # Versions are reserved per branch: a database may have had 4 before 3 was merged.
    without_three = tuple(m for m in MIGRATIONS if m.version != 3)
    migrate(engine, without_three)
    assert "ix_questions_user_key" not in {i["name"] for i in inspect(engine).get_indexes(
        "questions")}
    assert migrate(engine) == LATEST
    assert "ix_questions_user_key" in {i["name"] for i in inspect(engine).get_indexes(
        "questions")}
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version FROM schema_version")).scalars()
        assert sorted(versions) == [m.version for m in MIGRATIONS]


def test_a_newer_database_is_left_alone(engine: Engine) -> None:
    migrate(engine)
    assert migrate(engine, MIGRATIONS[:1]) == LATEST


def test_migrations_must_be_in_order(tmp_path: Path) -> None:
    made = create_engine(f"sqlite:///{tmp_path / 'log.db'}")
    with pytest.raises(ValueError, match="strictly increasing"):
        migrate(made, (MIGRATIONS[1], MIGRATIONS[0]))
    made.dispose()


def test_migrating_an_unreachable_database_is_a_domain_error() -> None:
    made = create_engine(DOWN_URL)
    with pytest.raises(StorageUnavailable):
        migrate(made)
    made.dispose()
