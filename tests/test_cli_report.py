"""`smartcity-bot report`: the query log summary printed for staff."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from botkit import make_settings

from bot.storage import (
    MIGRATIONS,
    EventRecord,
    QueryLog,
    QuestionRecord,
    create_engine,
    current_version,
    migrate,
)
from cli.report import print_report


async def fill(database_url: str, spool: Path) -> None:
    async with QueryLog(database_url, spool) as log:
        answered = QuestionRecord(user_key="k", chat_type="private", channel="private",
                                  question="apa itu smart city", outcome="answer",
                                  entry_id="program.apa-itu")
        log.record(answered)
        log.record(QuestionRecord(user_key="k", chat_type="private", channel="private",
                                  question="resep rendang", outcome="fallback"))
        log.record(EventRecord(user_key="k", kind="feedback", query_id=answered.id, value="up"))


async def test_the_report_as_text_and_json(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    await fill(settings.database_url.get_secret_value(), settings.spool_path)
    out = io.StringIO()
    assert print_report(settings, out=out) == 0
    text = out.getvalue()
    assert text.startswith("Questions: 2\n")
    assert "Feedback: 1 helpful, 0 not helpful" in text
    assert "program.apa-itu: 1 times (1 up, 0 down)" in text
    assert "1 x resep rendang" in text
    out = io.StringIO()
    assert print_report(settings, as_json=True, out=out) == 0
    data = json.loads(out.getvalue())
    assert (data["total_questions"], data["feedback_up"]) == (2, 1)


def test_a_database_the_bot_never_created_is_named_and_left_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(tmp_path)
    assert print_report(settings) == 1
    assert "no tables yet; start the bot once" in capsys.readouterr().err
    engine = create_engine(settings.database_url.get_secret_value())
    assert current_version(engine) == 0  # the report created nothing
    engine.dispose()


def test_an_old_schema_is_named_and_left_alone(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(tmp_path)
    engine = create_engine(settings.database_url.get_secret_value())
    migrate(engine, MIGRATIONS[:1])
    assert print_report(settings) == 1
    err = capsys.readouterr().err
    assert f"version 1 but this program needs version {MIGRATIONS[-1].version}" in err
    assert current_version(engine) == 1
    engine.dispose()


def test_an_empty_log_reports_zero(tmp_path: Path) -> None:
    settings = make_settings(tmp_path)
    engine = create_engine(settings.database_url.get_secret_value())
    migrate(engine)  # as the bot does at start
    engine.dispose()
    out = io.StringIO()
    assert print_report(settings, out=out) == 0
    assert out.getvalue().startswith("Questions: 0")


def test_an_unreachable_database_is_exit_code_1(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    settings = make_settings(tmp_path, database_url="postgresql://postgres:pw@127.0.0.1:1/x")
    assert print_report(settings) == 1
    err = capsys.readouterr().err
    assert "unavailable" in err and "pw" not in err
