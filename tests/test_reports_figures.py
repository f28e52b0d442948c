"""Overview, series, breakdowns and the question log on a seeded log with known answers."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from reportkit import NOW, asked, press, store
from sqlalchemy import Engine
from storagekit import DOWN_URL

from bot.reports import (
    ReportFilter,
    SchemaMissing,
    button_presses,
    channels,
    entry_detail,
    feedback_by_entry,
    latency,
    outcome_mix,
    overview,
    places,
    question_log,
    suggestion_picks,
    top_entries,
    volume,
    write_csv,
)
from bot.reports.filters import day_start
from bot.storage import StorageUnavailable, create_engine

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

Q1 = asked("apa itu smart city", "answer", entry_id="program.apa-itu", latency_ms=10,
           created_at=NOW - HOUR)
Q2 = asked("Smart city itu apa?", "answer", user="b", entry_id="program.apa-itu",
           channel="group", chat_type="supergroup", latency_ms=20, created_at=NOW - 2 * HOUR)
Q3 = asked("siapa pesertanya", "answer", entry_id="program.jumlah-peserta", channel="inline",
           chat_type="inline", latency_ms=30, created_at=NOW - DAY)
Q4 = asked("/start pilar_daftar", "answer", user="c", entry_id="pilar.daftar",
           channel="deeplink", payload="pilar_daftar", latency_ms=40, created_at=NOW - DAY)
Q5 = asked("biaya atau tujuan", "suggest", user="b", latency_ms=50,
           suggestions=("program.biaya", "program.tujuan"), created_at=NOW - 2 * DAY)
Q6 = asked("kapan bus listrik", "fallback", user="d", latency_ms=100, created_at=NOW - 2 * DAY)
Q7 = asked("halo", "smalltalk", entry_id="smalltalk.salam", latency_ms=5,
           created_at=NOW - 10 * DAY)
Q8 = asked("smart city bandung", "answer", user="c", entry_id="daerah.kota-bandung",
           latency_ms=15, created_at=NOW - 3 * HOUR)
# 00:30 WIB on 10 March, though still 9 March in UTC
Q9 = asked("/start", "command", user="e", latency_ms=None,
           created_at=day_start(date(2026, 3, 10)) + timedelta(minutes=30))
QUESTIONS = (Q1, Q2, Q3, Q4, Q5, Q6, Q7, Q8, Q9)
EVENTS = (press(Q1, "feedback", "up"), press(Q2, "feedback", "down"),
          press(Q3, "feedback", "down"), press(Q5, "suggestion", "program.biaya"),
          press(Q1, "related", "program.tujuan", created_at=NOW - HOUR + timedelta(seconds=5)))
EVERYTHING = ReportFilter()
LAST_WEEK = ReportFilter(start=NOW - 7 * DAY)


@pytest.fixture
def log(log_engine: Engine) -> Engine:
    store(log_engine, [*QUESTIONS, *EVENTS])
    return log_engine


def test_overview_counts_people_outcomes_feedback_and_speed(log: Engine) -> None:
    figures = overview(log, EVERYTHING)
    assert (figures.total_questions, figures.citizens) == (9, 5)
    assert figures.outcomes == {"answer": 5, "suggest": 1, "fallback": 1, "smalltalk": 1,
                                "command": 1, "non_text": 0}
    assert figures.answered_share == pytest.approx(6 / 9)
    assert figures.fallback_share == pytest.approx(1 / 9)
    assert (figures.feedback_up, figures.feedback_down) == (1, 2)
    # latencies 5 10 15 20 30 40 50 100: nearest-rank median is the 4th, p95 the 8th
    assert (figures.latency_median_ms, figures.latency_p95_ms) == (20, 100)
    recent = overview(log, LAST_WEEK)
    assert (recent.total_questions, recent.outcomes["smalltalk"]) == (8, 0)
    json.dumps(figures.as_dict())


def test_filters_narrow_every_figure(log: Engine) -> None:
    assert overview(log, ReportFilter(channels=frozenset({"group"}))).total_questions == 1
    assert overview(log, ReportFilter(feedback="down")).total_questions == 2
    assert overview(log, ReportFilter(feedback="none")).total_questions == 6
    assert overview(log, ReportFilter(entry_id="program.apa-itu")).feedback_down == 1
    assert overview(log, ReportFilter(search="SMART itu")).total_questions == 2
    assert overview(log, ReportFilter(search="100%")).total_questions == 0
    assert overview(log, ReportFilter(outcomes=frozenset({"suggest", "fallback"}))
                    ).total_questions == 2


def test_volume_and_outcome_mix_per_wib_day_zero_filled(log: Engine) -> None:
    week = ReportFilter(start=day_start(date(2026, 3, 7)), end=day_start(date(2026, 3, 11)))
    points = volume(log, week).points
    assert [(p.period_start.isoformat(), p.count) for p in points] == [
        ("2026-03-07", 0), ("2026-03-08", 2), ("2026-03-09", 2), ("2026-03-10", 4)]
    mix = outcome_mix(log, week).periods
    assert mix[-1].counts == {"answer": 3, "suggest": 0, "fallback": 0, "smalltalk": 0,
                              "command": 1, "non_text": 0}
    weeks = volume(log, EVERYTHING, "week").points  # Mondays; 8 March is a Sunday
    assert [(p.period_start.isoformat(), p.count) for p in weeks] == [
        ("2026-02-23", 1), ("2026-03-02", 2), ("2026-03-09", 6)]


def test_breakdowns(log: Engine) -> None:
    assert [tuple(r) for r in channels(log, EVERYTHING).rows] == [
        ("private", None, 6), ("deeplink", "pilar_daftar", 1), ("group", None, 1),
        ("inline", None, 1)]
    assert [tuple(r) for r in top_entries(log, EVERYTHING, limit=2).rows] == [
        ("program.apa-itu", 2), ("daerah.kota-bandung", 1)]
    worst = feedback_by_entry(log, EVERYTHING).rows
    assert [(r.entry_id, r.up, r.down, r.ratio_down) for r in worst] == [
        ("program.jumlah-peserta", 0, 1, 1.0), ("program.apa-itu", 1, 1, 0.5)]
    assert worst[1].down_questions == ("Smart city itu apa?",)
    picks = suggestion_picks(log, EVERYTHING).rows
    assert [tuple(p) for p in picks] == [
        ("program.biaya", ("program.biaya", "program.tujuan"), 1, ("biaya atau tujuan",))]
    private = latency(log, ReportFilter(channels=frozenset({"private"})))
    assert (private.count, private.median_ms, private.p95_ms) == (5, 15, 100)
    assert [tuple(p) for p in places(log, EVERYTHING).rows] == [
        ("daerah.kota-bandung", "daerah", 1)]


def test_question_log_pages_newest_first_with_feedback_and_presses(log: Engine) -> None:
    first = question_log(log, LAST_WEEK, page=1, per_page=3)
    assert (first.total, first.pages) == (8, 3)
    assert [r.id for r in first.rows] == [Q1.id, Q2.id, Q8.id]
    assert (first.rows[0].feedback, first.rows[0].presses) == ("up", 2)
    assert (first.rows[1].feedback, first.rows[2].feedback) == ("down", None)
    last = question_log(log, LAST_WEEK, page=3, per_page=3)
    assert [r.id for r in last.rows] == [Q5.id, Q6.id] or [r.id for r in last.rows] == [
        Q6.id, Q5.id]
    assert question_log(log, LAST_WEEK, page=9).rows == ()
    presses = button_presses(log, Q1.id).rows
    assert [(p.kind, p.value) for p in presses] == [("feedback", "up"),
                                                    ("related", "program.tujuan")]


def test_entry_detail(log: Engine) -> None:
    detail = entry_detail(log, "program.apa-itu", EVERYTHING)
    assert (detail.given, detail.up, detail.down) == (2, 1, 1)
    assert [q.question for q in detail.questions] == ["apa itu smart city", "Smart city itu apa?"]
    assert [tuple(v) for v in detail.versions] == [("v1", 2)]


def test_csv_export_neutralises_formulas(log_engine: Engine) -> None:
    store(log_engine, [asked("=HYPERLINK(\"x\")", created_at=NOW)])
    out = io.StringIO(newline="")
    write_csv(question_log(log_engine, EVERYTHING), out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("id,created_at,channel")
    assert "'=HYPERLINK" in lines[1]


def test_an_unreachable_or_empty_database_is_a_domain_error(tmp_path: Path) -> None:
    down = create_engine(DOWN_URL)
    with pytest.raises(StorageUnavailable):
        overview(down, EVERYTHING)
    down.dispose()
    empty = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(SchemaMissing):
        question_log(empty, EVERYTHING)
    empty.dispose()


def test_an_empty_log_reports_zeros(log_engine: Engine) -> None:
    figures = overview(log_engine, EVERYTHING)
    assert (figures.total_questions, figures.citizens, figures.latency_median_ms) == (0, 0, None)
    assert volume(log_engine, EVERYTHING).points == ()
    assert question_log(log_engine, EVERYTHING).pages == 1
