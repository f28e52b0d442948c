"""The whole-stack benchmark script runs end to end with a handful of updates."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from botkit import ROOT


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "benchmark_stack", ROOT / "scripts" / "benchmark_stack.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_every_question_is_answered_and_logged(mode: str) -> None:
    row = await load_script().run_once(mode, "off", 60, 10)
    assert (row["updates"], row["replies"], row["logged"]) == (60, 60, 60)
    assert row["rate"] > 0 and 0 < row["p50"] <= row["p99"] and row["rss_mb"] > 0
