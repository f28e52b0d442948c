"""The seeding script behind the report and dashboard benchmarks makes a plausible log."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from botkit import ROOT
from sqlalchemy import Engine

from bot.matcher import Matcher
from bot.reports import ReportFilter, overview, question_log, unanswered_clusters


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # benchmark_reports imports seed_log by name
    spec.loader.exec_module(module)
    return module


def test_a_seeded_log_has_every_kind_of_row(engine: Engine, matcher: Matcher) -> None:
    seeded = load_script("seed_log").seed(engine, 2000, seed_value=7)
    assert seeded.questions == 2000 and seeded.events > 0
    figures = overview(engine, ReportFilter())
    assert figures.total_questions == 2000
    assert all(count > 0 for count in figures.outcomes.values())
    assert 0 < figures.feedback_down < figures.feedback_up
    assert 100 < figures.citizens < 2000
    assert question_log(engine, ReportFilter(search="bus listrik")).total > 0
    gaps = unanswered_clusters(engine, ReportFilter(), matcher, limit=5)
    assert gaps.rows[0].size > 10  # the same gap asked in many spellings


def test_the_benchmark_covers_every_report(matcher: Matcher) -> None:
    load_script("seed_log")
    cases = load_script("benchmark_reports").cases(matcher)
    names = {name for name, _ in cases}
    assert {"overview", "channels", "places", "log page 1", "clusters (warm)"} <= names
